package io.parley.cluster.redis;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.AsyncProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.parley.core.ratelimit.RateLimiter;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link RateLimiter} whose token buckets are shared by all nodes: Bucket4j's Lettuce backend keeps
 * each bucket in Redis ({@code <prefix>rl:<scope>:<key>}, expiring once full again), updated by
 * compare-and-swap scripts. Scopes without a limit are unlimited.
 *
 * <p>{@link #tryAcquireAsync} is exact: it takes the token in Redis and answers what Redis says.
 *
 * <p>{@link #tryAcquire}, the synchronous port called on event loops, must never wait for Redis. It
 * answers from what this node already knows and takes the token in Redis in the background: a key
 * that Redis refused recently is refused here until its bucket has a token again; otherwise the
 * call is allowed. Each call still takes its token from the shared bucket, so the shared count is
 * exact; only the verdict lags, by one round trip: once a bucket runs dry, each node may let
 * through the calls it made in the meantime (in practice one or two per key and node) before it
 * refuses them too.
 *
 * <p>While Redis is unreachable (or fails a call), both methods answer from a local, per-node
 * bucket of the same shape, so each node enforces the limit by itself: a client spread over N nodes
 * may get N times the rate until Redis is back. Memory is bounded: local buckets and refusals are
 * forgotten once they no longer matter, and at most {@code maxKeys} of each are kept.
 */
public final class RedisRateLimiter implements RateLimiter {

  public static final int DEFAULT_MAX_KEYS = 200_000;

  /** How long a full bucket stays in Redis before it is dropped (it starts full again anyway). */
  private static final Duration KEEP_FULL_BUCKETS = Duration.ofSeconds(10);

  private static final Logger log = LoggerFactory.getLogger(RedisRateLimiter.class);

  private final RedisCluster redis;
  private final Map<Scope, BucketLimit> limits;
  private final Map<Scope, BucketConfiguration> configurations = new EnumMap<>(Scope.class);
  private final AsyncProxyManager<String> shared;
  private final Cache<Key, Long> refusedUntilNanos;
  private final Cache<Key, Bucket> local;
  private final WarnThrottle warnings = new WarnThrottle(log);

  public RedisRateLimiter(RedisCluster redis, Map<Scope, BucketLimit> limits) {
    this(redis, limits, DEFAULT_MAX_KEYS);
  }

  public RedisRateLimiter(RedisCluster redis, Map<Scope, BucketLimit> limits, int maxKeys) {
    if (maxKeys < 1) throw new IllegalArgumentException("maxKeys must be >= 1");
    this.redis = redis;
    this.limits = limits.isEmpty() ? Map.of() : new EnumMap<>(limits);
    Duration longestRefill = Duration.ofSeconds(1);
    for (Map.Entry<Scope, BucketLimit> entry : this.limits.entrySet()) {
      BucketLimit limit = entry.getValue();
      configurations.put(
          entry.getKey(), BucketConfiguration.builder().addLimit(bandwidth(limit)).build());
      if (limit.refillTime().compareTo(longestRefill) > 0) longestRefill = limit.refillTime();
    }
    this.shared =
        Bucket4jLettuce.casBasedBuilder(redis.connection())
            .expirationAfterWrite(
                ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                    KEEP_FULL_BUCKETS))
            .build()
            .asAsync();
    this.refusedUntilNanos =
        Caffeine.newBuilder().maximumSize(maxKeys).expireAfter(new UntilDeadline()).build();
    this.local =
        Caffeine.newBuilder().maximumSize(maxKeys).expireAfterAccess(longestRefill).build();
  }

  /** Takes one token from the shared bucket; empty if allowed, else how long until one is there. */
  public CompletionStage<Optional<Duration>> tryAcquireAsync(Scope scope, String key) {
    BucketConfiguration configuration = configurations.get(scope);
    if (configuration == null) return CompletableFuture.completedFuture(Optional.empty());
    Key id = new Key(scope, key);
    if (!redis.isConnected()) return CompletableFuture.completedFuture(tryLocally(id));
    try {
      return shared
          .builder()
          .build(
              redis.keys().bucket(scope, key),
              () -> CompletableFuture.completedFuture(configuration))
          .tryConsumeAndReturnRemaining(1)
          .handle(
              (probe, error) -> {
                if (error == null) return verdict(id, probe);
                warnings.warn("Rate limit checked locally: Redis failed", error);
                return tryLocally(id);
              });
    } catch (RuntimeException e) {
      warnings.warn("Rate limit checked locally: Redis failed", e);
      return CompletableFuture.completedFuture(tryLocally(id));
    }
  }

  /** Never blocks; see the class comment for how it stays close to the shared limit. */
  @Override
  public Optional<Duration> tryAcquire(Scope scope, String key) {
    if (!configurations.containsKey(scope)) return Optional.empty();
    Key id = new Key(scope, key);
    Long until = refusedUntilNanos.getIfPresent(id);
    if (until != null) {
      long left = until - System.nanoTime();
      if (left > 0) return Optional.of(Duration.ofNanos(left));
    }
    if (!redis.isConnected()) return tryLocally(id);
    tryAcquireAsync(scope, key);
    return Optional.empty();
  }

  private Optional<Duration> verdict(Key id, ConsumptionProbe probe) {
    if (probe.isConsumed()) return Optional.empty();
    long wait = Math.max(1, probe.getNanosToWaitForRefill());
    refusedUntilNanos.put(id, System.nanoTime() + wait);
    return Optional.of(Duration.ofNanos(wait));
  }

  private Optional<Duration> tryLocally(Key id) {
    Bucket bucket =
        local.get(id, k -> Bucket.builder().addLimit(bandwidth(limits.get(k.scope()))).build());
    return verdict(id, bucket.tryConsumeAndReturnRemaining(1));
  }

  private static Bandwidth bandwidth(BucketLimit limit) {
    return Bandwidth.builder()
        .capacity(limit.capacity())
        .refillGreedy(limit.refillTokens(), limit.period())
        .build();
  }

  private record Key(Scope scope, String key) {}

  /** A refusal is kept exactly until its deadline. */
  private static final class UntilDeadline implements Expiry<Key, Long> {
    @Override
    public long expireAfterCreate(Key key, Long deadline, long now) {
      return Math.max(0, deadline - System.nanoTime());
    }

    @Override
    public long expireAfterUpdate(Key key, Long deadline, long now, long current) {
      return Math.max(0, deadline - System.nanoTime());
    }

    @Override
    public long expireAfterRead(Key key, Long deadline, long now, long current) {
      return current;
    }
  }
}
