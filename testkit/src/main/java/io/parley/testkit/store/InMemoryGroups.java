package io.parley.testkit.store;

import io.parley.core.group.Group;
import io.parley.core.group.GroupStore.Announcement;
import io.parley.core.group.GroupStore.Changed;
import io.parley.core.group.GroupStore.NewGroup;
import io.parley.core.group.GroupStore.UpdateResult;
import io.parley.core.group.Invite;
import io.parley.core.group.Member;
import io.parley.core.id.GroupId;
import io.parley.core.id.IdGenerator;
import io.parley.core.id.MessageId;
import io.parley.core.id.UserId;
import io.parley.core.message.ConversationId;
import io.parley.core.message.DeliveryStatus;
import io.parley.core.message.Markers;
import io.parley.core.message.Message;
import io.parley.core.message.MessageStore.AppendResult;
import io.parley.core.message.MessageStore.NewMessage;
import io.parley.core.message.Receipt;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The group operations of an {@link InMemoryStore}, on its state and under its lock. */
final class InMemoryGroups {

  private final InMemoryState state;

  InMemoryGroups(InMemoryState state) {
    this.state = state;
  }

  Changed create(NewGroup spec, Announcement announcement) {
    GroupId id = GroupId.of(state.ids.next());
    Map<UserId, Member> members = new LinkedHashMap<>();
    members.put(spec.createdBy(), member(spec.createdBy(), spec));
    spec.members().keySet().stream()
        .filter(user -> !user.equals(spec.createdBy()))
        .sorted(Comparator.naturalOrder())
        .forEach(user -> members.put(user, member(user, spec)));
    var group = new Group(id, spec.name(), spec.createdBy(), spec.createdAt(), 1, members);
    return apply(null, group, announcement);
  }

  UpdateResult update(Group next, Announcement announcement) {
    Group current = state.groups.get(next.id());
    if (current == null) return new UpdateResult.NotFound();
    if (current.version() != next.version() - 1) return new UpdateResult.Conflict();
    var fixed =
        new Group(
            next.id(),
            next.name(),
            current.createdBy(),
            current.createdAt(),
            next.version(),
            next.members());
    return new UpdateResult.Updated(apply(current, fixed, announcement));
  }

  AppendResult append(NewMessage m) {
    Group group = state.groups.get(m.group());
    if (group == null || !group.isMember(m.sender())) return new AppendResult.NotMember();
    ConversationId conversation = group.conversation();
    long id = state.ids.next();
    var message =
        new Message(
            MessageId.of(id),
            conversation,
            state.nextSeq(conversation),
            m.sender(),
            null,
            group.id(),
            m.content(),
            IdGenerator.timestampOf(id),
            m.clientMsgId(),
            DeliveryStatus.SENT);
    state.store(message, group.members().keySet());
    Markers own = state.markersOf(m.sender(), conversation);
    state.setMarkers(m.sender(), conversation, own.advance(Receipt.READ, message.seq()));
    return new AppendResult.Appended(
        state.withStatus(message), Long.toString(id), group.members().keySet());
  }

  List<Group> groupsOf(UserId user) {
    return state.groups.values().stream().filter(g -> g.isMember(user)).toList();
  }

  Map<UserId, Markers> markers(GroupId id) {
    Group group = state.groups.get(id);
    Map<UserId, Markers> markers = new LinkedHashMap<>();
    if (group == null) return markers;
    for (UserId user : group.members().keySet()) {
      markers.put(user, state.markersOf(user, group.conversation()));
    }
    return markers;
  }

  List<Invite> invites(GroupId group) {
    return state.invites.values().stream()
        .filter(invite -> invite.group().equals(group))
        .sorted(Comparator.comparingLong(Invite::createdAt).thenComparing(Invite::code))
        .toList();
  }

  /**
   * Stores {@code next} (new members start at the announcement) with its announcement, which
   * reaches everyone who was or is a member; a member who leaves stops at it.
   */
  private Changed apply(Group before, Group next, Announcement announcement) {
    ConversationId conversation = next.conversation();
    long seq = state.nextSeq(conversation);
    long id = state.ids.next();
    var stored = next.startingNewMembersAt(before, seq);
    UserId actor = announcement.event().actor();
    var message = announcement.message(MessageId.of(id), stored.id(), seq);
    Set<UserId> audience = stored.audienceSince(before);
    state.store(message, audience);
    state.groups.put(stored.id(), stored);
    for (UserId user : audience) {
      boolean was = before != null && before.isMember(user);
      if (!was) {
        state.setMarkers(user, conversation, new Markers(seq - 1, seq - 1));
        Map<ConversationId, Long> departed = state.departedAt.get(user);
        if (departed != null) departed.remove(conversation); // back again
      } else if (!stored.isMember(user)) {
        state.departedAt.computeIfAbsent(user, u -> new LinkedHashMap<>()).put(conversation, seq);
      }
      if (user.equals(actor)) {
        Markers own = state.markersOf(user, conversation);
        state.setMarkers(user, conversation, own.advance(Receipt.READ, seq));
      }
    }
    return new Changed(stored, state.withStatus(message), Long.toString(id), audience);
  }

  private static Member member(UserId user, NewGroup spec) {
    return new Member(user, spec.members().get(user), spec.createdAt(), 1);
  }
}
