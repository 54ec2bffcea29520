package io.parley.core.delivery;

import io.parley.core.id.UserId;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;

/** The in-process {@link EventBus} of embedded mode. */
public final class LocalEventBus implements EventBus {

  private static final CompletionStage<Void> DONE = CompletableFuture.completedFuture(null);

  private final ConcurrentHashMap<UserId, Set<EventListener>> listeners = new ConcurrentHashMap<>();

  @Override
  public CompletionStage<Void> publish(Collection<UserId> recipients, Event event) {
    for (UserId user : recipients) {
      Set<EventListener> set = listeners.get(user);
      if (set == null) continue;
      for (EventListener listener : set) {
        listener.onEvent(event);
      }
    }
    return DONE;
  }

  @Override
  public Subscription subscribe(UserId user, EventListener listener) {
    listeners.compute(
        user,
        (key, set) -> {
          Set<EventListener> result = set == null ? new CopyOnWriteArraySet<>() : set;
          result.add(listener);
          return result;
        });
    return () ->
        listeners.computeIfPresent(
            user,
            (key, set) -> {
              set.remove(listener);
              return set.isEmpty() ? null : set;
            });
  }

  /** How many users have at least one listener. */
  public int subscribedUsers() {
    return listeners.size();
  }
}
