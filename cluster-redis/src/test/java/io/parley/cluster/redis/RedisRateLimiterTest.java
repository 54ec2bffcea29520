package io.parley.cluster.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.parley.core.ratelimit.RateLimiter.Scope;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RedisRateLimiterTest {

  /** Five sends at once, then one an hour: a refill never interferes with a test. */
  private static final Map<Scope, BucketLimit> LIMITS =
      Map.of(Scope.SEND_PER_USER, new BucketLimit(5, 1, Duration.ofHours(1)));

  private static RedisServer server;

  private TestNode a;
  private TestNode b;
  private RedisRateLimiter onA;
  private RedisRateLimiter onB;

  @BeforeAll
  static void startRedis() {
    server = RedisServer.start();
  }

  @AfterAll
  static void stopRedis() throws Exception {
    server.close();
  }

  @BeforeEach
  void joinTwoNodes() {
    String prefix = TestNode.freshPrefix();
    a = TestNode.join(server.uri(), prefix, "a", RedisConfig.DEFAULT_NODE_TTL);
    b = TestNode.join(server.uri(), prefix, "b", RedisConfig.DEFAULT_NODE_TTL);
    onA = new RedisRateLimiter(a.redis, LIMITS);
    onB = new RedisRateLimiter(b.redis, LIMITS);
  }

  @AfterEach
  void leave() {
    a.close();
    b.close();
  }

  @Test
  void tokensTakenOnOneNodeAreGoneOnTheOther() {
    String user = UUID.randomUUID().toString();
    for (int i = 0; i < 3; i++)
      assertThat(answer(onA.tryAcquireAsync(Scope.SEND_PER_USER, user))).isEmpty();
    for (int i = 0; i < 2; i++)
      assertThat(answer(onB.tryAcquireAsync(Scope.SEND_PER_USER, user))).isEmpty();

    Optional<Duration> refused = answer(onB.tryAcquireAsync(Scope.SEND_PER_USER, user));

    assertThat(refused).hasValueSatisfying(wait -> assertThat(wait).isPositive());
    assertThat(answer(onA.tryAcquireAsync(Scope.SEND_PER_USER, user))).isPresent();
    assertThat(answer(onA.tryAcquireAsync(Scope.SEND_PER_USER, "someone else"))).isEmpty();
  }

  @Test
  void theSynchronousCheckRefusesOnEveryNodeOnceTheSharedBucketIsEmpty() {
    String user = UUID.randomUUID().toString();
    for (int i = 0; i < 5; i++) assertThat(onA.tryAcquire(Scope.SEND_PER_USER, user)).isEmpty();
    a.settle(); // the five tokens are taken in Redis

    await().until(() -> onB.tryAcquire(Scope.SEND_PER_USER, user).isPresent());
    await().until(() -> onA.tryAcquire(Scope.SEND_PER_USER, user).isPresent());
    assertThat(answer(onB.tryAcquireAsync(Scope.SEND_PER_USER, user))).isPresent();
  }

  @Test
  void scopesWithoutALimitAreUnlimited() {
    for (int i = 0; i < 20; i++) {
      assertThat(onA.tryAcquire(Scope.AUTH_PER_IP, "127.0.0.1")).isEmpty();
      assertThat(answer(onA.tryAcquireAsync(Scope.REQUEST_PER_USER, "1"))).isEmpty();
    }
  }

  @Test
  void bucketsAreKeptUnderTheNodesKeyPrefix() {
    String user = UUID.randomUUID().toString();
    answer(onA.tryAcquireAsync(Scope.SEND_PER_USER, user));

    assertThat(answer(a.redis.commands().exists(a.redis.keys().bucket(Scope.SEND_PER_USER, user))))
        .isEqualTo(1L);
  }

  private static <T> T answer(CompletionStage<T> stage) {
    return stage.toCompletableFuture().join();
  }
}
