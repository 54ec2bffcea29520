package io.parley.core.id;

import java.time.Clock;

/**
 * Generates 64-bit, time-ordered ids: 41 bits of milliseconds since {@link #EPOCH_MILLIS}, 10
 * bits of node id and 12 bits of sequence within the millisecond.
 *
 * <p>Ids from one generator are strictly increasing, even when the clock steps back: the
 * generator then keeps counting from its last id. Not thread-safe by design: each id is drawn by a
 * single writer (the store's commit thread, or one per node), which is what makes them ordered.
 */
public final class IdGenerator {

  /** 2024-01-01T00:00:00Z. */
  public static final long EPOCH_MILLIS = 1_704_067_200_000L;

  public static final int NODE_BITS = 10;
  public static final int SEQUENCE_BITS = 12;
  public static final int MAX_NODE = (1 << NODE_BITS) - 1;

  private static final long SEQUENCE_MASK = (1L << SEQUENCE_BITS) - 1;
  private static final int TIMESTAMP_SHIFT = NODE_BITS + SEQUENCE_BITS;

  private final Clock clock;
  private final long nodeBits;
  private long last;

  public IdGenerator(Clock clock, int nodeId) {
    if (nodeId < 0 || nodeId > MAX_NODE) {
      throw new IllegalArgumentException("node id must be in 0.." + MAX_NODE + ": " + nodeId);
    }
    this.clock = clock;
    this.nodeBits = (long) nodeId << SEQUENCE_BITS;
  }

  /** Continues after {@code lastIssued}, e.g. the highest id found in storage at start-up. */
  public void advancePast(long lastIssued) {
    last = Math.max(last, lastIssued);
  }

  public long next() {
    long candidate = ((clock.millis() - EPOCH_MILLIS) << TIMESTAMP_SHIFT) | nodeBits;
    if (candidate <= last) {
      // Same millisecond, or the clock stepped back: count on within the last id's millisecond,
      // borrowing the next millisecond when the sequence is spent.
      long lastMillis = last >>> TIMESTAMP_SHIFT;
      candidate = (lastMillis << TIMESTAMP_SHIFT) | nodeBits | ((last & SEQUENCE_MASK) + 1);
      if ((last & SEQUENCE_MASK) == SEQUENCE_MASK || candidate <= last) {
        candidate = ((lastMillis + 1) << TIMESTAMP_SHIFT) | nodeBits;
      }
    }
    last = candidate;
    return candidate;
  }

  /** The lowest possible id generated at or after {@code epochMillis}. */
  public static long lowestIdAt(long epochMillis) {
    long millis = Math.max(0, epochMillis - EPOCH_MILLIS);
    return millis << TIMESTAMP_SHIFT;
  }

  public static long timestampOf(long id) {
    return (id >>> TIMESTAMP_SHIFT) + EPOCH_MILLIS;
  }
}
