package io.parley.core.ratelimit;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Port: token-bucket rate limits, per scope (e.g. "send") and key (a user id, a client IP).
 *
 * <p>Asynchronous because a limit shared by several nodes lives elsewhere (Redis): taking the token
 * there is a round trip, and callers run on event loops that must not wait for it. A local limiter
 * answers an already completed stage.
 */
public interface RateLimiter {

  /** The answer that allows, already complete (safe to share: it cannot be completed again). */
  CompletionStage<Optional<Duration>> ALLOWED = CompletableFuture.completedStage(Optional.empty());

  RateLimiter UNLIMITED = (scope, key) -> ALLOWED;

  /**
   * Takes one token; completes with empty if allowed, otherwise with how long until one is
   * available.
   */
  CompletionStage<Optional<Duration>> tryAcquire(Scope scope, String key);

  /** What is being limited. */
  enum Scope {
    SEND_PER_USER,
    SEND_PER_IP,
    AUTH_PER_IP,
    REQUEST_PER_USER
  }
}
