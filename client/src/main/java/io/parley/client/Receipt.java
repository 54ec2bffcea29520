package io.parley.client;

/**
 * {@code userId} received ({@code delivered}) or read ({@code read}) the message and everything
 * before it in its conversation.
 *
 * @param counts member counts, on receipts for a group message that reach its sender; else null
 */
public record Receipt(
    String messageId, String conversationId, String userId, String status, ReceiptCounts counts) {

  /** A receipt without member counts (1:1). */
  public Receipt(String messageId, String conversationId, String userId, String status) {
    this(messageId, conversationId, userId, status, null);
  }
}
