package io.parley.gateway.ratelimit;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.parley.core.ratelimit.RateLimiter;
import io.parley.gateway.RateLimitConfig;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@link RateLimiter} over local, in-memory Bucket4j buckets, one per scope and key (a user id, a
 * client IP). Memory is bounded: a bucket left alone long enough to be full again is no different
 * from a new one, so a background sweep drops such buckets every {@link #SWEEP_INTERVAL}. When more
 * than {@code maxKeys} are held, a sweep runs at once and, if that is not enough, also drops the
 * least recently used buckets down to three quarters of {@code maxKeys}. Scopes without a
 * configured limit ({@code REQUEST_PER_USER}) are unlimited.
 */
public final class Bucket4jRateLimiter implements RateLimiter, AutoCloseable {

  public static final Duration SWEEP_INTERVAL = Duration.ofSeconds(30);
  public static final int DEFAULT_MAX_KEYS = 200_000;

  private final boolean enabled;
  private final Map<Scope, Limit> limits = new EnumMap<>(Scope.class);
  private final ConcurrentHashMap<Key, Entry> buckets = new ConcurrentHashMap<>();
  private final int maxKeys;
  private final ScheduledExecutorService sweeper;
  private final AtomicBoolean sweepQueued = new AtomicBoolean();

  public Bucket4jRateLimiter(RateLimitConfig config) {
    this(config, DEFAULT_MAX_KEYS);
  }

  public Bucket4jRateLimiter(RateLimitConfig config, int maxKeys) {
    Objects.requireNonNull(config, "config");
    if (maxKeys < 1) throw new IllegalArgumentException("maxKeys must be >= 1");
    this.enabled = config.enabled();
    this.maxKeys = maxKeys;
    limits.put(
        Scope.SEND_PER_USER,
        new Limit(config.sendPerUserBurst(), config.sendPerUserPerSecond(), Duration.ofSeconds(1)));
    limits.put(
        Scope.SEND_PER_IP,
        new Limit(config.sendPerIpBurst(), config.sendPerIpPerSecond(), Duration.ofSeconds(1)));
    limits.put(
        Scope.AUTH_PER_IP,
        new Limit(config.authPerIpBurst(), config.authPerIpPerMinute(), Duration.ofMinutes(1)));
    sweeper =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "parley-ratelimit-sweeper");
              thread.setDaemon(true);
              return thread;
            });
    long every = SWEEP_INTERVAL.toMillis();
    sweeper.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.MILLISECONDS);
  }

  /** Answers at once: the stage is already complete. */
  @Override
  public CompletionStage<Optional<Duration>> tryAcquire(Scope scope, String key) {
    if (!enabled) return ALLOWED;
    Limit limit = limits.get(scope);
    if (limit == null) return ALLOWED;
    Entry entry = buckets.computeIfAbsent(new Key(scope, key), k -> new Entry(limit.newBucket()));
    entry.lastUsedNanos = System.nanoTime();
    if (buckets.size() > maxKeys && sweepQueued.compareAndSet(false, true)) {
      sweeper.execute(this::sweep);
    }
    ConsumptionProbe probe = entry.bucket.tryConsumeAndReturnRemaining(1);
    if (probe.isConsumed()) return ALLOWED;
    return CompletableFuture.completedStage(
        Optional.of(Duration.ofNanos(Math.max(1, probe.getNanosToWaitForRefill()))));
  }

  /** Drops the buckets that have refilled completely since their last use. */
  void sweep() {
    sweepQueued.set(false);
    long now = System.nanoTime();
    buckets
        .entrySet()
        .removeIf(e -> now - e.getValue().lastUsedNanos > limits.get(e.getKey().scope).refillNanos);
    int excess = buckets.size() - maxKeys * 3 / 4;
    if (buckets.size() > maxKeys && excess > 0) {
      // A flood of distinct keys: forget the least recently used buckets (they start full again).
      long[] used = buckets.values().stream().mapToLong(e -> e.lastUsedNanos).sorted().toArray();
      long cutoff = used[Math.min(used.length - 1, excess - 1)];
      buckets.entrySet().removeIf(e -> e.getValue().lastUsedNanos <= cutoff);
    }
  }

  /** How many buckets are held (for tests and diagnostics). */
  public int size() {
    return buckets.size();
  }

  @Override
  public void close() {
    sweeper.shutdownNow();
  }

  private record Key(Scope scope, String key) {}

  private static final class Entry {
    final Bucket bucket;
    volatile long lastUsedNanos;

    Entry(Bucket bucket) {
      this.bucket = bucket;
    }
  }

  private static final class Limit {
    final int capacity;
    final int tokens;
    final Duration period;
    final long refillNanos;

    Limit(int capacity, int tokens, Duration period) {
      this.capacity = capacity;
      this.tokens = tokens;
      this.period = period;
      // time for an empty bucket to become full again
      this.refillNanos = (long) Math.ceil((double) period.toNanos() * capacity / tokens);
    }

    Bucket newBucket() {
      return Bucket.builder()
          .addLimit(l -> l.capacity(capacity).refillGreedy(tokens, period))
          .build();
    }
  }
}
