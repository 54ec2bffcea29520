package io.parley.client;

/**
 * A chat message, exactly as on the wire. Exactly one of {@code receiverId} (1:1) and {@code
 * groupId} (group) is non-null; {@code clientMsgId} is null when the sender gave none.
 *
 * @param seq the gapless 1-based position in its conversation: order by it
 * @param timestamp epoch milliseconds, set by the server
 * @param status {@code sent}, {@code delivered} or {@code read}
 * @param event set on a group's system messages (membership changes), else null
 * @param receipts member counts of a group message read from history, else null
 */
public record Message(
    String messageId,
    String conversationId,
    long seq,
    String senderId,
    String receiverId,
    String groupId,
    String content,
    long timestamp,
    String status,
    String clientMsgId,
    SystemEvent event,
    ReceiptCounts receipts) {

  /** A message without a system event or receipt counts. */
  public Message(
      String messageId,
      String conversationId,
      long seq,
      String senderId,
      String receiverId,
      String groupId,
      String content,
      long timestamp,
      String status,
      String clientMsgId) {
    this(
        messageId,
        conversationId,
        seq,
        senderId,
        receiverId,
        groupId,
        content,
        timestamp,
        status,
        clientMsgId,
        null,
        null);
  }

  /** True for a group message. */
  public boolean isGroup() {
    return groupId != null;
  }

  /** True for a group's system message (a membership change). */
  public boolean isSystem() {
    return event != null;
  }
}
