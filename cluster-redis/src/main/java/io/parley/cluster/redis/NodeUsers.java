package io.parley.cluster.redis;

import io.lettuce.core.ScriptOutputType;
import io.parley.core.id.UserId;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * The users this node holds for one purpose (event subscriptions, connections), counted locally and
 * mirrored to a Redis set {@code <prefix>node:<node id>:<name>} that expires with the node.
 *
 * <p>Only a user's first and last holder change the set. Every change is dispatched while holding
 * this object's lock, on the one command connection, so Redis applies a user's changes in the order
 * they happened here; a full {@link #rewrite} is dispatched the same way, so it can never overtake,
 * nor be overtaken by, a change it does not include.
 */
final class NodeUsers {

  private static final LuaScript NODE_SET = LuaScript.load("node-set");
  private static final LuaScript REPLACE = LuaScript.load("replace");
  private static final byte[] ADD = NodeRegistry.ascii("add");
  private static final byte[] REMOVE = NodeRegistry.ascii("remove");

  private final RedisCluster redis;
  private final String name;
  private final String key;
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

  /** Replaces the Redis set by the users held here now. */
  synchronized void rewrite() {
    byte[][] args = new byte[counts.size() + 1][];
    args[0] = ttlArg();
    int i = 1;
    for (UserId user : counts.keySet()) args[i++] = NodeRegistry.ascii(user.toString());
    REPLACE.<Long>run(
        redis.commands(), ScriptOutputType.INTEGER, new String[] {key}, args, this::rewrite);
  }

  private CompletionStage<Boolean> dispatch(byte[] op, UserId user) {
    Keys keys = redis.keys();
    byte[][] args = {
      op,
      NodeRegistry.ascii(keys.nodeId()),
      ttlArg(),
      NodeRegistry.ascii(keys.nodePrefix()),
      NodeRegistry.ascii(name),
      NodeRegistry.ascii(user.toString())
    };
    return NODE_SET
        .<Long>run(
            redis.commands(),
            ScriptOutputType.INTEGER,
            new String[] {keys.nodes(), key},
            args,
            redis.nodes()::rewriteAll)
        .thenApply(elsewhere -> elsewhere == 1L);
  }

  private byte[] ttlArg() {
    return NodeRegistry.ascii(Long.toString(redis.config().nodeTtl().toMillis()));
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
