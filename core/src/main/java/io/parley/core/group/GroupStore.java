package io.parley.core.group;

import io.parley.core.id.GroupId;
import io.parley.core.id.MessageId;
import io.parley.core.id.UserId;
import io.parley.core.message.ConversationId;
import io.parley.core.message.DeliveryStatus;
import io.parley.core.message.Markers;
import io.parley.core.message.Message;
import io.parley.core.message.SystemEvent;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * Port: groups and their membership.
 *
 * <p>Every membership change is written atomically with the system message that announces it in
 * the group's conversation, and is ordered with the group's messages: a message stored after a
 * member's removal never reaches them; a message stored after a join reaches the new member. Group
 * messages themselves are appended through {@link io.parley.core.message.MessageStore#append},
 * which resolves the members at the moment of the write.
 */
public interface GroupStore {

  /**
   * Creates a group (the store assigns its id; every member gets {@code fromSeq} 1) together with
   * its announcement, which gets seq 1 and reaches every member's inbox.
   */
  CompletionStage<Changed> create(NewGroup group, Announcement announcement);

  CompletionStage<Optional<Group>> group(GroupId id);

  /**
   * Replaces the stored group with {@code next} if the stored version is still {@code
   * next.version() - 1} (compare-and-set), and appends the announcement to the group's
   * conversation in the same atomic write. The announcement reaches the inboxes of everyone who is
   * a member before or after the change. Members new to the group get {@code fromSeq} = the
   * announcement's seq (whatever {@code next} says); others keep theirs.
   */
  CompletionStage<UpdateResult> update(Group next, Announcement announcement);

  /** The groups {@code user} belongs to. */
  CompletionStage<List<Group>> groupsOf(UserId user);

  /** Every member's receipt markers in the group's conversation. */
  CompletionStage<Map<UserId, Markers>> markers(GroupId group);

  CompletionStage<Void> saveInvite(Invite invite);

  CompletionStage<Optional<Invite>> invite(String code);

  CompletionStage<List<Invite>> invites(GroupId group);

  /** Answers whether the invite existed. */
  CompletionStage<Boolean> revokeInvite(String code);

  /** What {@link #create} is given; {@code members} includes the creator. */
  record NewGroup(String name, UserId createdBy, long createdAt, Map<UserId, Role> members) {
    public NewGroup {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(createdBy, "createdBy");
      members = Map.copyOf(members);
      if (members.get(createdBy) != Role.ADMIN) {
        throw new IllegalArgumentException("the creator must be an admin member");
      }
    }
  }

  /** The system message that announces a change: a readable text and the structured event. */
  record Announcement(String content, SystemEvent event) {
    public Announcement {
      Objects.requireNonNull(content, "content");
      Objects.requireNonNull(event, "event");
    }

    /** The system message a store keeps for this announcement: sent by the event's actor. */
    public Message message(MessageId id, GroupId group, long seq) {
      return new Message(
          id,
          ConversationId.group(group),
          seq,
          event.actor(),
          null,
          group,
          content,
          id.timestamp(),
          null,
          DeliveryStatus.SENT,
          event,
          null);
    }
  }

  /**
   * A stored change: the group as it now is, its announcement message, the announcement's position
   * in the inboxes and who got it (everyone who was or now is a member).
   */
  record Changed(Group group, Message announcement, String cursor, Set<UserId> audience) {
    public Changed {
      audience = Set.copyOf(audience);
    }
  }

  /** What {@link #update} answers. */
  sealed interface UpdateResult {
    record Updated(Changed change) implements UpdateResult {}

    /** The stored version moved on: read the group again and retry. */
    record Conflict() implements UpdateResult {}

    record NotFound() implements UpdateResult {}
  }
}
