package io.parley.app.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The catalogue of every configuration key Parley understands, with defaults. */
public final class Settings {

  public static final List<Setting> ALL =
      List.of(
          new Setting("mode", "embedded", "embedded (one process, RocksDB) or cluster (Cassandra + Redis)"),
          new Setting("server.host", "0.0.0.0", "address the HTTP/WebSocket server binds"),
          new Setting("server.port", "8080", "port of the HTTP/WebSocket server (0 = any free)"),
          new Setting("server.event-loops", "0", "event-loop threads (0 = one per core)"),
          new Setting("node.id", "0", "this node's id, 0-1023, embedded in message ids; in cluster mode unique per live node (its Redis name is node-<id>)"),
          new Setting("data.dir", "./data", "directory of the embedded store and generated keys"),
          new Setting("store.write-buffer-mb", "64", "RocksDB memtable size per column family"),
          new Setting("store.block-cache-mb", "256", "RocksDB block cache"),
          new Setting("store.max-batch", "1024", "most writes made durable by one group commit"),
          new Setting("store.sync", "true", "fsync before acknowledging (never false in production)"),
          new Setting("auth.jwt-secret", null, "HMAC secret for tokens (>= 32 bytes); default: generated once into <data.dir>/jwt.key; required in cluster mode (the same on every node)"),
          new Setting("auth.token-ttl", "24h", "lifetime of a login token"),
          new Setting("auth.hash-threads", "0", "password-hashing threads (0 = cores)"),
          new Setting("limits.max-content-bytes", "65536", "largest message content (UTF-8 bytes)"),
          new Setting("limits.max-body-bytes", "524288", "largest HTTP request body"),
          new Setting("limits.max-frame-bytes", "524288", "largest WebSocket frame"),
          new Setting("limits.max-queued-bytes", "1048576", "outbound bytes queued per connection before it is closed as too slow"),
          new Setting("limits.page-size", "50", "default history page size"),
          new Setting("limits.max-page-size", "500", "largest history page size"),
          new Setting("groups.max-members", "1000", "most members a group may have"),
          new Setting("groups.cache-size", "100000", "groups whose member lists are kept in memory"),
          new Setting("ws.heartbeat-interval", "30s", "WebSocket ping interval"),
          new Setting("ws.idle-timeout", "75s", "close a connection silent for this long"),
          new Setting("ratelimit.enabled", "true", "enforce rate limits"),
          new Setting("ratelimit.send-per-user", "20", "messages per second per user (sustained)"),
          new Setting("ratelimit.send-per-user-burst", "40", "messages per user in a burst"),
          new Setting("ratelimit.send-per-ip", "200", "messages per second per client IP"),
          new Setting("ratelimit.send-per-ip-burst", "400", "messages per client IP in a burst"),
          new Setting("ratelimit.auth-per-ip-per-minute", "30", "register/login attempts per minute per client IP"),
          new Setting("ratelimit.auth-per-ip-burst", "30", "register/login attempts per client IP in a burst"),
          new Setting("cassandra.contact-points", "127.0.0.1:9042", "cluster mode: comma-separated host:port of some Cassandra nodes"),
          new Setting("cassandra.local-datacenter", "datacenter1", "cluster mode: the Cassandra data centre this node talks to"),
          new Setting("cassandra.keyspace", "parley", "cluster mode: keyspace, created with cassandra.replication if missing"),
          new Setting("cassandra.replication", "replication_factor=1", "cluster mode: replication_factor=N (SimpleStrategy) or dc1=3,dc2=3 (NetworkTopologyStrategy)"),
          new Setting("cassandra.consistency", "LOCAL_QUORUM", "cluster mode: consistency of reads and writes"),
          new Setting("cassandra.serial-consistency", "LOCAL_SERIAL", "cluster mode: consistency of lightweight transactions (SERIAL or LOCAL_SERIAL)"),
          new Setting("cassandra.message-ttl", "1826d", "cluster mode: how long messages are kept (at most 7300d)"),
          new Setting("cassandra.request-timeout", "5s", "cluster mode: how long one Cassandra request may take"),
          new Setting("redis.uri", "redis://127.0.0.1:6379", "cluster mode: redis://, rediss:// or redis-sentinel://h1,h2/0#master"),
          new Setting("redis.key-prefix", "parley:", "cluster mode: put before every Redis key and channel"),
          new Setting("redis.command-timeout", "1s", "cluster mode: how long a Redis command may wait"),
          new Setting("redis.node-ttl", "15s", "cluster mode: a node that died is forgotten (its users offline) after this long"),
          new Setting("redis.max-reconnect-delay", "2s", "cluster mode: longest pause between Redis reconnect attempts"));

  /** Environment variables read by the launcher and logging, not settings. */
  public static final java.util.Set<String> ENVIRONMENT_ONLY =
      java.util.Set.of("PARLEY_LOG_LEVEL", "PARLEY_JAVA_OPTS", "PARLEY_HOME");

  private Settings() {}

  /** The defaults, by key (unset keys absent). */
  public static Map<String, String> defaults() {
    Map<String, String> result = new LinkedHashMap<>();
    for (Setting setting : ALL) {
      if (setting.defaultValue() != null) result.put(setting.key(), setting.defaultValue());
    }
    return result;
  }

  public static boolean isKnown(String key) {
    return ALL.stream().anyMatch(s -> s.key().equals(key));
  }
}
