package io.parley.cluster.redis;

import io.lettuce.core.ScriptOutputType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which nodes are alive, and what each one holds.
 *
 * <p>A node is alive while its entry in the {@code nodes} sorted set (score: the epoch millis at
 * which it expires) lies in the future. Each node refreshes it, and the expiry of its node sets
 * ({@link NodeUsers}), every {@link RedisConfig#heartbeatInterval}; a node that dies without
 * leaving is ignored by every reader as soon as its score has passed, and its sets expire by
 * themselves at the same moment. Readers ask Redis's own clock ({@code TIME}), so node clocks do
 * not matter.
 *
 * <p>Redis runs without persistence, so it can forget everything (restart, failover). A heartbeat
 * that finds the node missing from the set, or a script Redis no longer knows, means that: the node
 * then writes all its sets again from what it holds locally.
 */
final class NodeRegistry {

  private static final Logger log = LoggerFactory.getLogger(NodeRegistry.class);

  private final RedisCluster redis;
  private final LuaScript heartbeat = LuaScript.load("heartbeat");
  private final List<NodeUsers> sets = new CopyOnWriteArrayList<>();
  private final WarnThrottle warnings = new WarnThrottle(log);

  NodeRegistry(RedisCluster redis) {
    this.redis = redis;
  }

  /** The node set named {@code name}, created on first use. */
  synchronized NodeUsers users(String name) {
    for (NodeUsers set : sets) {
      if (set.name().equals(name)) return set;
    }
    NodeUsers set = new NodeUsers(redis, name);
    sets.add(set);
    return set;
  }

  /**
   * Registers the node, first dropping whatever an earlier run under the same node id left behind
   * (its users are not connected here any more).
   */
  void start() {
    Keys keys = redis.keys();
    redis
        .commands()
        .del(keys.nodeSet(Keys.SUBSCRIBERS), keys.nodeSet(Keys.CONNECTIONS))
        .thenRun(this::heartbeat);
  }

  /** Refreshes this node's liveness; writes its sets again if Redis had lost them. */
  void heartbeat() {
    List<NodeUsers> current = List.copyOf(sets);
    String[] keys = new String[current.size() + 1];
    keys[0] = redis.keys().nodes();
    for (int i = 0; i < current.size(); i++) keys[i + 1] = current.get(i).key();
    byte[][] args = {
      ascii(redis.keys().nodeId()), ascii(Long.toString(redis.config().nodeTtl().toMillis()))
    };
    heartbeat
        .<Long>run(redis.commands(), ScriptOutputType.INTEGER, keys, args, () -> {})
        .whenComplete(
            (added, error) -> {
              if (error != null) {
                warnings.warn(
                    "Redis heartbeat of node " + redis.keys().nodeId() + " failed", error);
              } else if (added == 1L) {
                rewriteAll();
              }
            });
  }

  /** Writes every node set again from this node's own state. */
  void rewriteAll() {
    for (NodeUsers set : sets) set.rewrite();
  }

  /** Removes this node and its sets (a graceful shutdown). */
  CompletionStage<Void> leave() {
    Keys keys = redis.keys();
    String[] setKeys = sets.stream().map(NodeUsers::key).toArray(String[]::new);
    CompletionStage<Long> removed = redis.commands().zrem(keys.nodes(), ascii(keys.nodeId()));
    CompletionStage<Long> deleted =
        setKeys.length == 0 ? CompletableFuture.completedFuture(0L) : redis.commands().del(setKeys);
    return removed.thenCombine(deleted, (a, b) -> null);
  }

  static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
