package io.parley.app;

import io.parley.app.config.Config;
import io.parley.core.group.GroupConfig;
import io.parley.core.message.MessagingConfig;
import io.parley.gateway.GatewayConfig;
import io.parley.gateway.RateLimitConfig;
import io.parley.store.rocksdb.RocksDbConfig;
import java.nio.file.Path;

/** Maps configuration keys onto each module's own validated config record. */
final class Wiring {

  private Wiring() {}

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
