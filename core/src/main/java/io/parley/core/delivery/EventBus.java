package io.parley.core.delivery;

import io.parley.core.id.UserId;
import java.util.Collection;
import java.util.concurrent.CompletionStage;

/**
 * Port: routes events to the live connections of users, wherever they are connected (this process
 * in embedded mode; any node in cluster mode). Delivery is best effort: a user who misses an event
 * catches up from the store.
 */
public interface EventBus {

  /**
   * Hands {@code event} to the live connections of {@code recipients}. The stage completes once it
   * is on its way to each of them (given to the local connections; in cluster mode also accepted by
   * Redis), or once a failure is logged: it never completes exceptionally. Events published one
   * after another, each after the previous stage completed, reach every connection in that order,
   * even when different nodes publish them.
   */
  CompletionStage<Void> publish(Collection<UserId> recipients, Event event);

  /** Registers a listener for {@code user}'s events; close the subscription to stop. */
  Subscription subscribe(UserId user, EventListener listener);

  /** Receives events. Must not block: hand the event to the connection's own thread. */
  @FunctionalInterface
  interface EventListener {
    void onEvent(Event event);
  }

  /** A registration, closed when its connection goes away. */
  interface Subscription extends AutoCloseable {
    @Override
    void close();
  }
}
