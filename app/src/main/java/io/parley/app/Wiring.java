package io.parley.app;

import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import io.parley.app.Backend.Mode;
import io.parley.app.config.Config;
import io.parley.app.config.ConfigException;
import io.parley.cluster.redis.BucketLimit;
import io.parley.cluster.redis.RedisConfig;
import io.parley.core.group.GroupConfig;
import io.parley.core.id.IdGenerator;
import io.parley.core.message.MessagingConfig;
import io.parley.core.ratelimit.RateLimiter.Scope;
import io.parley.gateway.GatewayConfig;
import io.parley.gateway.RateLimitConfig;
import io.parley.store.cassandra.CassandraConfig;
import io.parley.store.rocksdb.RocksDbConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Maps configuration keys onto each module's own validated config record. */
final class Wiring {

  private Wiring() {}

  static Mode mode(Config config) {
    String raw = config.string("mode");
    String mode = raw == null ? "" : raw.trim().toLowerCase(Locale.ROOT);
    return switch (mode) {
      case "embedded" -> Mode.EMBEDDED;
      case "cluster" -> Mode.CLUSTER;
      default -> throw new ConfigException("mode must be embedded or cluster: " + raw);
    };
  }

  /**
   * The token-signing key. In cluster mode it must be configured: a key generated into one node's
   * data directory would make every other node refuse that node's tokens.
   */
  static byte[] jwtSecret(Config config, Mode mode, Path dataDir) {
    String configured = config.string("auth.jwt-secret");
    if (configured == null && mode == Mode.CLUSTER) {
      throw new ConfigException(
          "auth.jwt-secret must be set in cluster mode: every node must sign and check tokens"
              + " with the same secret");
    }
    return JwtSecret.resolve(configured, dataDir);
  }

  static int nodeId(Config config) {
    return config.integer("node.id", 0, IdGenerator.MAX_NODE);
  }

  static CassandraConfig cassandraConfig(Config config) {
    List<String> contactPoints =
        Arrays.stream(required(config, "cassandra.contact-points").split(","))
            .map(String::trim)
            .filter(point -> !point.isEmpty())
            .toList();
    Map<String, String> replication = replication(config);
    DefaultConsistencyLevel consistency = consistency(config, "cassandra.consistency");
    DefaultConsistencyLevel serial = consistency(config, "cassandra.serial-consistency");
    Duration ttl = config.duration("cassandra.message-ttl");
    Duration timeout = config.duration("cassandra.request-timeout");
    int nodeId = nodeId(config);
    try {
      return new CassandraConfig(
          contactPoints,
          required(config, "cassandra.local-datacenter").trim(),
          required(config, "cassandra.keyspace").trim(),
          replication,
          consistency,
          serial,
          ttl,
          timeout,
          nodeId);
    } catch (IllegalArgumentException e) { // its messages name the keys above
      throw new ConfigException(e.getMessage());
    }
  }

  /**
   * {@code replication_factor=N} is SimpleStrategy (one data centre); {@code dc1=3,dc2=3} is
   * NetworkTopologyStrategy with that many replicas in each data centre. The counts are checked by
   * {@link CassandraConfig}.
   */
  static Map<String, String> replication(Config config) {
    String raw = required(config, "cassandra.replication");
    Map<String, String> counts = new LinkedHashMap<>();
    for (String pair : raw.split(",")) {
      String[] parts = pair.split("=", -1);
      if (parts.length != 2 || parts[0].isBlank() || counts.containsKey(parts[0].trim())) {
        throw new ConfigException(
            "cassandra.replication must be replication_factor=N or <dc>=N,<dc>=N (each data"
                + " centre once): "
                + raw);
      }
      counts.put(parts[0].trim(), parts[1].trim());
    }
    Map<String, String> replication = new LinkedHashMap<>();
    replication.put(
        "class",
        counts.containsKey("replication_factor")
            ? CassandraConfig.SIMPLE_STRATEGY
            : CassandraConfig.NETWORK_TOPOLOGY_STRATEGY);
    replication.putAll(counts);
    return replication;
  }

  private static DefaultConsistencyLevel consistency(Config config, String key) {
    String raw = required(config, key);
    try {
      return DefaultConsistencyLevel.valueOf(raw.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          key
              + " must be one of "
              + Arrays.toString(DefaultConsistencyLevel.values())
              + ": "
              + raw);
    }
  }

  /** This node is {@code node-<node.id>} in Redis: the id every live node has its own of. */
  static RedisConfig redisConfig(Config config) {
    String uri = required(config, "redis.uri").trim();
    String prefix = required(config, "redis.key-prefix");
    Duration commandTimeout = config.duration("redis.command-timeout");
    Duration nodeTtl = config.duration("redis.node-ttl");
    Duration maxReconnectDelay = config.duration("redis.max-reconnect-delay");
    String nodeName = "node-" + nodeId(config);
    try {
      return new RedisConfig(uri, nodeName, prefix, commandTimeout, nodeTtl, maxReconnectDelay);
    } catch (IllegalArgumentException e) { // its messages name the keys above
      throw new ConfigException(e.getMessage());
    }
  }

  /**
   * The {@code ratelimit.*} settings as shared buckets, shaped as the embedded limiter shapes them:
   * the burst is the capacity, refilled smoothly at the sustained rate. Disabled limits are no
   * buckets at all (unlimited).
   */
  static Map<Scope, BucketLimit> redisLimits(RateLimitConfig limits) {
    if (!limits.enabled()) return Map.of();
    Map<Scope, BucketLimit> buckets = new EnumMap<>(Scope.class);
    buckets.put(
        Scope.SEND_PER_USER,
        new BucketLimit(
            limits.sendPerUserBurst(), limits.sendPerUserPerSecond(), Duration.ofSeconds(1)));
    buckets.put(
        Scope.SEND_PER_IP,
        new BucketLimit(
            limits.sendPerIpBurst(), limits.sendPerIpPerSecond(), Duration.ofSeconds(1)));
    buckets.put(
        Scope.AUTH_PER_IP,
        new BucketLimit(
            limits.authPerIpBurst(), limits.authPerIpPerMinute(), Duration.ofMinutes(1)));
    return buckets;
  }

  private static String required(Config config, String key) {
    String value = config.string(key);
    if (value == null) throw new ConfigException(key + " must be set");
    return value;
  }

  static RocksDbConfig rocksDbConfig(Config config, Path dataDir) {
    return new RocksDbConfig(
        dataDir.resolve("store"),
        config.integer("store.write-buffer-mb", 1, 4096),
        config.integer("store.block-cache-mb", 1, 65536),
        config.integer("store.max-batch", 1, 100_000),
        config.bool("store.sync"));
  }

  static int hashThreads(Config config) {
    int threads = config.integer("auth.hash-threads", 0, 256);
    return threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
  }

  static MessagingConfig messagingConfig(Config config) {
    return new MessagingConfig(
        config.integer("limits.max-content-bytes", 1, 16 * 1024 * 1024),
        config.integer("limits.page-size", 1, 10_000),
        config.integer("limits.max-page-size", 1, 10_000));
  }

  static GroupConfig groupConfig(Config config) {
    return new GroupConfig(config.integer("groups.max-members", 2, 100_000));
  }

  static RateLimitConfig rateLimitConfig(Config config) {
    return new RateLimitConfig(
        config.bool("ratelimit.enabled"),
        config.integer("ratelimit.send-per-user", 1, 1_000_000),
        config.integer("ratelimit.send-per-user-burst", 1, 1_000_000),
        config.integer("ratelimit.send-per-ip", 1, 10_000_000),
        config.integer("ratelimit.send-per-ip-burst", 1, 10_000_000),
        config.integer("ratelimit.auth-per-ip-per-minute", 1, 10_000_000),
        config.integer("ratelimit.auth-per-ip-burst", 1, 10_000_000));
  }

  static GatewayConfig gatewayConfig(Config config, RateLimitConfig rateLimits) {
    return new GatewayConfig(
        config.string("server.host"),
        config.integer("server.port", 0, 65535),
        config.integer("limits.max-body-bytes", 1024, 64 * 1024 * 1024),
        config.integer("limits.max-frame-bytes", 1024, 64 * 1024 * 1024),
        config.integer("limits.max-queued-bytes", 1024, 1024 * 1024 * 1024),
        config.duration("ws.heartbeat-interval"),
        config.duration("ws.idle-timeout"),
        config.duration("auth.token-ttl"),
        rateLimits);
  }
}
