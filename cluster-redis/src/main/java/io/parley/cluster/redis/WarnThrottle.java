package io.parley.cluster.redis;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * Logs a failure at WARN at most once per interval, with how many were suppressed since, so a Redis
 * outage under load writes a few lines instead of one per event.
 */
final class WarnThrottle {

  static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

  private final Logger log;
  private final long intervalNanos;
  private final AtomicLong nextNanos = new AtomicLong(System.nanoTime());
  private final AtomicLong suppressed = new AtomicLong();

  WarnThrottle(Logger log) {
    this(log, DEFAULT_INTERVAL);
  }

  WarnThrottle(Logger log, Duration interval) {
    this.log = log;
    this.intervalNanos = interval.toNanos();
  }

  /** Logs {@code what}, with {@code error} (may be null) summed up in one line. */
  void warn(String what, Throwable error) {
    long now = System.nanoTime();
    long next = nextNanos.get();
    if (now - next < 0 || !nextNanos.compareAndSet(next, now + intervalNanos)) {
      suppressed.incrementAndGet();
      return;
    }
    long skipped = suppressed.getAndSet(0);
    log.warn("{} ({}; {} more like it suppressed)", what, describe(error), skipped);
  }

  private static String describe(Throwable error) {
    if (error == null) return "no further detail";
    Throwable cause = error;
    while (cause.getCause() != null && cause.getMessage() == null) cause = cause.getCause();
    return cause.getClass().getSimpleName() + ": " + cause.getMessage();
  }
}
