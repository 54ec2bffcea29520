package io.parley.cluster.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.core.ratelimit.RateLimiter.Scope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RedisRateLimiterTest {

  private static final int CAPACITY = 5;

  /** Five sends at once, then one an hour: a refill never interferes with a test. */
  private static final Map<Scope, BucketLimit> LIMITS =
      Map.of(Scope.SEND_PER_USER, new BucketLimit(CAPACITY, 1, Duration.ofHours(1)));

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
      assertThat(answer(onA.tryAcquire(Scope.SEND_PER_USER, user))).isEmpty();
    for (int i = 0; i < 2; i++)
      assertThat(answer(onB.tryAcquire(Scope.SEND_PER_USER, user))).isEmpty();

    Optional<Duration> refused = answer(onB.tryAcquire(Scope.SEND_PER_USER, user));

    assertThat(refused).hasValueSatisfying(wait -> assertThat(wait).isPositive());
    assertThat(answer(onA.tryAcquire(Scope.SEND_PER_USER, user))).isPresent();
    assertThat(answer(onA.tryAcquire(Scope.SEND_PER_USER, "someone else"))).isEmpty();
  }

  @Test
  void twoNodesTogetherAdmitExactlyTheBucketsCapacityUnderConcurrentCalls() throws Exception {
    String user = UUID.randomUUID().toString();
    int callers = 8;
    int callsEach = 10;
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService threads = Executors.newFixedThreadPool(callers);
    try {
      List<Future<List<CompletionStage<Optional<Duration>>>>> issued = new ArrayList<>();
      for (int c = 0; c < callers; c++) {
        RedisRateLimiter node = c % 2 == 0 ? onA : onB; // half the callers on each node
        issued.add(
            threads.submit(
                () -> {
                  go.await();
                  List<CompletionStage<Optional<Duration>>> answers = new ArrayList<>();
                  for (int i = 0; i < callsEach; i++) {
                    answers.add(node.tryAcquire(Scope.SEND_PER_USER, user));
                  }
                  return answers;
                }));
      }
      go.countDown();
      List<Optional<Duration>> answers = new ArrayList<>();
      for (var calls : issued) calls.get().forEach(stage -> answers.add(answer(stage)));

      assertThat(answers).hasSize(callers * callsEach);
      assertThat(answers.stream().filter(Optional::isEmpty).count())
          .as("calls admitted by both nodes together")
          .isEqualTo(CAPACITY);
      assertThat(answers.stream().flatMap(Optional::stream))
          .allSatisfy(wait -> assertThat(wait).isPositive());
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void scopesWithoutALimitAreUnlimited() {
    for (int i = 0; i < 20; i++) {
      assertThat(answer(onA.tryAcquire(Scope.AUTH_PER_IP, "127.0.0.1"))).isEmpty();
      assertThat(answer(onB.tryAcquire(Scope.REQUEST_PER_USER, "1"))).isEmpty();
    }
  }

  @Test
  void bucketsAreKeptUnderTheNodesKeyPrefix() {
    String user = UUID.randomUUID().toString();
    answer(onA.tryAcquire(Scope.SEND_PER_USER, user));

    assertThat(answer(a.redis.commands().exists(a.redis.keys().bucket(Scope.SEND_PER_USER, user))))
        .isEqualTo(1L);
  }

  private static <T> T answer(CompletionStage<T> stage) {
    return stage.toCompletableFuture().join();
  }
}
