package io.parley.app;

import io.parley.core.group.Group;
import io.parley.core.group.GroupStore;
import io.parley.core.group.Invite;
import io.parley.core.id.GroupId;
import io.parley.core.id.UserId;
import io.parley.core.message.Markers;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Stands in for a group store the cluster store does not offer yet, so that everything else (1:1
 * messaging, presence, conversation lists) works: no group exists, so reads find nothing, and every
 * change fails with the reason it was given. Goes away once the Cassandra group store exists.
 */
final class NoGroupStore implements GroupStore {

  private final String reason;

  NoGroupStore(String reason) {
    this.reason = reason;
  }

  @Override
  public CompletionStage<Changed> create(NewGroup group, Announcement announcement) {
    return unsupported();
  }

  @Override
  public CompletionStage<Optional<Group>> group(GroupId id) {
    return CompletableFuture.completedFuture(Optional.empty());
  }

  @Override
  public CompletionStage<UpdateResult> update(Group next, Announcement announcement) {
    return unsupported();
  }

  @Override
  public CompletionStage<List<Group>> groupsOf(UserId user) {
    return CompletableFuture.completedFuture(List.of());
  }

  @Override
  public CompletionStage<Map<UserId, Markers>> markers(GroupId group) {
    return CompletableFuture.completedFuture(Map.of());
  }

  @Override
  public CompletionStage<Void> saveInvite(Invite invite) {
    return unsupported();
  }

  @Override
  public CompletionStage<Optional<Invite>> invite(String code) {
    return CompletableFuture.completedFuture(Optional.empty());
  }

  @Override
  public CompletionStage<List<Invite>> invites(GroupId group) {
    return CompletableFuture.completedFuture(List.of());
  }

  @Override
  public CompletionStage<Boolean> revokeInvite(String code) {
    return CompletableFuture.completedFuture(false);
  }

  private <T> CompletionStage<T> unsupported() {
    return CompletableFuture.failedFuture(new UnsupportedOperationException(reason));
  }
}
