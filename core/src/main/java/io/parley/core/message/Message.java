package io.parley.core.message;

import io.parley.core.id.GroupId;
import io.parley.core.id.MessageId;
import io.parley.core.id.UserId;
import java.util.Objects;

/**
 * A stored message. {@code seq} is its gapless, 1-based position in its conversation. Exactly one
 * of {@code receiver} (1:1) and {@code group} is set. {@code clientMsgId} is the sender's
 * idempotency key, or null. {@code status} is the delivery status as known when the message was
 * read from the store.
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
    DeliveryStatus status) {

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

  public Message withStatus(DeliveryStatus newStatus) {
    return newStatus == status
        ? this
        : new Message(
            id, conversation, seq, sender, receiver, group, content, timestamp, clientMsgId,
            newStatus);
  }
}
