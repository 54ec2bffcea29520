package io.parley.cluster.redis;

import io.lettuce.core.ScriptOutputType;
import io.parley.core.delivery.Event;
import io.parley.core.delivery.EventBus;
import io.parley.core.delivery.LocalEventBus;
import io.parley.core.id.UserId;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link EventBus} of cluster mode: listeners are kept on their own node (a {@link
 * LocalEventBus}), and events for users connected elsewhere travel through Redis pub/sub.
 *
 * <p><b>Routing.</b> Each node subscribes to one channel of its own, {@code <prefix>node:<id>}, and
 * keeps the set {@code <prefix>node:<id>:subs} of the users with a listener on it (see {@link
 * NodeUsers}; it expires with the node, see {@link NodeRegistry}). A publish delivers to the local
 * listeners at once, then runs one script in Redis that, for every other live node, intersects the
 * recipients with that node's set ({@code SMISMEMBER}) and publishes <em>one</em> message to each
 * node that holds some of them: those recipients, then the encoded event ({@link EventCodec}).
 *
 * <p><b>Why this design.</b> A 1,000-member group message costs one round trip and at most one
 * pub/sub message per node, not one per recipient, and a node only receives the events of users it
 * holds (unlike one shared channel, which would send every event to every node). The routing
 * entries live in per-node sets rather than per-user ones because Redis 7.0 can only expire whole
 * keys: a per-node set disappears by itself when its node stops refreshing it, with no clean-up
 * job. The price is that a publish looks its recipients up in every live node's set: O(nodes x
 * recipients) hash lookups inside Redis, cheap for the tens of nodes this is meant for.
 *
 * <p><b>Failures.</b> Delivery is best effort: clients resync from the store. {@link #publish}
 * never blocks and never throws: while Redis is unreachable it only delivers locally and logs a
 * warning (at most one every few seconds). When Redis is back, Lettuce resubscribes the node's
 * channel and the node writes its set again (at the next heartbeat, or at once on reconnect).
 */
public final class RedisEventBus implements EventBus {

  private static final Logger log = LoggerFactory.getLogger(RedisEventBus.class);
  private static final LuaScript ROUTE = LuaScript.load("route");

  private final RedisCluster redis;
  private final NodeUsers subscribers;
  private final LocalEventBus local = new LocalEventBus();
  private final EventCodec codec = EventCodec.system();
  private final WarnThrottle warnings = new WarnThrottle(log);

  /** Subscribes to this node's channel; blocks until Redis confirmed it (at start-up). */
  public RedisEventBus(RedisCluster redis) {
    this.redis = redis;
    this.subscribers = redis.nodes().users(Keys.SUBSCRIBERS);
    long timeout = redis.config().commandTimeout().toMillis();
    try {
      redis
          .subscribe(redis.keys().nodeChannel(), this::onRemote)
          .toCompletableFuture()
          .get(timeout, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("could not subscribe to this node's Redis channel", e);
    }
  }

  @Override
  public void publish(Collection<UserId> recipients, Event event) {
    Set<UserId> users =
        recipients instanceof Set<UserId> set ? set : new LinkedHashSet<>(recipients);
    local.publish(users, event);
    if (users.isEmpty()) return;
    if (!redis.isConnected()) {
      warnings.warn("Redis is unreachable: events delivered to this node's users only", null);
      return;
    }
    try {
      route(users, event);
    } catch (RuntimeException e) {
      warnings.warn("Could not route an event through Redis", e);
    }
  }

  @Override
  public Subscription subscribe(UserId user, EventListener listener) {
    Subscription subscription = local.subscribe(user, listener);
    subscribers.add(user);
    AtomicBoolean open = new AtomicBoolean(true);
    return () -> {
      if (open.compareAndSet(true, false)) {
        subscription.close();
        subscribers.remove(user);
      }
    };
  }

  private void route(Set<UserId> users, Event event) {
    Keys keys = redis.keys();
    byte[][] args = new byte[4 + users.size()][];
    args[0] = NodeRegistry.ascii(keys.nodeId());
    args[1] = NodeRegistry.ascii(keys.nodePrefix());
    args[2] = NodeRegistry.ascii(Keys.SUBSCRIBERS);
    args[3] = codec.encode(event);
    int i = 4;
    for (UserId user : users) args[i++] = NodeRegistry.ascii(user.toString());
    ROUTE
        .<Long>run(
            redis.commands(), ScriptOutputType.INTEGER, new String[] {keys.nodes()}, args, () -> {})
        .whenComplete(
            (nodes, error) -> {
              if (error != null) warnings.warn("Could not route an event through Redis", error);
            });
  }

  /** An event from another node: its recipients held here, a newline, the encoded event. */
  private void onRemote(byte[] payload) {
    try {
      int newline = indexOf(payload, (byte) '\n');
      if (newline < 0) throw new IllegalArgumentException("no recipient list");
      List<UserId> users = new ArrayList<>();
      String list = new String(payload, 0, newline, StandardCharsets.US_ASCII);
      for (String id : list.split(",")) {
        users.add(UserId.parse(id).orElseThrow(() -> new IllegalArgumentException("bad id " + id)));
      }
      Event event = codec.decode(payload, newline + 1, payload.length - newline - 1);
      local.publish(users, event);
    } catch (RuntimeException e) {
      warnings.warn("Dropped an event from Redis that could not be decoded", e);
    }
  }

  private static int indexOf(byte[] bytes, byte wanted) {
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == wanted) return i;
    }
    return -1;
  }
}
