package io.parley.core.delivery;

import io.parley.core.id.UserId;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * Port: who is online, counted over all of a user's connections (on this node in embedded mode,
 * on all nodes in cluster mode).
 */
public interface PresenceRegistry {

  /** Counts a new connection; answers true if it is the user's first (the user came online). */
  CompletionStage<Boolean> connected(UserId user);

  /** Counts a closed connection; answers true if it was the user's last (the user went offline). */
  CompletionStage<Boolean> disconnected(UserId user);

  /** The users among {@code users} that have at least one connection. */
  CompletionStage<Set<UserId>> online(Collection<UserId> users);
}
