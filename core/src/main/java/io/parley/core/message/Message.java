package io.parley.core.message;

import io.parley.core.id.GroupId;
import io.parley.core.id.MessageId;
import io.parley.core.id.UserId;
import java.util.Objects;

/**
 * A stored message. {@code seq} is its gapless, 1-based position in its conversation. Exactly one
 * of {@code receiver} (1:1) and {@code group} is set. {@code clientMsgId} is the sender's
 * idempotency key, or null. {@code status} is the delivery status as known when the message was
 * read from the store. {@code event} is set on a group's system messages (membership changes),
 * null otherwise. {@code receipts} is set on group messages read from the store: counts of
 * members who received and read the message.
 */
public record Message(
    MessageId id,
    ConversationId conversation,
    long seq,
    UserId sender,
    UserId receiver,
    GroupId group,
    String content,
    long timestamp,
    String clientMsgId,
    DeliveryStatus status,
    SystemEvent event,
    GroupReceipts receipts) {

  public Message {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(conversation, "conversation");
    Objects.requireNonNull(sender, "sender");
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(status, "status");
    if ((receiver == null) == (group == null)) {
      throw new IllegalArgumentException("exactly one of receiver and group must be set");
    }
  }

  /** A user's (1:1 or group) message that is not a system message. */
  public Message(
      MessageId id,
      ConversationId conversation,
      long seq,
      UserId sender,
      UserId receiver,
      GroupId group,
      String content,
      long timestamp,
      String clientMsgId,
      DeliveryStatus status) {
    this(
        id, conversation, seq, sender, receiver, group, content, timestamp, clientMsgId, status,
        null, null);
  }

  public boolean isSystem() {
    return event != null;
  }

  public Message withStatus(DeliveryStatus newStatus) {
    return newStatus == status
        ? this
        : new Message(
            id, conversation, seq, sender, receiver, group, content, timestamp, clientMsgId,
            newStatus, event, receipts);
  }

  /** The same group message with its receipt counts (and the status they imply). */
  public Message withReceipts(GroupReceipts counts) {
    return new Message(
        id, conversation, seq, sender, receiver, group, content, timestamp, clientMsgId,
        counts.status(), event, counts);
  }
}
