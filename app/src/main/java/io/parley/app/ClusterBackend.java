package io.parley.app;

import io.parley.app.cache.CachingGroupStore;
import io.parley.cluster.redis.BucketLimit;
import io.parley.cluster.redis.RedisCluster;
import io.parley.cluster.redis.RedisConfig;
import io.parley.cluster.redis.RedisEventBus;
import io.parley.cluster.redis.RedisInvalidations;
import io.parley.cluster.redis.RedisPresenceRegistry;
import io.parley.cluster.redis.RedisRateLimiter;
import io.parley.core.account.UserStore;
import io.parley.core.delivery.EventBus;
import io.parley.core.delivery.PresenceRegistry;
import io.parley.core.id.GroupId;
import io.parley.core.message.MessageStore;
import io.parley.core.ratelimit.RateLimiter;
import io.parley.core.ratelimit.RateLimiter.Scope;
import io.parley.store.cassandra.CassandraConfig;
import io.parley.store.cassandra.CassandraStore;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cluster mode: this node keeps no state of its own. Users, messages and groups live in Cassandra;
 * routing between nodes, presence, rate limits and group-change announcements go through Redis.
 * Group changes made here are announced to the other nodes, and their announcements evict this
 * node's cached member lists.
 */
final class ClusterBackend implements Backend {

  private static final Logger log = LoggerFactory.getLogger(ClusterBackend.class);

  /** How long a stopping node waits for its running writes before it leaves Redis. */
  private static final Duration WRITES_GRACE = Duration.ofSeconds(10);

  private final CassandraStore cassandra;
  private final RedisCluster redis;
  private final CassandraConfig cassandraConfig;
  private final CachingGroupStore groups;
  private final RedisEventBus bus;
  private final RedisPresenceRegistry presence;
  private final RedisRateLimiter limiter;

  private ClusterBackend(
      CassandraStore cassandra,
      CassandraConfig cassandraConfig,
      RedisCluster redis,
      Map<Scope, BucketLimit> limits,
      int cachedGroups) {
    this.cassandra = cassandra;
    this.cassandraConfig = cassandraConfig;
    this.redis = redis;
    this.bus = new RedisEventBus(redis);
    this.presence = new RedisPresenceRegistry(redis);
    this.limiter = new RedisRateLimiter(redis, limits);
    RedisInvalidations invalidations = new RedisInvalidations(redis);
    this.groups = new CachingGroupStore(cassandra.groups(), cachedGroups, invalidations::publish);
    invalidations.listen(
        new RedisInvalidations.Listener() {
          @Override
          public void groupChanged(GroupId group, long version) {
            groups.groupChanged(group, version);
          }

          @Override
          public void mayHaveMissedChanges() {
            groups.invalidateAll();
          }
        });
  }

  /**
   * Connects to Cassandra (creating the keyspace and schema as needed), then joins Redis. Blocks:
   * call it at start-up. Fails if either cannot be reached.
   */
  static ClusterBackend open(
      CassandraConfig cassandraConfig,
      RedisConfig redisConfig,
      Map<Scope, BucketLimit> limits,
      int cachedGroups) {
    CassandraStore cassandra = CassandraStore.open(cassandraConfig);
    RedisCluster redis = null;
    try {
      redis = RedisCluster.connect(redisConfig);
      return new ClusterBackend(cassandra, cassandraConfig, redis, limits, cachedGroups);
    } catch (RuntimeException e) {
      if (redis != null) redis.close();
      cassandra.close();
      throw e;
    }
  }

  @Override
  public Mode mode() {
    return Mode.CLUSTER;
  }

  @Override
  public UserStore users() {
    return cassandra.users();
  }

  @Override
  public MessageStore messages() {
    return cassandra.messages();
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
    return "Cassandra keyspace "
        + cassandraConfig.keyspace()
        + " via "
        + String.join(",", cassandraConfig.contactPoints())
        + ", Redis "
        + withoutPassword(redis.config().uri())
        + " as "
        + redis.config().nodeId();
  }

  /** The URI with any {@code user:password@} part masked, for logs. */
  static String withoutPassword(String uri) {
    return uri.replaceAll("//[^/@]*@", "//***@");
  }

  /**
   * Lets the writes still running finish (they publish their messages through Redis), then leaves
   * Redis (this node's users go offline, nothing more is routed here), then closes the Cassandra
   * session.
   */
  @Override
  public void close() {
    try {
      if (!cassandra.awaitWrites(WRITES_GRACE)) {
        log.warn("writes still running after {}: stopping anyway", WRITES_GRACE);
      }
      redis.close();
    } finally {
      cassandra.close();
    }
  }
}
