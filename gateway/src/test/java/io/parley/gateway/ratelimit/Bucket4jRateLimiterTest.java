package io.parley.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.core.ratelimit.RateLimiter.Scope;
import io.parley.gateway.RateLimitConfig;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class Bucket4jRateLimiterTest {

  private static RateLimitConfig config() {
    return new RateLimitConfig(true, 1, 3, 1000, 1000, 1, 2);
  }

  @Test
  void burstIsAllowedThenRefusedWithRetryAfter() {
    try (var limiter = new Bucket4jRateLimiter(config())) {
      for (int i = 0; i < 3; i++) {
        assertThat(acquire(limiter, Scope.SEND_PER_USER, "u1")).isEmpty();
      }
      Optional<Duration> wait = acquire(limiter, Scope.SEND_PER_USER, "u1");
      assertThat(wait).isPresent();
      assertThat(wait.get()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(1));
    }
  }

  @Test
  void keysAndScopesHaveSeparateBuckets() {
    try (var limiter = new Bucket4jRateLimiter(config())) {
      for (int i = 0; i < 3; i++) acquire(limiter, Scope.SEND_PER_USER, "u1");
      assertThat(acquire(limiter, Scope.SEND_PER_USER, "u1")).isPresent();
      assertThat(acquire(limiter, Scope.SEND_PER_USER, "u2")).isEmpty();
      assertThat(acquire(limiter, Scope.AUTH_PER_IP, "u1")).isEmpty();
    }
  }

  @Test
  void authLimitIsPerMinute() {
    try (var limiter = new Bucket4jRateLimiter(config())) {
      assertThat(acquire(limiter, Scope.AUTH_PER_IP, "1.2.3.4")).isEmpty();
      assertThat(acquire(limiter, Scope.AUTH_PER_IP, "1.2.3.4")).isEmpty();
      Optional<Duration> wait = acquire(limiter, Scope.AUTH_PER_IP, "1.2.3.4");
      assertThat(wait).get().matches(d -> d.compareTo(Duration.ofSeconds(30)) > 0);
    }
  }

  @Test
  void disabledLimiterAllowsEverything() {
    try (var limiter = new Bucket4jRateLimiter(config().withEnabled(false))) {
      for (int i = 0; i < 100; i++) {
        assertThat(acquire(limiter, Scope.SEND_PER_USER, "u1")).isEmpty();
      }
      assertThat(limiter.size()).isZero();
    }
  }

  @Test
  void unconfiguredScopeIsUnlimited() {
    try (var limiter = new Bucket4jRateLimiter(config())) {
      for (int i = 0; i < 100; i++) {
        assertThat(acquire(limiter, Scope.REQUEST_PER_USER, "u1")).isEmpty();
      }
    }
  }

  @Test
  void sweepKeepsRecentlyUsedBucketsAndForgetsRefilledOnes() throws Exception {
    // 1000/s with burst 1000 refills in 1 s; 1/s with burst 3 needs 3 s.
    try (var limiter = new Bucket4jRateLimiter(config())) {
      acquire(limiter, Scope.SEND_PER_IP, "ip");
      acquire(limiter, Scope.SEND_PER_USER, "u");
      limiter.sweep();
      assertThat(limiter.size()).isEqualTo(2);
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(5))
          .pollInterval(Duration.ofMillis(100))
          .until(
              () -> {
                limiter.sweep();
                return limiter.size() == 1;
              });
    }
  }

  @Test
  void memoryStaysBoundedUnderManyKeys() {
    try (var limiter = new Bucket4jRateLimiter(config(), 1000)) {
      for (int i = 0; i < 5000; i++) acquire(limiter, Scope.SEND_PER_IP, "ip" + i);
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> limiter.size() <= 1000);
    }
  }

  /** The limiter's answer, which a local limiter gives at once. */
  private static Optional<Duration> acquire(Bucket4jRateLimiter limiter, Scope scope, String key) {
    CompletableFuture<Optional<Duration>> answer =
        limiter.tryAcquire(scope, key).toCompletableFuture();
    assertThat(answer).as("answered at once").isDone();
    return answer.join();
  }
}
