package io.parley.store.cassandra;

/**
 * How the gapless logs are cut into bounded partitions: position {@code p} of a conversation log
 * lives in bucket {@code p / logSize}, of an inbox in bucket {@code p / inboxSize} (ADR 005).
 * Positions start at 1, so bucket 0 holds one position fewer than the others.
 *
 * <p>Every node of a cluster must use the same sizes; only tests choose smaller ones, to cross
 * bucket boundaries with few messages.
 */
record Buckets(long logSize, long inboxSize) {

  static final long DEFAULT_LOG_SIZE = 10_000;
  static final long DEFAULT_INBOX_SIZE = 100_000;
  static final Buckets DEFAULT = new Buckets(DEFAULT_LOG_SIZE, DEFAULT_INBOX_SIZE);

  Buckets {
    if (logSize < 2 || inboxSize < 2) throw new IllegalArgumentException("bucket size below 2");
  }

  /** The bucket of {@code position} in a log cut every {@code size} positions. */
  static long bucketOf(long position, long size) {
    return position / size;
  }

  /** Whether {@code position} is the last one of its bucket. */
  static boolean isLastOfBucket(long position, long size) {
    return (position + 1) % size == 0;
  }
}
