package io.parley.app.cache;

import io.parley.core.group.Group;
import io.parley.core.group.GroupStore;
import io.parley.core.group.Invite;
import io.parley.core.id.GroupId;
import io.parley.core.id.UserId;
import io.parley.core.message.Markers;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** A GroupStore that passes every call on; subclasses override what they add to. */
public class ForwardingGroupStore implements GroupStore {

  private final GroupStore store;

  public ForwardingGroupStore(GroupStore store) {
    this.store = store;
  }

  @Override
  public CompletionStage<Changed> create(NewGroup group, Announcement announcement) {
    return store.create(group, announcement);
  }

  @Override
  public CompletionStage<Optional<Group>> group(GroupId id) {
    return store.group(id);
  }

  @Override
  public CompletionStage<UpdateResult> update(Group next, Announcement announcement) {
    return store.update(next, announcement);
  }

  @Override
  public CompletionStage<List<Group>> groupsOf(UserId user) {
    return store.groupsOf(user);
  }

  @Override
  public CompletionStage<Map<UserId, Markers>> markers(GroupId group) {
    return store.markers(group);
  }

  @Override
  public CompletionStage<Void> saveInvite(Invite invite) {
    return store.saveInvite(invite);
  }

  @Override
  public CompletionStage<Optional<Invite>> invite(String code) {
    return store.invite(code);
  }

  @Override
  public CompletionStage<List<Invite>> invites(GroupId group) {
    return store.invites(group);
  }

  @Override
  public CompletionStage<Boolean> revokeInvite(String code) {
    return store.revokeInvite(code);
  }
}
