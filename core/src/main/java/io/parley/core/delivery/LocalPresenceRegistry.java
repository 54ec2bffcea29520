package io.parley.core.delivery;

import io.parley.core.id.UserId;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/** The in-process {@link PresenceRegistry} of embedded mode. */
public final class LocalPresenceRegistry implements PresenceRegistry {

  private final ConcurrentHashMap<UserId, Integer> connections = new ConcurrentHashMap<>();

  @Override
  public CompletionStage<Boolean> connected(UserId user) {
    int count = connections.merge(user, 1, Integer::sum);
    return CompletableFuture.completedFuture(count == 1);
  }

  @Override
  public CompletionStage<Boolean> disconnected(UserId user) {
    Integer count = connections.computeIfPresent(user, (key, n) -> n <= 1 ? null : n - 1);
    return CompletableFuture.completedFuture(count == null);
  }

  @Override
  public CompletionStage<Set<UserId>> online(Collection<UserId> users) {
    Set<UserId> result = new HashSet<>();
    for (UserId user : users) {
      if (connections.containsKey(user)) result.add(user);
    }
    return CompletableFuture.completedFuture(result);
  }
}
