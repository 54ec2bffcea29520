package io.parley.store.cassandra;

import com.datastax.oss.driver.api.core.cql.Row;
import io.parley.core.group.Group;
import io.parley.core.id.GroupId;
import io.parley.core.id.MessageId;
import io.parley.core.id.UserId;
import io.parley.core.message.ConversationId;
import io.parley.core.message.DeliveryStatus;
import io.parley.core.message.GroupReceipts;
import io.parley.core.message.Message;
import io.parley.core.message.SystemEvent;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A message row of a conversation log: everything needed to show the message and to finish its
 * fan-out (the audience, and for a group's announcement the group it leads to), so that any writer
 * can complete what a dead one started.
 *
 * @param receiver the other participant of a 1:1 message; null in a group
 * @param inGroup where a group's row stands in the group's history; null for a 1:1 message
 */
record LogRow(
    ConversationId conversation,
    long seq,
    MessageId id,
    UserId sender,
    UserId receiver,
    String content,
    long createdAt,
    String clientMsgId,
    Set<UserId> audience,
    boolean fannedOut,
    InGroup inGroup) {

  LogRow {
    audience = Set.copyOf(audience);
    if ((receiver == null) == (inGroup == null)) {
      throw new IllegalArgumentException("a log row is either 1:1 (receiver) or a group's");
    }
  }

  /**
   * A group row's place in the group's history: written against group {@code version}, which the
   * announcement at {@code versionSeq} made. An announcement also carries its {@code event} and the
   * group it leads to, {@code changedTo} (its own version and seq are then that group's).
   */
  record InGroup(GroupId group, long version, long versionSeq, SystemEvent event, Group changedTo) {
    InGroup {
      Objects.requireNonNull(group, "group");
      if ((event == null) != (changedTo == null)) {
        throw new IllegalArgumentException("an announcement has both its event and its group");
      }
    }

    boolean isAnnouncement() {
      return changedTo != null;
    }
  }

  /** Reads a row selected with {@link MessageTables#LOG_COLUMNS}. */
  static LogRow of(Row row, GroupCodec codec) {
    ConversationId conversation =
        ConversationId.parse(row.getString("conversation"))
            .orElseThrow(() -> new IllegalStateException("bad conversation key in the log"));
    boolean group = conversation instanceof ConversationId.Group;
    InGroup inGroup = null;
    if (group) {
      GroupId id = GroupId.of(row.getLong("group_id"));
      inGroup =
          new InGroup(
              id,
              row.getLong("group_version"),
              row.getLong("version_seq"),
              codec.event(row.getUdtValue("event")),
              codec.group(id, row.getUdtValue("group_state")));
    }
    return new LogRow(
        conversation,
        row.getLong("seq"),
        MessageId.of(row.getLong("message_id")),
        UserId.of(row.getLong("sender")),
        group ? null : UserId.of(row.getLong("receiver")),
        row.getString("content"),
        row.getLong("created_at"),
        row.getString("client_msg_id"),
        row.getSet("audience", Long.class).stream().map(UserId::of).collect(Collectors.toSet()),
        row.getBoolean("fanned_out"),
        inGroup);
  }

  boolean isAnnouncement() {
    return inGroup != null && inGroup.isAnnouncement();
  }

  /** This draft at {@code seq}, not fanned out. */
  LogRow at(long newSeq) {
    return new LogRow(
        conversation,
        newSeq,
        id,
        sender,
        receiver,
        content,
        createdAt,
        clientMsgId,
        audience,
        false,
        inGroup);
  }

  /** This draft as a group's row with its audience and place. */
  LogRow inGroup(Set<UserId> newAudience, InGroup place) {
    return new LogRow(
        conversation,
        seq,
        id,
        sender,
        null,
        content,
        createdAt,
        clientMsgId,
        newAudience,
        false,
        place);
  }

  /**
   * The message as it is when just stored: nobody but its sender has it yet. A group message's
   * recipients are the members of its version (its audience) but the sender; an announcement's are
   * the members it leaves (a removed member got it, but no longer counts) but the actor.
   */
  Message fresh() {
    if (inGroup == null) return message(DeliveryStatus.SENT);
    if (isAnnouncement()) return new MessageView(Map.of(), inGroup.changedTo()).of(this);
    return message(DeliveryStatus.SENT).withReceipts(new GroupReceipts(audience.size() - 1, 0, 0));
  }

  /**
   * The message with the given status: callers derive it from the markers ({@link MessageView}).
   */
  Message message(DeliveryStatus status) {
    GroupId group = inGroup == null ? null : inGroup.group();
    SystemEvent event = inGroup == null ? null : inGroup.event();
    return new Message(
        id,
        conversation,
        seq,
        sender,
        receiver,
        group,
        content,
        createdAt,
        clientMsgId,
        status,
        event,
        null);
  }
}
