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
import java.util.concurrent.CopyOnWriteArrayList;
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

  @Test
  void anotherNodesNewerVersionDropsTheCachedGroup() {
    Group group = create();
    join(cached.group(group.id())); // cached at version 1
    update(store, group, bob); // another node's change: version 2

    cached.groupChanged(group.id(), 2);

    assertThat(join(cached.group(group.id())).orElseThrow().isMember(bob)).isTrue();
  }

  @Test
  void anAnnouncementNoNewerThanTheCachedGroupKeepsIt() {
    Group group = create();
    Group second = updated(update(cached, group, bob)); // cached at version 2
    update(store, second, UserId.of(13)); // version 3, not announced yet

    cached.groupChanged(group.id(), 2);

    assertThat(join(cached.group(group.id())).orElseThrow().version()).isEqualTo(2);
  }

  @Test
  void aLoadThatReadBeforeAnotherNodesChangeIsNotCached() {
    Group group = create();
    var slowStore = new SlowLoads(store);
    var cache = new CachingGroupStore(slowStore, 100);

    var lateLoad = cache.group(group.id()); // reads version 1, answers late
    update(store, group, bob); // another node: version 2
    cache.groupChanged(group.id(), 2);
    slowStore.release();

    assertThat(join(lateLoad).orElseThrow().version()).isEqualTo(1);
    assertThat(join(cache.group(group.id())).orElseThrow().isMember(bob)).isTrue();
  }

  @Test
  void invalidateAllForgetsEveryGroup() {
    Group first = create();
    Group second = create();
    join(cached.group(first.id()));
    join(cached.group(second.id()));
    update(store, first, bob);
    update(store, second, bob);

    cached.invalidateAll();

    assertThat(join(cached.group(first.id())).orElseThrow().isMember(bob)).isTrue();
    assertThat(join(cached.group(second.id())).orElseThrow().isMember(bob)).isTrue();
  }

  @Test
  void aLoadBegunBeforeInvalidateAllIsNotCached() {
    Group group = create();
    var slowStore = new SlowLoads(store);
    var cache = new CachingGroupStore(slowStore, 100);

    var lateLoad = cache.group(group.id()); // reads version 1, answers late
    update(store, group, bob); // changed while this node heard nothing
    cache.invalidateAll();
    slowStore.release();

    assertThat(join(lateLoad).orElseThrow().version()).isEqualTo(1);
    assertThat(join(cache.group(group.id())).orElseThrow().isMember(bob)).isTrue();
  }

  @Test
  void everyChangeMadeThroughTheCacheIsAnnouncedWithItsVersion() {
    List<String> announced = new CopyOnWriteArrayList<>();
    var announcing =
        new CachingGroupStore(store, 100, (id, version) -> announced.add(id + "@" + version));

    Group group = create(announcing);
    update(announcing, group, bob);
    var conflict = update(announcing, group, UserId.of(13)); // stale: still version 1

    assertThat(conflict).isInstanceOf(GroupStore.UpdateResult.Conflict.class);
    assertThat(announced).containsExactly(group.id() + "@1", group.id() + "@2");
  }

  private Group create() {
    return create(cached);
  }

  private static Group updated(GroupStore.UpdateResult result) {
    return ((GroupStore.UpdateResult.Updated) result).change().group();
  }

  private Group create(GroupStore target) {
    var changed =
        join(
            target.create(
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
