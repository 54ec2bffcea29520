package io.parley.core.delivery;

import io.parley.core.id.MessageId;
import io.parley.core.id.UserId;
import io.parley.core.message.ConversationId;
import io.parley.core.message.DeliveryStatus;
import io.parley.core.message.GroupReceipts;
import io.parley.core.message.Message;

/** Something to push to the live connections of some users. */
public sealed interface Event {

  /**
   * A new message. {@code cursor} is its position in the recipients' inboxes, or null when the
   * store has no single one; {@code sentAtNanos} is {@link System#nanoTime()} at acceptance, for
   * the send-to-deliver latency measured on this node.
   */
  record MessageEvent(Message message, String cursor, long sentAtNanos) implements Event {}

  /**
   * {@code user} has received or read {@code messageId} (and everything before it). For a group
   * message, {@code counts} sums up all members' receipts for it; null for 1:1 messages.
   */
  record ReceiptEvent(
      MessageId messageId,
      ConversationId conversation,
      UserId user,
      DeliveryStatus status,
      GroupReceipts counts)
      implements Event {

    public ReceiptEvent(
        MessageId messageId, ConversationId conversation, UserId user, DeliveryStatus status) {
      this(messageId, conversation, user, status, null);
    }
  }

  /** {@code user} started or stopped typing in {@code conversation}. */
  record TypingEvent(ConversationId conversation, UserId user, boolean typing)
      implements Event {}

  /** {@code user} came online or went offline; {@code lastSeen} is epoch millis, 0 if unknown. */
  record PresenceEvent(UserId user, boolean online, long lastSeen) implements Event {}
}
