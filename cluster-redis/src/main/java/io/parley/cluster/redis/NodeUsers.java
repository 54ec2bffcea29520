package io.parley.cluster.redis;

import io.lettuce.core.ScriptOutputType;
import io.parley.core.id.UserId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The users this node holds for one purpose (event subscriptions, connections), counted locally and
 * mirrored to Redis in two places: the user's <em>directory entry</em> {@code
 * <prefix>u:<name>:<user id>} (a string: the comma-separated ids of the nodes holding the user),
 * which is what routing and presence read, and this node's <em>index</em> {@code <prefix>node:<node
 * id>:<name>} (a set of user ids), which says what to take out of the directory when the node
 * restarts, leaves or dies (see {@link NodeRegistry}).
 *
 * <p>Why a directory per user: readers then cost O(users asked + nodes holding them), not O(live
 * nodes x users asked) as with one user set per node. Its entries do not expire with the node
 * (Redis 7.0 can only expire whole keys), so every reader ignores, and drops, the nodes named in an
 * entry that are not alive.
 *
 * <p>Only a user's first and last holder change Redis; a user held by several connections of this
 * node is named once. Every change is dispatched while holding this object's lock, on the one
 * command connection, so Redis applies a user's changes in the order they happened here; a full
 * {@link #rewrite} is dispatched the same way, so it can never overtake, nor be overtaken by, a
 * change it does not include.
 */
final class NodeUsers {

  private static final LuaScript NODE_SET = LuaScript.load("node-set");
  private static final LuaScript RETIRE = LuaScript.load("retire");
  private static final LuaScript WRITE = LuaScript.load("write");
  private static final LuaScript UNINDEX = LuaScript.load("unindex");

  /**
   * The most directory entries one clean-up or rewrite script touches: about a millisecond of Redis
   * time (2 ms per 1,000 measured), during which Redis serves nobody else.
   */
  static final int BATCH = 500;

  private static final Logger log = LoggerFactory.getLogger(NodeUsers.class);
  private static final byte[] ADD = NodeRegistry.ascii("add");
  private static final byte[] REMOVE = NodeRegistry.ascii("remove");

  private final RedisCluster redis;
  private final String name;
  private final String key; // this node's index
  private final Map<UserId, Integer> counts = new HashMap<>(); // guarded by this
  private final AtomicLong retirements = new AtomicLong(); // rewrites started
  private final AtomicLong unindexed = new AtomicLong(); // of those, whose retired users are done

  NodeUsers(RedisCluster redis, String name) {
    this.redis = redis;
    this.name = name;
    this.key = redis.keys().nodeSet(name);
  }

  String name() {
    return name;
  }

  String key() {
    return key;
  }

  /** Counts one more holder of {@code user}; the user's first one adds it to the set. */
  synchronized Change add(UserId user) {
    int count = counts.merge(user, 1, Integer::sum);
    return count == 1 ? new Change(true, dispatch(ADD, user)) : Change.NONE;
  }

  /** Counts one holder less; the user's last one removes it from the set. */
  synchronized Change remove(UserId user) {
    Integer count = counts.get(user);
    if (count == null) return Change.NONE;
    if (count > 1) {
      counts.put(user, count - 1);
      return Change.NONE;
    }
    counts.remove(user);
    return new Change(true, dispatch(REMOVE, user));
  }

  synchronized boolean holds(UserId user) {
    return counts.containsKey(user);
  }

  /**
   * Writes this node's entries in Redis again from the users held here now: retires the index,
   * writes the users in batches, then works through the retired index. The retirement and the
   * writes are dispatched under this object's lock, so no change of a user can fall between them.
   */
  void rewrite() {
    synchronized (this) {
      // a NOSCRIPT retry would run after the scripts dispatched behind it: load them all first
      for (LuaScript script : List.of(RETIRE, WRITE, UNINDEX)) script.preload(redis.commands());
      retire(redis, name, this::rewrite);
      List<UserId> users = new ArrayList<>(counts.keySet());
      for (int first = 0; first < users.size(); first += BATCH) {
        write(users.subList(first, Math.min(first + BATCH, users.size())));
      }
    }
    retirements.incrementAndGet();
    resumeUnindex();
  }

  /**
   * Works through the retired index if a rewrite left it unfinished (a command failed half-way);
   * called by every heartbeat. Two runs at once do no harm: each batch is atomic and right.
   */
  void resumeUnindex() {
    long upTo = retirements.get();
    if (unindexed.get() >= upTo) return;
    unindex(redis, name)
        .whenComplete(
            (done, error) -> {
              if (error == null) {
                unindexed.accumulateAndGet(upTo, Math::max);
              } else {
                log.debug(
                    "Unindexing of set {} stopped; resumed at the next heartbeat", name, error);
              }
            });
  }

  private void write(List<UserId> users) {
    Keys keys = redis.keys();
    byte[][] args = new byte[users.size() + 2][];
    args[0] = NodeRegistry.ascii(keys.nodeId());
    args[1] = NodeRegistry.ascii(keys.directoryPrefix(name));
    for (int i = 0; i < users.size(); i++)
      args[i + 2] = NodeRegistry.ascii(users.get(i).toString());
    WRITE.run(redis.commands(), ScriptOutputType.INTEGER, new String[] {key}, args, this::rewrite);
  }

  /**
   * Makes this node's index of set {@code name} its retired index (see {@link #unindex}); also
   * takes the node off the dead-nodes set.
   */
  static CompletionStage<Long> retire(RedisCluster redis, String name, Runnable onReload) {
    Keys keys = redis.keys();
    return RETIRE.run(
        redis.commands(),
        ScriptOutputType.INTEGER,
        new String[] {keys.nodeSet(name), keys.retiredNodeSet(name), keys.deadNodes()},
        new byte[][] {NodeRegistry.ascii(keys.nodeId())},
        onReload);
  }

  /**
   * Works through this node's retired index of set {@code name}, {@link #BATCH} users per script
   * call, taking the node out of the entries of the users it no longer holds; completes when the
   * retired index is empty.
   */
  static CompletionStage<Void> unindex(RedisCluster redis, String name) {
    Keys keys = redis.keys();
    byte[][] args = {
      NodeRegistry.ascii(keys.nodeId()),
      NodeRegistry.ascii(keys.directoryPrefix(name)),
      NodeRegistry.ascii(Integer.toString(BATCH))
    };
    return UNINDEX
        .<Long>run(
            redis.commands(),
            ScriptOutputType.INTEGER,
            new String[] {keys.retiredNodeSet(name), keys.nodeSet(name)},
            args,
            () -> {})
        .thenCompose(
            left -> left > 0 ? unindex(redis, name) : CompletableFuture.completedFuture(null));
  }

  private CompletionStage<Boolean> dispatch(byte[] op, UserId user) {
    Keys keys = redis.keys();
    byte[][] args = {op, NodeRegistry.ascii(keys.nodeId()), NodeRegistry.ascii(user.toString())};
    return NODE_SET
        .<Long>run(
            redis.commands(),
            ScriptOutputType.INTEGER,
            new String[] {keys.nodes(), key, keys.directory(name, user)},
            args,
            redis.nodes()::rewriteAll)
        .thenApply(elsewhere -> elsewhere == 1L);
  }

  /**
   * What a count change did: {@code changed} tells whether it was the user's first holder (for
   * {@link #add}) or last (for {@link #remove}), so that this node's set changed; then {@code
   * heldElsewhere} answers, from Redis, whether another live node holds the user too (it fails when
   * Redis cannot be reached), else it is null.
   */
  record Change(boolean changed, CompletionStage<Boolean> heldElsewhere) {
    static final Change NONE = new Change(false, null);
  }
}
