package io.parley.cluster.redis;

import io.lettuce.core.ScriptOutputType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which nodes are alive, and the clean-up of what dead ones left.
 *
 * <p>A node is alive while its entry in the {@code nodes} sorted set (score: the epoch millis at
 * which it expires) lies in the future. Each node refreshes it every {@link
 * RedisConfig#heartbeatInterval}; a node that dies without leaving is ignored by every reader as
 * soon as its score has passed. Readers ask Redis's own clock ({@code TIME}), so node clocks do not
 * matter.
 *
 * <p>The directory entries a node wrote ({@link NodeUsers}) do not expire with it, so they are
 * cleaned in three ways. Readers drop the dead nodes they meet in an entry (lazily). A node that
 * starts first takes itself out of every entry its index lists (what an earlier run under the same
 * id left), and a node that leaves does the same. And every heartbeat moves the nodes whose time is
 * up to the {@code dead-nodes} set and sweeps up to {@link #SWEEP_BUDGET} entries of one of them,
 * so the entries of a node that died are gone within a few heartbeats of the survivors even if its
 * id is never used again.
 *
 * <p>Redis runs without persistence, so it can forget everything (restart, failover). A heartbeat
 * that finds the node missing from the set, or a script Redis no longer knows, means that: the node
 * then writes all its entries again from what it holds locally.
 */
final class NodeRegistry {

  /** How many directory entries of a dead node one heartbeat removes (see NodeUsers#BATCH). */
  static final int SWEEP_BUDGET = NodeUsers.BATCH;

  private static final Logger log = LoggerFactory.getLogger(NodeRegistry.class);

  private final RedisCluster redis;
  private final LuaScript heartbeat = LuaScript.load("heartbeat");
  private final List<NodeUsers> sets = new CopyOnWriteArrayList<>();
  private final WarnThrottle warnings = new WarnThrottle(log);

  NodeRegistry(RedisCluster redis) {
    this.redis = redis;
  }

  /** The users this node holds for purpose {@code name}, created on first use. */
  synchronized NodeUsers users(String name) {
    for (NodeUsers set : sets) {
      if (set.name().equals(name)) return set;
    }
    NodeUsers set = new NodeUsers(redis, name);
    sets.add(set);
    return set;
  }

  /**
   * Registers the node, first taking out of the directory whatever an earlier run under the same
   * node id left behind (its users are not connected here any more), a batch at a time. Completes
   * after the first heartbeat; nothing else may be dispatched before the clean-up has completed, or
   * the clean-up could remove it (a NOSCRIPT retry is dispatched late).
   */
  CompletionStage<Void> start() {
    return clear().thenCompose(cleared -> beat());
  }

  /** Refreshes this node's liveness; writes its entries again if Redis had lost them. */
  void heartbeat() {
    beat();
  }

  private CompletionStage<Void> beat() {
    Keys keys = redis.keys();
    List<byte[]> args = new ArrayList<>();
    args.add(ascii(keys.nodeId()));
    args.add(ascii(Long.toString(redis.config().nodeTtl().toMillis())));
    args.add(ascii(keys.nodePrefix()));
    args.add(ascii(keys.directoryRoot()));
    args.add(ascii(Integer.toString(SWEEP_BUDGET)));
    for (String name : Keys.SETS) args.add(ascii(name));
    return heartbeat
        .<Long>run(
            redis.commands(),
            ScriptOutputType.INTEGER,
            new String[] {keys.nodes(), keys.deadNodes()},
            args.toArray(byte[][]::new),
            () -> {})
        .handle(
            (added, error) -> {
              if (error != null) {
                warnings.warn("Redis heartbeat of node " + keys.nodeId() + " failed", error);
              } else if (added == 1L) {
                rewriteAll();
              } else {
                for (NodeUsers set : sets) set.resumeUnindex();
              }
              return null;
            });
  }

  /** Writes every set of entries again from this node's own state. */
  void rewriteAll() {
    for (NodeUsers set : sets) set.rewrite();
  }

  /**
   * Removes this node and its entries (a graceful shutdown). The node is put on the dead-nodes set
   * first, so that whatever it has no time to remove is swept by the others.
   */
  CompletionStage<Void> leave() {
    Keys keys = redis.keys();
    List<CompletableFuture<Long>> retired =
        Keys.SETS.stream()
            .map(name -> NodeUsers.retire(redis, name, () -> {}).toCompletableFuture())
            .toList();
    return CompletableFuture.allOf(retired.toArray(CompletableFuture[]::new))
        .thenCompose(
            done -> {
              byte[] node = ascii(keys.nodeId());
              CompletionStage<Long> removed = redis.commands().zrem(keys.nodes(), node);
              CompletionStage<Long> dead = redis.commands().sadd(keys.deadNodes(), node);
              return removed.thenCombine(dead, (a, b) -> b);
            })
        .thenCompose(done -> unindexAll());
  }

  /**
   * Takes this node out of every directory entry its indexes list (what an earlier run under the
   * same id left), and drops the indexes.
   */
  private CompletionStage<Void> clear() {
    List<CompletableFuture<Long>> retired =
        Keys.SETS.stream()
            .map(name -> NodeUsers.retire(redis, name, () -> {}).toCompletableFuture())
            .toList();
    return CompletableFuture.allOf(retired.toArray(CompletableFuture[]::new))
        .thenCompose(done -> unindexAll());
  }

  private CompletionStage<Void> unindexAll() {
    return CompletableFuture.allOf(
        Keys.SETS.stream()
            .map(name -> NodeUsers.unindex(redis, name).toCompletableFuture())
            .toArray(CompletableFuture[]::new));
  }

  static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
