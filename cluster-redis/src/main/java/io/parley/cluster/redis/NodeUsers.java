package io.parley.cluster.redis;

import io.lettuce.core.ScriptOutputType;
import io.parley.core.id.UserId;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;

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
  private static final LuaScript REPLACE = LuaScript.load("replace");
  private static final byte[] ADD = NodeRegistry.ascii("add");
  private static final byte[] REMOVE = NodeRegistry.ascii("remove");

  private final RedisCluster redis;
  private final String name;
  private final String key; // this node's index
  private final Map<UserId, Integer> counts = new HashMap<>(); // guarded by this

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

  /** Replaces this node's entries in Redis by the users held here now. */
  synchronized void rewrite() {
    replace(redis, name, counts.keySet(), this::rewrite);
  }

  /**
   * Takes this node out of the directory entries of every user in its index of set {@code name}
   * (what an earlier run under the same node id left, or this run's entries when leaving), then
   * writes {@code users} instead.
   */
  static CompletionStage<Long> replace(
      RedisCluster redis, String name, Collection<UserId> users, Runnable onReload) {
    Keys keys = redis.keys();
    byte[][] args = new byte[users.size() + 2][];
    args[0] = NodeRegistry.ascii(keys.nodeId());
    args[1] = NodeRegistry.ascii(keys.directoryPrefix(name));
    int i = 2;
    for (UserId user : users) args[i++] = NodeRegistry.ascii(user.toString());
    return REPLACE.run(
        redis.commands(),
        ScriptOutputType.INTEGER,
        new String[] {keys.nodeSet(name), keys.deadNodes()},
        args,
        onReload);
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
