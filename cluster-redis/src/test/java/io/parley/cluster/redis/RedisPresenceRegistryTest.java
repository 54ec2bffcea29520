package io.parley.cluster.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.parley.core.id.UserId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RedisPresenceRegistryTest {

  /** Short, so a vanished node's users go offline within the test. */
  private static final Duration NODE_TTL = Duration.ofMillis(600);

  private static final AtomicLong ids = new AtomicLong(1_000);
  private static RedisServer server;

  private String prefix;
  private TestNode a;
  private TestNode b;

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
    prefix = TestNode.freshPrefix();
    a = TestNode.join(server.uri(), prefix, "a", NODE_TTL);
    b = TestNode.join(server.uri(), prefix, "b", NODE_TTL);
  }

  @AfterEach
  void leave() {
    a.close();
    b.close();
  }

  @Test
  void onlyTheFirstConnectionAnywhereBringsAUserOnline() {
    UserId alice = newUser();

    assertThat(answer(a.presence.connected(alice))).isTrue();
    assertThat(answer(a.presence.connected(alice))).isFalse();
    assertThat(answer(b.presence.connected(alice))).isFalse();
    assertThat(answer(b.presence.online(List.of(alice)))).containsExactly(alice);
  }

  @Test
  void onlyTheLastConnectionAnywhereTakesAUserOffline() {
    UserId bob = newUser();
    answer(a.presence.connected(bob));
    answer(a.presence.connected(bob));
    answer(b.presence.connected(bob));

    assertThat(answer(a.presence.disconnected(bob))).isFalse();
    assertThat(answer(a.presence.disconnected(bob))).isFalse();
    assertThat(answer(a.presence.online(List.of(bob)))).containsExactly(bob);
    assertThat(answer(b.presence.disconnected(bob))).isTrue();
    assertThat(answer(a.presence.online(List.of(bob)))).isEmpty();
  }

  @Test
  void aDisconnectWithoutAConnectChangesNothing() {
    UserId carol = newUser();

    assertThat(answer(a.presence.disconnected(carol))).isFalse();
    assertThat(answer(a.presence.online(List.of(carol)))).isEmpty();
  }

  @Test
  void nodesRacingToConnectTheSameUserAgreeThatExactlyOneBroughtThemOnline() {
    List<UserId> users = new ArrayList<>();
    List<CompletionStage<Boolean>> onA = new ArrayList<>();
    List<CompletionStage<Boolean>> onB = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      UserId user = newUser();
      users.add(user);
      onA.add(a.presence.connected(user));
      onB.add(b.presence.connected(user));
    }
    for (int i = 0; i < users.size(); i++) {
      assertThat(answer(onA.get(i)) ^ answer(onB.get(i))).as("user %s", users.get(i)).isTrue();
    }
  }

  @Test
  void onlineAnswersForManyUsersOnAllNodesAtOnce() {
    List<UserId> asked = new ArrayList<>();
    List<UserId> expected = new ArrayList<>();
    for (int i = 0; i < 3_000; i++) {
      UserId user = newUser();
      asked.add(user);
      if (i % 3 == 0) answer(a.presence.connected(user));
      if (i % 3 == 1) answer(b.presence.connected(user));
      if (i % 3 != 2) expected.add(user);
    }

    assertThat(answer(a.presence.online(asked))).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(answer(b.presence.online(asked))).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(answer(a.presence.online(List.of()))).isEmpty();
  }

  @Test
  void theUsersOfANodeThatVanishesGoOfflineAfterTheNodeTtl() {
    TestNode doomed = TestNode.join(server.uri(), prefix, "doomed", NODE_TTL);
    UserId dave = newUser();
    UserId erin = newUser();
    answer(doomed.presence.connected(dave));
    answer(doomed.presence.connected(erin));
    answer(a.presence.connected(erin));
    assertThat(answer(a.presence.online(List.of(dave, erin))))
        .containsExactlyInAnyOrder(dave, erin);

    doomed.crash();

    await().until(() -> answer(a.presence.online(List.of(dave, erin))).equals(Set.of(erin)));
    assertThat(answer(b.presence.connected(dave))).as("dave comes online again").isTrue();
  }

  @Test
  void theUsersOfANodeThatLeavesAreOfflineAtOnce() {
    TestNode leaving = TestNode.join(server.uri(), prefix, "leaving", RedisConfig.DEFAULT_NODE_TTL);
    UserId frank = newUser();
    answer(leaving.presence.connected(frank));

    leaving.close();

    assertThat(answer(a.presence.online(List.of(frank)))).isEmpty();
  }

  @Test
  void aLiveNodeKeepsItsUsersOnlineLongAfterTheNodeTtl() {
    UserId grace = newUser();
    answer(b.presence.connected(grace));
    double firstExpiry = expiryOf(b);

    // heartbeats push the node's expiry on: wait until the first one is long past
    await().until(() -> expiryOf(b) > firstExpiry + NODE_TTL.toMillis() * 2);

    assertThat(answer(a.presence.online(List.of(grace)))).containsExactly(grace);
  }

  private static double expiryOf(TestNode node) {
    return answer(node.redis.commands().zscore(node.redis.keys().nodes(), NodeRegistry.ascii("b")));
  }

  private static <T> T answer(CompletionStage<T> stage) {
    return stage.toCompletableFuture().join();
  }

  private static UserId newUser() {
    return UserId.of(ids.incrementAndGet());
  }
}
