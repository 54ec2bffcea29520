package io.parley.bench.load;

import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Every message of a run by its number: who sent it, how many deliveries it expects, whether it was
 * acknowledged and how many recipients got it. Bounded: a run sends at most {@link #capacity()}
 * messages. The sender fields are written by the one scheduling thread before the send; states and
 * delivery counts are atomic (acks and deliveries arrive on event loops).
 */
public final class Ledger {
  public static final int NOT_SENT = 0;
  public static final int SENT = 1;
  public static final int ACKED = 2;
  public static final int FAILED = 3;

  /** What a scan of the ledger found. */
  public record Tally(
      long sent,
      long acked,
      long failed,
      long unanswered,
      long lostDeliveries,
      long lostMessages,
      long deliveredWithoutAck) {
    public boolean settled() {
      return unanswered == 0 && lostDeliveries == 0;
    }
  }

  private final int capacity;
  private final int[] sender;
  private final int[] target;
  private final int[] expected;
  private final AtomicIntegerArray state;
  private final AtomicIntegerArray delivered;
  private volatile int issued;

  public Ledger(int capacity) {
    this.capacity = capacity;
    this.sender = new int[capacity];
    this.target = new int[capacity];
    this.expected = new int[capacity];
    this.state = new AtomicIntegerArray(capacity);
    this.delivered = new AtomicIntegerArray(capacity);
  }

  public int capacity() {
    return capacity;
  }

  /** Called by the scheduling thread, in order, before the message goes out. */
  public void issue(int msgNo, int senderIndex, int targetIndex, int expectedDeliveries) {
    sender[msgNo] = senderIndex;
    target[msgNo] = targetIndex;
    expected[msgNo] = expectedDeliveries;
    state.set(msgNo, SENT);
    issued = msgNo + 1;
  }

  public int issued() {
    return issued;
  }

  /** The send was answered; false if it was answered already. */
  public boolean answer(int msgNo, boolean ok) {
    return state.compareAndSet(msgNo, SENT, ok ? ACKED : FAILED);
  }

  /** One more recipient got message {@code msgNo}; answers how many have now. */
  public int delivered(int msgNo) {
    return delivered.incrementAndGet(msgNo);
  }

  public boolean known(int msgNo) {
    return msgNo >= 0 && msgNo < issued;
  }

  public int target(int msgNo) {
    return target[msgNo];
  }

  public int sender(int msgNo) {
    return sender[msgNo];
  }

  public int state(int msgNo) {
    return state.get(msgNo);
  }

  /** Deliveries message {@code msgNo} expects. */
  public int expected(int msgNo) {
    return expected[msgNo];
  }

  public int deliveredCount(int msgNo) {
    return delivered.get(msgNo);
  }

  /**
   * Counts what is still open: sends without an answer and acknowledged messages that some
   * recipient has not received live (once the drain is over, late or lost: the recipients'
   * histories tell, see {@code UndeliveredCheck}).
   */
  public Tally tally() {
    int n = issued;
    long acked = 0;
    long failed = 0;
    long unanswered = 0;
    long lostDeliveries = 0;
    long lostMessages = 0;
    long deliveredWithoutAck = 0;
    for (int k = 0; k < n; k++) {
      int s = state.get(k);
      int got = delivered.get(k);
      if (s == ACKED) {
        acked++;
        int missing = expected[k] - Math.min(got, expected[k]);
        if (missing > 0) {
          lostDeliveries += missing;
          lostMessages++;
        }
      } else if (s == FAILED) {
        failed++;
        if (got > 0) {
          deliveredWithoutAck++;
        }
      } else {
        unanswered++;
      }
    }
    return new Tally(
        n, acked, failed, unanswered, lostDeliveries, lostMessages, deliveredWithoutAck);
  }
}
