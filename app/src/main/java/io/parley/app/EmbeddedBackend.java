package io.parley.app;

import io.parley.app.cache.CachingGroupStore;
import io.parley.core.account.UserStore;
import io.parley.core.delivery.EventBus;
import io.parley.core.delivery.LocalEventBus;
import io.parley.core.delivery.LocalPresenceRegistry;
import io.parley.core.delivery.PresenceRegistry;
import io.parley.core.message.MessageStore;
import io.parley.core.metrics.ParleyMetrics;
import io.parley.core.ratelimit.RateLimiter;
import io.parley.gateway.RateLimitConfig;
import io.parley.gateway.ratelimit.Bucket4jRateLimiter;
import io.parley.store.rocksdb.RocksDbConfig;
import io.parley.store.rocksdb.RocksDbStore;
import java.nio.file.Path;

/**
 * Embedded mode: one process holds everything. The RocksDB store in the data directory, and the
 * event bus, presence and rate limits in memory.
 */
final class EmbeddedBackend implements Backend {

  private final RocksDbStore store;
  private final Path dir;
  private final CachingGroupStore groups;
  private final LocalEventBus bus = new LocalEventBus();
  private final LocalPresenceRegistry presence = new LocalPresenceRegistry();
  private final Bucket4jRateLimiter limiter;

  private EmbeddedBackend(
      RocksDbStore store, Path dir, int cachedGroups, RateLimitConfig rateLimits) {
    this.store = store;
    this.dir = dir;
    this.groups = new CachingGroupStore(store, cachedGroups);
    this.limiter = new Bucket4jRateLimiter(rateLimits);
  }

  static EmbeddedBackend open(
      RocksDbConfig config, int cachedGroups, RateLimitConfig rateLimits, ParleyMetrics metrics) {
    RocksDbStore store = RocksDbStore.open(config, metrics);
    try {
      return new EmbeddedBackend(store, config.dir(), cachedGroups, rateLimits);
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  @Override
  public Mode mode() {
    return Mode.EMBEDDED;
  }

  @Override
  public UserStore users() {
    return store;
  }

  @Override
  public MessageStore messages() {
    return store;
  }

  @Override
  public CachingGroupStore groups() {
    return groups;
  }

  @Override
  public EventBus bus() {
    return bus;
  }

  @Override
  public PresenceRegistry presence() {
    return presence;
  }

  @Override
  public RateLimiter limiter() {
    return limiter;
  }

  @Override
  public String describe() {
    return "RocksDB in " + dir;
  }

  /** Makes pending writes durable and closes the store. */
  @Override
  public void close() {
    limiter.close();
    store.close();
  }
}
