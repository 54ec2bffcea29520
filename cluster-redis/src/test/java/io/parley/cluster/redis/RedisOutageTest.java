package io.parley.cluster.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.parley.cluster.redis.RedisInvalidationsTest.Changes;
import io.parley.cluster.redis.TestNode.Inbox;
import io.parley.core.delivery.Event;
import io.parley.core.id.GroupId;
import io.parley.core.id.UserId;
import io.parley.core.ratelimit.RateLimiter.Scope;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Redis killed and started again on the same port, empty, while two nodes are running. */
class RedisOutageTest {

  /** Generous: only there to turn a blocked call into a failure instead of a hung build. */
  private static final Duration NEVER_BLOCKS = Duration.ofSeconds(5);

  private final AtomicLong ids = new AtomicLong(1_000);

  @Test
  void nodesKeepWorkingLocallyWhileRedisIsDownAndResumeCrossNodeDeliveryWhenItIsBack()
      throws Exception {
    try (RedisServer server = RedisServer.start()) {
      String prefix = TestNode.freshPrefix();
      try (TestNode a = TestNode.join(server.uri(), prefix, "a", RedisConfig.DEFAULT_NODE_TTL);
          TestNode b = TestNode.join(server.uri(), prefix, "b", RedisConfig.DEFAULT_NODE_TTL)) {
        UserId here = UserId.of(ids.incrementAndGet());
        UserId there = UserId.of(ids.incrementAndGet());
        Inbox onA = new Inbox();
        Inbox onB = new Inbox();
        a.bus.subscribe(here, onA);
        b.bus.subscribe(there, onB);
        b.presence.connected(there).toCompletableFuture().join();
        Changes changesOnB = new Changes();
        b.invalidations.listen(changesOnB);
        RedisRateLimiter limiter =
            new RedisRateLimiter(
                a.redis, Map.of(Scope.SEND_PER_USER, new BucketLimit(2, 1, Duration.ofHours(1))));

        server.kill();
        await().until(() -> !a.redis.isConnected() && !b.redis.isConnected());

        Event during = new Event.PresenceEvent(UserId.of(ids.incrementAndGet()), true, 0);
        assertTimeoutPreemptively(NEVER_BLOCKS, () -> a.bus.publish(List.of(here, there), during));
        assertThat(onA.events()).as("local delivery goes on").containsExactly(during);
        UserId newcomer = UserId.of(ids.incrementAndGet());
        assertTimeoutPreemptively(
            NEVER_BLOCKS,
            () -> {
              assertThat(a.presence.connected(newcomer).toCompletableFuture().join()).isTrue();
              assertThat(a.presence.online(List.of(newcomer, there)).toCompletableFuture().join())
                  .containsExactly(newcomer);
              a.invalidations.publish(GroupId.of(5), 2).toCompletableFuture().join();
              // answered from a local bucket, at once: a send is never refused for want of Redis
              assertThat(limiter.tryAcquire(Scope.SEND_PER_USER, "u").toCompletableFuture())
                  .isCompletedWithValue(Optional.empty());
              assertThat(limiter.tryAcquire(Scope.SEND_PER_USER, "u").toCompletableFuture())
                  .isCompletedWithValue(Optional.empty());
              assertThat(limiter.tryAcquire(Scope.SEND_PER_USER, "u").toCompletableFuture().join())
                  .as("local limit")
                  .isPresent();
              assertThat(limiter.tryAcquire(Scope.SEND_PER_USER, "v").toCompletableFuture())
                  .isCompletedWithValue(Optional.empty());
            });

        server.startAgain();

        await().until(() -> a.redis.isConnected() && b.redis.isConnected());
        await("B's invalidation listener hears that it may have missed changes")
            .until(() -> !changesOnB.missed.isEmpty());
        Event after = new Event.PresenceEvent(UserId.of(ids.incrementAndGet()), false, 1);
        await("cross-node delivery resumes")
            .until(
                () -> {
                  a.bus.publish(List.of(there), after);
                  return onB.events().contains(after);
                });
        assertThat(onB.events()).doesNotContain(during);
        await("B's connections are written again")
            .until(
                () ->
                    a.presence.online(List.of(there, newcomer)).toCompletableFuture().join().size()
                        == 2);
        await("A's connections are written again")
            .until(
                () ->
                    b.presence.online(List.of(newcomer)).toCompletableFuture().join().size() == 1);
      }
    }
  }
}
