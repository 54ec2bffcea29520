package io.parley.client;

/**
 * A chat message, exactly as on the wire. Exactly one of {@code receiverId} (1:1) and {@code
 * groupId} (group) is non-null; {@code clientMsgId} is null when the sender gave none.
 *
 * @param seq the gapless 1-based position in its conversation: order by it
 * @param timestamp epoch milliseconds, set by the server
 * @param status {@code sent}, {@code delivered} or {@code read}
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
    String clientMsgId) {

  /** True for a group message. */
  public boolean isGroup() {
    return groupId != null;
  }
}
