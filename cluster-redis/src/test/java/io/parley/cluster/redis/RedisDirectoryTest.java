package io.parley.cluster.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.parley.cluster.redis.TestNode.Inbox;
import io.parley.core.delivery.Event;
import io.parley.core.id.UserId;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The per-user directory among many nodes: two real nodes, plus fake ones written straight into
 * Redis the way a node would (an entry in the nodes sorted set, directory entries, an index), whose
 * channels a spy listens to.
 */
class RedisDirectoryTest {

  /** Short, so that heartbeats (and sweeps) come every 300 ms. */
  private static final Duration NODE_TTL = Duration.ofMillis(900);

  private static final AtomicLong ids = new AtomicLong(1_000);
  private static RedisServer server;

  private String prefix;
  private TestNode a;
  private TestNode b;
  private RedisClient client;
  private RedisCommands<String, String> redis;
  private StatefulRedisPubSubConnection<String, String> spy;
  private final Map<String, List<Set<String>>> published = new ConcurrentHashMap<>();
  private final List<String> markers = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void startRedis() {
    server = RedisServer.start();
  }

  @AfterAll
  static void stopRedis() throws Exception {
    server.close();
  }

  @BeforeEach
  void joinTwoNodesAndASpy() {
    prefix = TestNode.freshPrefix();
    a = TestNode.join(server.uri(), prefix, "a", NODE_TTL);
    b = TestNode.join(server.uri(), prefix, "b", NODE_TTL);
    client = RedisClient.create(server.uri());
    StatefulRedisConnection<String, String> connection = client.connect();
    redis = connection.sync();
    spy = client.connectPubSub();
    spy.addListener(
        new RedisPubSubAdapter<>() {
          @Override
          public void message(String pattern, String channel, String message) {
            if (channel.equals(prefix + "marker")) {
              markers.add(message);
              return;
            }
            String node = channel.substring((prefix + "node:").length());
            Set<String> users = Set.of(message.substring(0, message.indexOf('\n')).split(","));
            published.computeIfAbsent(node, n -> new CopyOnWriteArrayList<>()).add(users);
          }
        });
    spy.sync().psubscribe(prefix + "node:*", prefix + "marker");
  }

  @AfterEach
  void leave() {
    a.close();
    b.close();
    client.shutdown();
  }

  @Test
  void amongFiftyNodesAnEventReachesOnlyTheLiveNodesHoldingItsRecipientsOncePerNode() {
    List<String> live = new ArrayList<>();
    List<String> dead = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      String node = "f" + i;
      if (i < 40) {
        register(node, true);
        live.add(node);
      } else {
        register(node, false);
        dead.add(node);
      }
    }
    List<UserId> recipients = new ArrayList<>();
    Map<String, Set<String>> expected = new HashMap<>();
    Set<UserId> online = new HashSet<>();
    Map<UserId, Inbox> onB = new HashMap<>();
    for (int i = 0; i < 300; i++) {
      UserId user = newUser();
      recipients.add(user);
      if (i % 3 == 2) continue; // held by nobody
      String node = "f" + (i % 50);
      hold(node, user);
      if (live.contains(node)) {
        expected.computeIfAbsent(node, n -> new HashSet<>()).add(user.toString());
        online.add(user);
      }
      if (i % 10 == 0) {
        Inbox inbox = new Inbox();
        onB.put(user, inbox);
        b.bus.subscribe(user, inbox);
        b.presence.connected(user).toCompletableFuture().join();
        online.add(user);
      }
    }
    b.settle();

    Event event = new Event.PresenceEvent(newUser(), true, 7);
    a.bus.publish(recipients, event);

    await().until(() -> expected.keySet().stream().allMatch(published::containsKey));
    await().until(() -> onB.values().stream().allMatch(inbox -> !inbox.events().isEmpty()));
    drainSpy();
    for (String node : expected.keySet()) {
      assertThat(published.get(node)).as("node %s", node).containsExactly(expected.get(node));
    }
    assertThat(published.keySet())
        .as("only live nodes holding recipients, and b")
        .containsExactlyInAnyOrderElementsOf(withB(expected.keySet()));
    assertThat(published.get("b")).hasSize(1);
    for (Inbox inbox : onB.values()) assertThat(inbox.events()).containsExactly(event);

    assertThat(a.presence.online(recipients).toCompletableFuture().join())
        .containsExactlyInAnyOrderElementsOf(online);
    for (UserId user : recipients) {
      for (String set : Keys.SETS) {
        assertThat(nodesOf(set, user)).as("%s of %s", set, user).doesNotContainAnyElementsOf(dead);
      }
    }
  }

  @Test
  void anEntryNamingADeadNodeLosesItAtTheFirstReader() {
    register("live", true);
    register("ghost", false);
    UserId onlyGhost = newUser();
    UserId both = newUser();
    // entries the ghost's index does not list: only a reader can clean them, not the sweep
    redis.set(entry(Keys.SUBSCRIBERS, onlyGhost), "ghost");
    redis.set(entry(Keys.CONNECTIONS, onlyGhost), "ghost");
    redis.set(entry(Keys.SUBSCRIBERS, both), "ghost,live");
    redis.set(entry(Keys.CONNECTIONS, both), "live,ghost");

    a.bus.publish(List.of(onlyGhost, both), new Event.PresenceEvent(newUser(), false, 1));
    assertThat(a.presence.online(List.of(onlyGhost, both)).toCompletableFuture().join())
        .containsExactly(both);

    drainSpy();
    assertThat(published).containsOnlyKeys("live");
    assertThat(published.get("live")).containsExactly(Set.of(both.toString()));
    assertThat(redis.exists(entry(Keys.SUBSCRIBERS, onlyGhost), entry(Keys.CONNECTIONS, onlyGhost)))
        .isZero();
    assertThat(redis.get(entry(Keys.SUBSCRIBERS, both))).isEqualTo("live");
    assertThat(redis.get(entry(Keys.CONNECTIONS, both))).isEqualTo("live");
  }

  @Test
  void whatADeadNodeLeftIsSweptByTheOthersEvenIfNobodyReadsIt() {
    register("live", true);
    List<UserId> users = new ArrayList<>();
    for (int i = 0; i < 2 * NodeRegistry.SWEEP_BUDGET + 500; i++) {
      UserId user = newUser();
      users.add(user);
      hold("gone", user);
      if (i % 2 == 0) hold("live", user);
    }
    register("gone", false); // only now, so no heartbeat sweeps it half-written

    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                redis.exists(index("gone", Keys.SUBSCRIBERS), index("gone", Keys.CONNECTIONS)) == 0
                    && !redis.sismember(prefix + "dead-nodes", "gone"));
    for (int i = 0; i < users.size(); i++) {
      for (String set : Keys.SETS) {
        assertThat(nodesOf(set, users.get(i)))
            .as("%s of %s", set, users.get(i))
            .isEqualTo(i % 2 == 0 ? List.of("live") : List.of());
      }
    }
    assertThat(redis.zscore(prefix + "nodes", "gone")).as("no longer registered").isNull();
  }

  @Test
  void aNodeRestartedUnderTheSameIdFirstDropsWhatItsLastRunLeft() {
    TestNode first = TestNode.join(server.uri(), prefix, "c", RedisConfig.DEFAULT_NODE_TTL);
    List<UserId> left = new ArrayList<>();
    for (int i = 0; i < 2 * NodeUsers.BATCH + 200; i++) { // several clean-up batches
      UserId user = newUser();
      left.add(user);
      first.bus.subscribe(user, new Inbox());
      first.presence.connected(user).toCompletableFuture().join();
    }
    assertThat(nodesOf(Keys.SUBSCRIBERS, left.get(0))).containsExactly("c");
    first.crash(); // its entry in the nodes set is still alive for the default TTL

    try (TestNode again = TestNode.join(server.uri(), prefix, "c", RedisConfig.DEFAULT_NODE_TTL)) {
      assertThat(a.presence.online(left).toCompletableFuture().join()).isEmpty();
      for (UserId user : left) {
        for (String set : Keys.SETS) assertThat(nodesOf(set, user)).as("%s", user).isEmpty();
      }
      a.bus.publish(left, new Event.PresenceEvent(newUser(), true, 2));
      drainSpy();
      assertThat(published).doesNotContainKey("c");

      UserId now = newUser();
      Inbox inbox = new Inbox();
      again.bus.subscribe(now, inbox);
      again.settle();
      Event event = new Event.PresenceEvent(newUser(), true, 3);
      a.bus.publish(List.of(left.get(0), now), event);
      await().until(() -> !inbox.events().isEmpty());
      assertThat(inbox.events()).containsExactly(event);
      assertThat(redis.smembers(index("c", Keys.SUBSCRIBERS))).containsExactly(now.toString());
      assertThat(redis.exists(index("c", Keys.SUBSCRIBERS) + ":old")).isZero();
    }
  }

  @Test
  void aNodeDroppedForMissedHeartbeatsWritesItsEntriesAgainAndOnlyThose() {
    List<UserId> held = new ArrayList<>();
    for (int i = 0; i < 2 * NodeUsers.BATCH + 200; i++) { // several write batches
      UserId user = newUser();
      held.add(user);
      b.presence.connected(user).toCompletableFuture().join();
    }
    UserId stale = newUser(); // named for b in Redis, but not held by b
    b.settle();
    redis.set(entry(Keys.CONNECTIONS, stale), "b");
    redis.sadd(index("b", Keys.CONNECTIONS), stale.toString());
    // b counts as dead, and its entries are partly gone, as if it had stalled past its TTL
    redis.zrem(prefix + "nodes", "b");
    redis.del(entry(Keys.CONNECTIONS, held.get(0)));

    await()
        .until(
            () ->
                redis.zscore(prefix + "nodes", "b") != null
                    && redis.exists(index("b", Keys.CONNECTIONS) + ":old") == 0
                    && nodesOf(Keys.CONNECTIONS, stale).isEmpty()
                    && nodesOf(Keys.CONNECTIONS, held.get(0)).equals(List.of("b")));
    assertThat(a.presence.online(held).toCompletableFuture().join())
        .containsExactlyInAnyOrderElementsOf(held);
    assertThat(a.presence.online(List.of(stale)).toCompletableFuture().join()).isEmpty();
    assertThat(redis.scard(index("b", Keys.CONNECTIONS))).isEqualTo(held.size());
  }

  @Test
  void aRewriteAfterRedisForgotItsScriptsNeverDropsAnEntryForAMoment() {
    for (int i = 0; i < 30; i++) {
      if (i % 3 == 0) {
        // as after a failover: the next change meets NOSCRIPT and rewrites the node, with some of
        // the rewrite's scripts known and one not
        redis.scriptFlush();
        redis.scriptLoad(script("retire"));
        redis.scriptLoad(script("unindex"));
      }
      UserId user = newUser();
      assertThat(a.presence.connected(user).toCompletableFuture().join()).isTrue();
      assertThat(b.presence.connected(user).toCompletableFuture().join())
          .as("a holds user %s", user)
          .isFalse();
    }
  }

  /** Registers a fake node, alive for an hour or dead since a second (by Redis's clock). */
  private void register(String node, boolean alive) {
    List<String> time = redis.time();
    long now = Long.parseLong(time.get(0)) * 1000 + Long.parseLong(time.get(1)) / 1000;
    redis.zadd(prefix + "nodes", alive ? now + 3_600_000 : now - 1_000, node);
  }

  /** Writes what {@code node} would write for a user it holds, in both sets. */
  private void hold(String node, UserId user) {
    for (String set : Keys.SETS) {
      String key = entry(set, user);
      String entry = redis.get(key);
      redis.set(key, entry == null ? node : entry + "," + node);
      redis.sadd(index(node, set), user.toString());
    }
  }

  private static String script(String name) {
    try (InputStream in = LuaScript.class.getResourceAsStream(name + ".lua")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private List<String> nodesOf(String set, UserId user) {
    String entry = redis.get(entry(set, user));
    return entry == null ? List.of() : Arrays.asList(entry.split(","));
  }

  private String entry(String set, UserId user) {
    return prefix + "u:" + set + ":" + user;
  }

  private String index(String node, String set) {
    return prefix + "node:" + node + ":" + set;
  }

  /**
   * Returns once the spy has received everything published before now: pub/sub keeps the order of
   * messages to one subscriber, so a marker published last arrives last.
   */
  private void drainSpy() {
    a.settle();
    b.settle();
    String marker = Long.toString(ids.incrementAndGet());
    redis.publish(prefix + "marker", marker);
    await().until(() -> markers.contains(marker));
  }

  private static Set<String> withB(Set<String> nodes) {
    Set<String> all = new HashSet<>(nodes);
    all.add("b");
    return all;
  }

  private static UserId newUser() {
    return UserId.of(ids.incrementAndGet());
  }
}
