package io.parley.app.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.parley.core.group.Group;
import io.parley.core.group.GroupStore;
import io.parley.core.id.GroupId;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps groups (their member lists) in memory for the hot path: membership checks on send, typing
 * fan-out, history authorization.
 *
 * <p>Every change made through this store replaces the cached group before the caller hears of it,
 * and a cached group is only ever replaced by a newer version, so a slow load can never put back a
 * membership that has changed. Who actually receives a message is decided by the store at the
 * write, never by this cache, so even a stale entry cannot leak a message.
 *
 * <p>In cluster mode other nodes change groups too. Each change made here is announced ({@link
 * Announcer}); a change announced by another node ({@link #groupChanged}) drops the entry unless it
 * is already that new, and remembers the version as a floor so that a load or write that read the
 * older group and completes later cannot put it back. When announcements may have been missed
 * ({@link #invalidateAll}), everything is dropped, and whatever was being read or written before
 * that is not cached when it completes.
 */
public final class CachingGroupStore extends ForwardingGroupStore {

  public static final int DEFAULT_MAX_GROUPS = 100_000;
  private static final Duration IDLE = Duration.ofMinutes(30);

  /**
   * How long a version announced by another node keeps older reads out of the cache: far longer
   * than any read or write is in flight.
   */
  private static final Duration FLOOR_LIFETIME = Duration.ofMinutes(1);

  /** Hears of every group created or changed through this store, once the store has it. */
  @FunctionalInterface
  public interface Announcer {
    Announcer NONE = (group, version) -> {};

    void changed(GroupId group, long version);
  }

  private final Cache<GroupId, Group> cache;
  private final Cache<GroupId, Long> floors;
  private final Announcer announcer;

  /** Bumped by {@link #invalidateAll}: a read or write begun in an older generation is not kept. */
  private final AtomicLong generation = new AtomicLong();

  public CachingGroupStore(GroupStore store, int maxGroups) {
    this(store, maxGroups, Announcer.NONE);
  }

  public CachingGroupStore(GroupStore store, int maxGroups, Announcer announcer) {
    super(store);
    this.cache = Caffeine.newBuilder().maximumSize(maxGroups).expireAfterAccess(IDLE).build();
    this.floors =
        Caffeine.newBuilder().maximumSize(maxGroups).expireAfterWrite(FLOOR_LIFETIME).build();
    this.announcer = Objects.requireNonNull(announcer, "announcer");
  }

  @Override
  public CompletionStage<Optional<Group>> group(GroupId id) {
    Group cached = cache.getIfPresent(id);
    if (cached != null) return CompletableFuture.completedFuture(Optional.of(cached));
    long begun = generation.get();
    return super.group(id)
        .thenApply(
            found -> {
              found.ifPresent(group -> remember(group, begun));
              return found;
            });
  }

  @Override
  public CompletionStage<Changed> create(NewGroup group, Announcement announcement) {
    long begun = generation.get();
    return super.create(group, announcement)
        .thenApply(
            changed -> {
              remember(changed.group(), begun);
              announcer.changed(changed.group().id(), changed.group().version());
              return changed;
            });
  }

  @Override
  public CompletionStage<UpdateResult> update(Group next, Announcement announcement) {
    long begun = generation.get();
    return super.update(next, announcement)
        .thenApply(
            result -> {
              if (result instanceof UpdateResult.Updated updated) {
                Group group = updated.change().group();
                remember(group, begun);
                announcer.changed(group.id(), group.version());
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

  /**
   * Another node changed {@code id} to {@code version}: the cached group is dropped unless it is at
   * least that new, and no older version is cached from now on.
   */
  public void groupChanged(GroupId id, long version) {
    cache
        .asMap()
        .compute(
            id,
            (key, cached) -> {
              floors.asMap().merge(key, version, Math::max);
              return cached != null && cached.version() >= version ? cached : null;
            });
  }

  /** Forgets every group, e.g. when changes made on other nodes may have been missed. */
  public void invalidateAll() {
    generation.incrementAndGet();
    cache.invalidateAll();
  }

  /**
   * Caches {@code group} unless a newer version is cached, another node announced a newer one, or
   * everything was invalidated since the read or write that produced it began. Runs under the
   * entry's lock, as {@link #groupChanged} does, so the two cannot interleave.
   */
  private void remember(Group group, long begun) {
    cache
        .asMap()
        .compute(
            group.id(),
            (id, old) -> {
              if (generation.get() != begun) return old;
              Long floor = floors.getIfPresent(id);
              if (floor != null && group.version() < floor) return old;
              return old == null || group.version() >= old.version() ? group : old;
            });
  }
}
