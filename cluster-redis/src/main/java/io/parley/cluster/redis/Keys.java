package io.parley.cluster.redis;

import io.parley.core.id.UserId;
import io.parley.core.ratelimit.RateLimiter.Scope;
import java.util.List;
import java.util.Locale;

/** The names of every key and channel this module uses (listed in the module's README). */
final class Keys {

  /** The set of users with an event subscription on a node (routing). */
  static final String SUBSCRIBERS = "subs";

  /** The set of users with a connection on a node (presence). */
  static final String CONNECTIONS = "conns";

  /** Every set name, for clean-ups that must not depend on which components a node runs. */
  static final List<String> SETS = List.of(SUBSCRIBERS, CONNECTIONS);

  private final String prefix;
  private final String nodeId;

  Keys(String prefix, String nodeId) {
    this.prefix = prefix;
    this.nodeId = nodeId;
  }

  String nodeId() {
    return nodeId;
  }

  /** Sorted set: live node id -> the epoch millis at which it is dead unless refreshed. */
  String nodes() {
    return prefix + "nodes";
  }

  /** Set: the nodes that died and may still be named in directory entries (to be swept). */
  String deadNodes() {
    return prefix + "dead-nodes";
  }

  /** What comes before a node id in the names of node indexes and node channels. */
  String nodePrefix() {
    return prefix + "node:";
  }

  /**
   * Set: the index of the users this node holds, for one of {@link #SUBSCRIBERS} or {@link
   * #CONNECTIONS}: what to take out of the directory when the node restarts, leaves or dies.
   */
  String nodeSet(String name) {
    return nodePrefix() + nodeId + ":" + name;
  }

  /**
   * Set: the retired index of set {@code name}, users this node may still be named for, being
   * worked through in small batches (after a restart or a rewrite).
   */
  String retiredNodeSet(String name) {
    return nodeSet(name) + ":old";
  }

  /** What comes before a set name in the names of directory entries. */
  String directoryRoot() {
    return prefix + "u:";
  }

  /** What comes before a user id in the names of the directory entries of set {@code name}. */
  String directoryPrefix(String name) {
    return directoryRoot() + name + ":";
  }

  /** String: the comma-separated ids of the nodes holding {@code user} in set {@code name}. */
  String directory(String name, UserId user) {
    return directoryPrefix(name) + user;
  }

  /** The pub/sub channel on which this node receives its users' events. */
  String nodeChannel() {
    return nodePrefix() + nodeId;
  }

  /** The pub/sub channel of group changes. */
  String invalidations() {
    return prefix + "invalidations";
  }

  /** A Bucket4j bucket (a string holding its state). */
  String bucket(Scope scope, String key) {
    return prefix + "rl:" + scope.name().toLowerCase(Locale.ROOT) + ":" + key;
  }
}
