package io.parley.cluster.redis;

import java.time.Duration;
import java.util.Objects;

/**
 * One token bucket: holds up to {@code capacity} tokens and gains {@code refillTokens} every {@code
 * period}, smoothly (Bucket4j's greedy refill) — the same inputs as the embedded limiter.
 */
public record BucketLimit(int capacity, int refillTokens, Duration period) {

  public BucketLimit {
    Objects.requireNonNull(period, "period");
    if (capacity < 1) throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
    if (refillTokens < 1) {
      throw new IllegalArgumentException("refillTokens must be >= 1, was " + refillTokens);
    }
    if (period.isZero() || period.isNegative()) {
      throw new IllegalArgumentException("period must be positive, was " + period);
    }
  }

  /** How long an empty bucket takes to be full again. */
  public Duration refillTime() {
    return Duration.ofNanos((long) Math.ceil((double) period.toNanos() * capacity / refillTokens));
  }
}
