package io.parley.client;

import java.time.Duration;

/** Exponential backoff with jitter: attempt n waits up to initial * 2^(n-1), capped at max. */
final class Backoff {
  private final long initialMs;
  private final long maxMs;
  private final double jitter;
  private int attempt;

  Backoff(Duration initial, Duration max, double jitter) {
    this.initialMs = initial.toMillis();
    this.maxMs = Math.max(initialMs, max.toMillis());
    this.jitter = jitter;
  }

  /**
   * Counts one more attempt and returns how long to wait before it.
   *
   * @param random uniformly drawn from [0, 1)
   */
  long nextDelayMs(double random) {
    attempt++;
    int shift = Math.min(attempt - 1, 30);
    long exp = Math.min(maxMs, initialMs << shift);
    if (exp < 0) {
      exp = maxMs;
    }
    return Math.max(1, Math.round(exp * (1 - jitter * random)));
  }

  /** Attempts counted since the last {@link #reset()}. */
  int attempts() {
    return attempt;
  }

  void reset() {
    attempt = 0;
  }
}
