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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link EventBus} of cluster mode: listeners are kept on their own node (a {@link
 * LocalEventBus}), and events for users connected elsewhere travel through Redis pub/sub.
 *
 * <p><b>Routing.</b> Each node subscribes to one channel of its own, {@code <prefix>node:<id>}, and
 * names itself in the directory entry {@code <prefix>u:subs:<user id>} of every user with a
 * listener on it (see {@link NodeUsers}). A publish delivers to the local listeners (but see
 * <b>Order</b>), then runs one script in Redis that reads the recipients' entries, keeps the nodes
 * that are alive ({@link NodeRegistry}; one lookup per distinct node), and publishes <em>one</em>
 * message to each other node that holds some of them: those recipients, then the encoded event
 * ({@link EventCodec}).
 *
 * <p><b>Why this design.</b> A 1,000-member group message costs one round trip and at most one
 * pub/sub message per node, not one per recipient, and a node only receives the events of users it
 * holds (unlike one shared channel, which would send every event to every node). Looking the
 * recipients up in a per-user directory makes a publish cost O(recipients + nodes holding them)
 * inside Redis, whatever the number of live nodes; the earlier design, one user set per node,
 * looked every recipient up in every live node's set, and its cost grew with the fleet. The price
 * is clean-up: directory entries do not expire with their node, so readers skip and drop dead
 * nodes, and the survivors sweep what a dead node left (see {@link NodeRegistry}).
 *
 * <p><b>Order.</b> Other events reach this node's listeners at once. A message (a {@link
 * Event.MessageEvent}) reaches them through Redis like everyone else's: the store publishes a
 * conversation's next message only once Redis has taken the previous one (see {@link
 * io.parley.core.message.MessageStore#onStored}), and Redis pushes messages to each subscribed node
 * in the order it took them, so every connection sees the conversation in seq order even when
 * consecutive messages were stored by different nodes. (Delivered at once, a message stored here
 * could overtake the previous one, stored elsewhere, still on its way from Redis.)
 *
 * <p><b>Failures.</b> Delivery is best effort: clients resync from the store. {@link #publish}
 * never blocks and never throws: while Redis is unreachable it only delivers locally and logs a
 * warning (at most one every few seconds). When Redis is back, Lettuce resubscribes the node's
 * channel and the node writes its set again (at the next heartbeat, or at once on reconnect).
 */
public final class RedisEventBus implements EventBus {

  private static final Logger log = LoggerFactory.getLogger(RedisEventBus.class);
  private static final LuaScript ROUTE = LuaScript.load("route");
  private static final CompletionStage<Void> DONE = CompletableFuture.completedFuture(null);

  /** An origin no node has (node ids are not empty): the route script then skips no node. */
  private static final byte[] NO_ORIGIN = new byte[0];

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
  public CompletionStage<Void> publish(Collection<UserId> recipients, Event event) {
    Set<UserId> users =
        recipients instanceof Set<UserId> set ? set : new LinkedHashSet<>(recipients);
    if (users.isEmpty()) return DONE;
    if (!redis.isConnected()) {
      warnings.warn("Redis is unreachable: events delivered to this node's users only", null);
      return local.publish(users, event);
    }
    boolean ordered = event instanceof Event.MessageEvent;
    if (!ordered) local.publish(users, event);
    try {
      return route(users, event, ordered);
    } catch (RuntimeException e) {
      return failedToRoute(users, event, ordered, e);
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

  /**
   * Runs the route script; {@code includingThisNode}: this node's own recipients get the event
   * through Redis too (the script is given no origin node to skip).
   */
  private CompletionStage<Void> route(Set<UserId> users, Event event, boolean includingThisNode) {
    Keys keys = redis.keys();
    String[] entries = new String[1 + users.size()];
    entries[0] = keys.nodes();
    int i = 1;
    for (UserId user : users) entries[i++] = keys.directory(Keys.SUBSCRIBERS, user);
    byte[][] args = {
      includingThisNode ? NO_ORIGIN : NodeRegistry.ascii(keys.nodeId()),
      NodeRegistry.ascii(keys.nodePrefix()),
      NodeRegistry.ascii(keys.directoryPrefix(Keys.SUBSCRIBERS)),
      codec.encode(event)
    };
    return ROUTE
        .<Long>run(redis.commands(), ScriptOutputType.INTEGER, entries, args, () -> {})
        .handle(
            (nodes, error) ->
                error == null ? DONE : failedToRoute(users, event, includingThisNode, error))
        .thenCompose(done -> done);
  }

  /** Logs the failure; an event meant to reach this node's users through Redis reaches them now. */
  private CompletionStage<Void> failedToRoute(
      Set<UserId> users, Event event, boolean includingThisNode, Throwable error) {
    warnings.warn("Could not route an event through Redis", error);
    return includingThisNode ? local.publish(users, event) : DONE;
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
