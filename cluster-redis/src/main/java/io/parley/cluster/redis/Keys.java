package io.parley.cluster.redis;

import io.parley.core.ratelimit.RateLimiter.Scope;
import java.util.Locale;

/** The names of every key and channel this module uses (listed in the module's README). */
final class Keys {

  /** The node set of users with an event subscription on the node (routing). */
  static final String SUBSCRIBERS = "subs";

  /** The node set of users with a connection on the node (presence). */
  static final String CONNECTIONS = "conns";

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

  /** What comes before a node id in the names of node sets and node channels. */
  String nodePrefix() {
    return prefix + "node:";
  }

  /** Set: the users this node holds, for one of {@link #SUBSCRIBERS} or {@link #CONNECTIONS}. */
  String nodeSet(String name) {
    return nodePrefix() + nodeId + ":" + name;
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
