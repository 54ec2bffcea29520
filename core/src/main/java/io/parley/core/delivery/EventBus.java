package io.parley.core.delivery;

import io.parley.core.id.UserId;
import java.util.Collection;

/**
 * Port: routes events to the live connections of users, wherever they are connected (this
 * process in embedded mode; any node in cluster mode). Delivery is best effort: a user who misses
 * an event catches up from the store.
 */
public interface EventBus {

  void publish(Collection<UserId> recipients, Event event);

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
