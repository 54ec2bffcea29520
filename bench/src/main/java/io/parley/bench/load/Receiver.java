package io.parley.bench.load;

import io.parley.client.CloseEvent;
import io.parley.client.ConnectionListener;
import io.parley.client.ErrorFrame;
import io.parley.client.Message;
import java.time.Duration;
import java.util.BitSet;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntConsumer;

/**
 * The receiving side of one virtual user: checks every message it gets against the run's ledger
 * (duplicates, order per sender and conversation) and records delivery latency. Runs on the
 * connection's event loop: one thread at a time, so its own state needs no locks.
 */
public final class Receiver implements ConnectionListener {
  /** How the run's messages are addressed: to users (1:1) or to groups. */
  public interface Addressing {
    /** Deliveries a message to {@code group} expects (-1: a 1:1 message, which expects 1). */
    int expected(int group);

    /** The conversation key of the sender's messages as this receiver sees them. */
    int orderKey(int sender, int group);

    /**
     * Calls {@code recipient} with the user index of every recipient of a message from {@code
     * sender} to {@code target} (the receiving user's index for 1:1, else the group's).
     */
    void recipients(int sender, int target, IntConsumer recipient);
  }

  private final String userId;
  private final String runId;
  private final Ledger ledger;
  private final Counters counters;
  private final LatencyStat eachDelivery;
  private final LatencyStat lastDelivery;
  private final Window window;
  private final Addressing addressing;
  private final LongAdder echoes;
  private final LongAdder delivered;
  private final LongAdder completed;
  private final LongAdder completedInWindow;
  private final IntIntMap lastSeq = new IntIntMap();
  private final IntIntMap lastServerSeq = new IntIntMap();
  private final BitSet seen;

  /**
   * @param lastDelivery recorded when the last expected recipient got a message (null: not tracked)
   * @param trackSeen remember every message number received (groups: several recipients per
   *     message, so the ledger's count cannot tell repeats)
   */
  public Receiver(
      String userId,
      String runId,
      Ledger ledger,
      Counters counters,
      LatencyStat eachDelivery,
      LatencyStat lastDelivery,
      Window window,
      Addressing addressing,
      boolean trackSeen) {
    this.userId = userId;
    this.runId = runId;
    this.ledger = ledger;
    this.counters = counters;
    this.eachDelivery = eachDelivery;
    this.lastDelivery = lastDelivery;
    this.window = window;
    this.addressing = addressing;
    this.seen = trackSeen ? new BitSet() : null;
    this.echoes = counters.counter("echoes");
    this.delivered = counters.counter("delivered");
    this.completed = counters.counter("completed");
    this.completedInWindow = counters.counter("completed_in_window");
  }

  @Override
  public void onMessage(Message message, long receivedNanos) {
    if (userId.equals(message.senderId())) {
      echoes.increment(); // the sender's own copy, on its own connection
      return;
    }
    Content c = Content.parse(message.content(), runId);
    if (c == null || !ledger.known(c.msgNo())) {
      counters.increment("foreign");
      return;
    }
    if (seen != null) {
      synchronized (seen) { // read by the check after the drain (received)
        if (seen.get(c.msgNo())) {
          counters.increment("duplicates");
          return;
        }
        seen.set(c.msgNo());
      }
    }
    int count = ledger.delivered(c.msgNo());
    int expected = addressing.expected(c.group());
    if (seen == null && count > expected) {
      counters.increment("duplicates");
      return;
    }
    int key = addressing.orderKey(c.sender(), c.group());
    int serverSeq = (int) message.seq();
    int lastServer = lastServerSeq.get(key);
    if (serverSeq < lastServer) {
      counters.increment("out_of_server_order"); // delivered against the conversation's seq
    } else {
      lastServerSeq.put(key, serverSeq);
    }
    int last = lastSeq.get(key);
    if (c.seq() < last) {
      counters.increment("out_of_order"); // against the order the sender sent them in
      if (counters.get("out_of_order") <= 5) {
        counters.note(
            String.format(
                "out of order at user %s: sender #%d seq %d after seq %d (server seq %d after %d)",
                userId, c.sender(), c.seq(), last, serverSeq, lastServer));
      }
    } else {
      lastSeq.put(key, c.seq());
    }
    delivered.increment();
    eachDelivery.record(c.intendedNanos(), receivedNanos);
    if (count == expected) {
      completed.increment();
      if (window.contains(receivedNanos)) {
        completedInWindow.increment(); // throughput: completions while the window runs
      }
      if (lastDelivery != null) {
        lastDelivery.record(c.intendedNanos(), receivedNanos);
      }
    }
  }

  /**
   * Whether this receiver got message {@code msgNo} live; callable from any thread. Without {@code
   * trackSeen} (1:1) this receiver is the message's only recipient, so the ledger's count tells.
   */
  public boolean received(int msgNo) {
    if (seen == null) {
      return ledger.deliveredCount(msgNo) > 0;
    }
    synchronized (seen) {
      return seen.get(msgNo);
    }
  }

  @Override
  public void onClose(CloseEvent event) {
    counters.increment(event.reconnecting() ? "drops" : "closes");
    counters.increment("close_code_" + event.code());
  }

  @Override
  public void onReconnecting(int attempt, Duration delay) {
    counters.increment("reconnect_attempts");
  }

  @Override
  public void onResumed(int delivered) {
    counters.increment("resumes");
    counters.add("resumed_messages", delivered);
  }

  @Override
  public void onError(ErrorFrame error) {
    counters.error("frame:" + error.code());
  }
}
