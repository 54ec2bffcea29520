package io.parley.cluster.redis;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
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
 * compare-and-swap scripts. The token is taken in Redis and the answer is what Redis says, so a
 * limit holds exactly however many nodes share it. Scopes without a limit are unlimited.
 *
 * <p>The answer takes one round trip and completes on a Lettuce I/O thread: whoever continues from
 * it must not block there (the gateway hops back to its event loop; the core's send goes on with
 * asynchronous store calls).
 *
 * <p>While Redis is unreachable (or fails a call), the answer comes from a local, per-node bucket
 * of the same shape, so each node enforces the limit by itself and a send is never refused for want
 * of Redis: a client spread over N nodes may get N times the rate until Redis is back. A call that
 * hangs waits for the command timeout before it falls back. Memory is bounded: local buckets are
 * forgotten once they would be full again, and at most {@code maxKeys} are kept.
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
    this.local =
        Caffeine.newBuilder().maximumSize(maxKeys).expireAfterAccess(longestRefill).build();
  }

  /** Takes one token from the shared bucket (or, without Redis, from this node's local one). */
  @Override
  public CompletionStage<Optional<Duration>> tryAcquire(Scope scope, String key) {
    BucketConfiguration configuration = configurations.get(scope);
    if (configuration == null) return ALLOWED;
    Key id = new Key(scope, key);
    if (!redis.isConnected()) return CompletableFuture.completedStage(tryLocally(id));
    try {
      return shared
          .builder()
          .build(
              redis.keys().bucket(scope, key),
              () -> CompletableFuture.completedFuture(configuration))
          .tryConsumeAndReturnRemaining(1)
          .handle(
              (probe, error) -> {
                if (error == null) return verdict(probe);
                warnings.warn("Rate limit checked locally: Redis failed", error);
                return tryLocally(id);
              });
    } catch (RuntimeException e) {
      warnings.warn("Rate limit checked locally: Redis failed", e);
      return CompletableFuture.completedStage(tryLocally(id));
    }
  }

  private static Optional<Duration> verdict(ConsumptionProbe probe) {
    if (probe.isConsumed()) return Optional.empty();
    return Optional.of(Duration.ofNanos(Math.max(1, probe.getNanosToWaitForRefill())));
  }

  private Optional<Duration> tryLocally(Key id) {
    Bucket bucket =
        local.get(id, k -> Bucket.builder().addLimit(bandwidth(limits.get(k.scope()))).build());
    return verdict(bucket.tryConsumeAndReturnRemaining(1));
  }

  private static Bandwidth bandwidth(BucketLimit limit) {
    return Bandwidth.builder()
        .capacity(limit.capacity())
        .refillGreedy(limit.refillTokens(), limit.period())
        .build();
  }

  private record Key(Scope scope, String key) {}
}
