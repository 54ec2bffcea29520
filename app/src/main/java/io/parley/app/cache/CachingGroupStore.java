package io.parley.app.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.parley.core.group.Group;
import io.parley.core.group.GroupStore;
import io.parley.core.id.GroupId;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Keeps groups (their member lists) in memory for the hot path: membership checks on send,
 * typing fan-out, history authorization.
 *
 * <p>Every change made through this store replaces the cached group before the caller hears of it,
 * and a cached group is only ever replaced by a newer version, so a slow load can never put back a
 * membership that has changed. Who actually receives a message is decided by the store at the
 * write, never by this cache, so even a stale entry cannot leak a message.
 */
public final class CachingGroupStore extends ForwardingGroupStore {

  public static final int DEFAULT_MAX_GROUPS = 100_000;
  private static final Duration IDLE = Duration.ofMinutes(30);

  private final Cache<GroupId, Group> cache;

  public CachingGroupStore(GroupStore store, int maxGroups) {
    super(store);
    this.cache = Caffeine.newBuilder().maximumSize(maxGroups).expireAfterAccess(IDLE).build();
  }

  @Override
  public CompletionStage<Optional<Group>> group(GroupId id) {
    Group cached = cache.getIfPresent(id);
    if (cached != null) return CompletableFuture.completedFuture(Optional.of(cached));
    return super
        .group(id)
        .thenApply(
            found -> {
              found.ifPresent(this::remember);
              return found;
            });
  }

  @Override
  public CompletionStage<Changed> create(NewGroup group, Announcement announcement) {
    return super
        .create(group, announcement)
        .thenApply(
            changed -> {
              remember(changed.group());
              return changed;
            });
  }

  @Override
  public CompletionStage<UpdateResult> update(Group next, Announcement announcement) {
    return super
        .update(next, announcement)
        .thenApply(
            result -> {
              if (result instanceof UpdateResult.Updated updated) {
                remember(updated.change().group());
              } else {
                cache.invalidate(next.id()); // read the stored version on the retry
              }
              return result;
            });
  }

  /** Forgets a group, e.g. when another node changed it. */
  public void invalidate(GroupId id) {
    cache.invalidate(id);
  }

  private void remember(Group group) {
    cache.asMap().merge(group.id(), group, (old, fresh) -> fresh.version() >= old.version() ? fresh : old);
  }
}
