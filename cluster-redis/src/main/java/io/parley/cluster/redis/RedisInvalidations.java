package io.parley.cluster.redis;

import io.parley.core.id.GroupId;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells every node when a group changed, so each can drop its cached member list. Messages go on
 * the channel {@code <prefix>invalidations} as text: {@code <origin node> <group id> <version>}; a
 * node ignores its own.
 *
 * <p>Best effort, like all pub/sub: changes published while a node is cut off from Redis never
 * reach it, so after its pub/sub connection comes back {@link Listener#mayHaveMissedChanges} runs
 * and the listener should forget every cached group.
 */
public final class RedisInvalidations {

  private static final Logger log = LoggerFactory.getLogger(RedisInvalidations.class);

  private final RedisCluster redis;
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private final WarnThrottle warnings = new WarnThrottle(log);

  /** Hears about group changes from other nodes. Called on a Lettuce thread: must not block. */
  public interface Listener {
    void groupChanged(GroupId group, long version);

    /** Some changes may have been missed (the node was cut off from Redis). */
    void mayHaveMissedChanges();
  }

  /** Subscribes to the channel; blocks until Redis confirmed it (at start-up). */
  public RedisInvalidations(RedisCluster redis) {
    this.redis = redis;
    redis.onResubscribed(() -> listeners.forEach(Listener::mayHaveMissedChanges));
    try {
      redis
          .subscribe(redis.keys().invalidations(), this::onMessage)
          .toCompletableFuture()
          .get(redis.config().commandTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("could not subscribe to the group invalidation channel", e);
    }
  }

  public void listen(Listener listener) {
    listeners.add(listener);
  }

  /**
   * Tells the other nodes that {@code group} changed to {@code version}. Never fails: the stage
   * completes once Redis took the message, or a failure was logged.
   */
  public CompletionStage<Void> publish(GroupId group, long version) {
    if (!redis.isConnected()) {
      warnings.warn("Redis is unreachable: group change not announced to other nodes", null);
      return CompletableFuture.completedFuture(null);
    }
    String text = redis.keys().nodeId() + " " + group + " " + version;
    return redis
        .commands()
        .publish(redis.keys().invalidations(), text.getBytes(StandardCharsets.US_ASCII))
        .handle(
            (receivers, error) -> {
              if (error != null) warnings.warn("Could not announce a group change", error);
              return null;
            });
  }

  private void onMessage(byte[] payload) {
    String[] parts = new String(payload, StandardCharsets.US_ASCII).split(" ");
    if (parts.length != 3) {
      warnings.warn("Ignored a malformed group invalidation", null);
      return;
    }
    if (parts[0].equals(redis.keys().nodeId())) return;
    try {
      GroupId group = GroupId.parse(parts[1]).orElseThrow();
      long version = Long.parseLong(parts[2]);
      for (Listener listener : listeners) listener.groupChanged(group, version);
    } catch (RuntimeException e) {
      warnings.warn("Ignored a malformed group invalidation", e);
    }
  }
}
