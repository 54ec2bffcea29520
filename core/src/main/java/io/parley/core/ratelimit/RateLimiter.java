package io.parley.core.ratelimit;

import java.time.Duration;
import java.util.Optional;

/** Port: token-bucket rate limits, per scope (e.g. "send") and key (a user id, a client IP). */
public interface RateLimiter {

  RateLimiter UNLIMITED = (scope, key) -> Optional.empty();

  /** Takes one token; empty if allowed, otherwise how long until one is available. */
  Optional<Duration> tryAcquire(Scope scope, String key);

  /** What is being limited. */
  enum Scope {
    SEND_PER_USER,
    SEND_PER_IP,
    AUTH_PER_IP,
    REQUEST_PER_USER
  }
}
