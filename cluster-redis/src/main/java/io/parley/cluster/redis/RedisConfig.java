package io.parley.cluster.redis;

import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How a node reaches Redis and names itself there.
 *
 * @param uri a Lettuce URI: {@code redis://host:port/db}, {@code rediss://...} for TLS, or {@code
 *     redis-sentinel://host1:26379,host2:26379/0#mymaster} for Sentinel (several hosts). Redis
 *     Cluster (sharded) is not supported: the scripts read keys they compute themselves.
 * @param nodeId this node's name, unique among live nodes (letters, digits, {@code . _ -})
 * @param keyPrefix put before every key and channel, so several deployments can share one Redis
 * @param commandTimeout how long a command may wait for its answer, and a connect attempt too
 * @param nodeTtl how long a node's entries (routing, presence) outlive its last heartbeat; a node
 *     that dies without cleaning up has its users offline after at most this long. The node
 *     refreshes its entries every third of it.
 * @param maxReconnectDelay the longest pause between two reconnect attempts while Redis is down
 */
public record RedisConfig(
    String uri,
    String nodeId,
    String keyPrefix,
    Duration commandTimeout,
    Duration nodeTtl,
    Duration maxReconnectDelay) {

  public static final String DEFAULT_URI = "redis://127.0.0.1:6379";
  public static final String DEFAULT_KEY_PREFIX = "parley:";
  public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(1);
  public static final Duration DEFAULT_NODE_TTL = Duration.ofSeconds(15);
  public static final Duration DEFAULT_MAX_RECONNECT_DELAY = Duration.ofSeconds(2);

  /** A heartbeat must fit a few times into the node TTL; below this it would be all heartbeat. */
  public static final Duration MIN_NODE_TTL = Duration.ofMillis(300);

  private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final Pattern KEY_PREFIX = Pattern.compile("[A-Za-z0-9._:{}-]{0,64}");

  public RedisConfig {
    Objects.requireNonNull(uri, "redis.uri");
    Objects.requireNonNull(nodeId, "redis.node-id");
    Objects.requireNonNull(keyPrefix, "redis.key-prefix");
    Objects.requireNonNull(commandTimeout, "redis.command-timeout");
    Objects.requireNonNull(nodeTtl, "redis.node-ttl");
    Objects.requireNonNull(maxReconnectDelay, "redis.max-reconnect-delay");
    try {
      RedisURI.create(uri);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("redis.uri is not a Redis URI: " + e.getMessage(), e);
    }
    if (!NODE_ID.matcher(nodeId).matches()) {
      throw new IllegalArgumentException(
          "redis.node-id must be 1-64 letters, digits, '.', '_' or '-', was '" + nodeId + "'");
    }
    if (!KEY_PREFIX.matcher(keyPrefix).matches()) {
      throw new IllegalArgumentException(
          "redis.key-prefix must be at most 64 letters, digits or '.:_-{}', was '"
              + keyPrefix
              + "'");
    }
    positive(commandTimeout, "redis.command-timeout");
    positive(maxReconnectDelay, "redis.max-reconnect-delay");
    if (nodeTtl.compareTo(MIN_NODE_TTL) < 0) {
      throw new IllegalArgumentException(
          "redis.node-ttl must be at least " + MIN_NODE_TTL.toMillis() + " ms, was " + nodeTtl);
    }
  }

  /** The defaults, for a node named {@code nodeId} on the Redis at {@code uri}. */
  public static RedisConfig of(String uri, String nodeId) {
    return new RedisConfig(
        uri,
        nodeId,
        DEFAULT_KEY_PREFIX,
        DEFAULT_COMMAND_TIMEOUT,
        DEFAULT_NODE_TTL,
        DEFAULT_MAX_RECONNECT_DELAY);
  }

  public RedisConfig withKeyPrefix(String prefix) {
    return new RedisConfig(uri, nodeId, prefix, commandTimeout, nodeTtl, maxReconnectDelay);
  }

  public RedisConfig withNodeTtl(Duration ttl) {
    return new RedisConfig(uri, nodeId, keyPrefix, commandTimeout, ttl, maxReconnectDelay);
  }

  /** How often the node refreshes its entries: a third of {@link #nodeTtl}. */
  public Duration heartbeatInterval() {
    return nodeTtl.dividedBy(3);
  }

  private static void positive(Duration value, String name) {
    if (value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException(name + " must be positive, was " + value);
    }
  }
}
