package io.parley.core.delivery;

import io.parley.core.id.UserId;
import io.parley.core.message.Message;
import io.parley.core.message.MessageStore;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * Pushes every stored message to the live connections of its audience, in the order the store
 * committed them (it is the store's {@link MessageStore.StoredListener}).
 */
public final class MessageFanout implements MessageStore.StoredListener {

  private final EventBus bus;

  public MessageFanout(EventBus bus) {
    this.bus = bus;
  }

  @Override
  public CompletionStage<Void> stored(Message message, String cursor, Set<UserId> audience) {
    // Latency is measured from the message's timestamp (when the store took it), on this clock.
    long ageNanos = Math.max(0, System.currentTimeMillis() - message.timestamp()) * 1_000_000L;
    return bus.publish(
        audience, new Event.MessageEvent(message, cursor, System.nanoTime() - ageNanos));
  }
}
