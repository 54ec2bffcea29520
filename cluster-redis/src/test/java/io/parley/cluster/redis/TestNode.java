package io.parley.cluster.redis;

import io.parley.core.delivery.Event;
import io.parley.core.delivery.EventBus;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;

/** One Parley node's Redis side, with its own connections, as the app would wire it. */
final class TestNode implements AutoCloseable {

  final RedisCluster redis;
  final RedisEventBus bus;
  final RedisPresenceRegistry presence;
  final RedisInvalidations invalidations;

  private TestNode(RedisCluster redis) {
    this.redis = redis;
    this.bus = new RedisEventBus(redis);
    this.presence = new RedisPresenceRegistry(redis);
    this.invalidations = new RedisInvalidations(redis);
  }

  static TestNode join(String uri, String prefix, String nodeId, Duration nodeTtl) {
    return new TestNode(
        RedisCluster.connect(
            RedisConfig.of(uri, nodeId).withKeyPrefix(prefix).withNodeTtl(nodeTtl)));
  }

  /** A key prefix no other test uses, so tests sharing a server never see each other. */
  static String freshPrefix() {
    return "t" + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ":";
  }

  /** Returns once Redis has applied every command this node sent before (PING is ordered). */
  void settle() {
    redis.commands().ping().toCompletableFuture().join();
  }

  /** Stops as a node killed with -9 would: no goodbye to Redis. */
  void crash() {
    redis.haltWithoutLeaving();
  }

  @Override
  public void close() {
    redis.close();
  }

  /** Records the events delivered to one listener. */
  static final class Inbox implements EventBus.EventListener {
    private final Queue<Event> events = new ConcurrentLinkedQueue<>();

    @Override
    public void onEvent(Event event) {
      events.add(event);
    }

    List<Event> events() {
      return List.copyOf(events);
    }
  }
}
