package io.parley.app.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.core.group.Group;
import io.parley.core.group.GroupStore;
import io.parley.core.group.Member;
import io.parley.core.group.Role;
import io.parley.core.id.UserId;
import io.parley.core.message.SystemEvent;
import io.parley.testkit.store.InMemoryStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class CachingGroupStoreTest {

  private final InMemoryStore store = new InMemoryStore();
  private final CachingGroupStore cached = new CachingGroupStore(store, 100);
  private final UserId admin = UserId.of(11);
  private final UserId bob = UserId.of(12);

  @Test
  void aChangeMadeThroughTheCacheIsSeenAtOnce() {
    Group group = create();
    assertThat(join(cached.group(group.id())).orElseThrow().isMember(bob)).isFalse();

    update(cached, group, bob);

    assertThat(join(cached.group(group.id())).orElseThrow().isMember(bob)).isTrue();
  }

  @Test
  void aConflictForgetsTheCachedGroupSoTheRetryReadsTheStore() {
    Group group = create();
    join(cached.group(group.id())); // cached at version 1
    update(store, group, bob); // changed behind the cache's back: version 2

    var stale = update(cached, group, UserId.of(13));

    assertThat(stale).isInstanceOf(GroupStore.UpdateResult.Conflict.class);
    assertThat(join(cached.group(group.id())).orElseThrow().version()).isEqualTo(2);
  }

  @Test
  void aLoadThatCompletesAfterAChangeNeverPutsTheOldMembersBack() {
    Group group = create();
    var slowStore = new SlowLoads(store);
    var cache = new CachingGroupStore(slowStore, 100);

    var lateLoad = cache.group(group.id()); // reads version 1, answers late
    update(cache, group, bob); // version 2 is cached
    slowStore.release();

    assertThat(join(lateLoad).orElseThrow().version()).isEqualTo(1);
    assertThat(join(cache.group(group.id())).orElseThrow().isMember(bob)).isTrue();
  }

  private Group create() {
    var changed =
        join(
            cached.create(
                new GroupStore.NewGroup("team", admin, 1, Map.of(admin, Role.ADMIN)),
                new GroupStore.Announcement(
                    "created", new SystemEvent(SystemEvent.Type.CREATED, admin, List.of(), "team"))));
    return changed.group();
  }

  private GroupStore.UpdateResult update(GroupStore target, Group current, UserId added) {
    Map<UserId, Member> members = new LinkedHashMap<>(current.members());
    members.put(added, new Member(added, Role.MEMBER, 2, 0));
    return join(
        target.update(
            current.next(current.name(), members),
            new GroupStore.Announcement(
                "added", new SystemEvent(SystemEvent.Type.ADDED, admin, List.of(added), null))));
  }

  private static <T> T join(java.util.concurrent.CompletionStage<T> stage) {
    return stage.toCompletableFuture().join();
  }

  /** A store whose first group lookup answers only when released, like a read that raced a change. */
  private static final class SlowLoads extends ForwardingGroupStore {
    private final CompletableFuture<Void> gate = new CompletableFuture<>();
    private boolean first = true;

    SlowLoads(GroupStore store) {
      super(store);
    }

    @Override
    public java.util.concurrent.CompletionStage<java.util.Optional<Group>> group(
        io.parley.core.id.GroupId id) {
      var read = super.group(id).toCompletableFuture().join();
      if (!first) return CompletableFuture.completedFuture(read);
      first = false;
      return gate.thenApply(ignored -> read);
    }

    void release() {
      gate.complete(null);
    }
  }
}
