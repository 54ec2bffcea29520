package io.parley.client;

import java.util.List;

/**
 * {@code GET /messages/{message_id}/receipts}: where each recipient of a message stands.
 *
 * @param receipts one per recipient: {@code userId} and {@code status}
 * @param counts the same, counted
 */
public record MessageReceipts(String messageId, List<Member> receipts, ReceiptCounts counts) {
  public MessageReceipts {
    receipts = List.copyOf(receipts);
  }

  /** One recipient's status: {@code sent}, {@code delivered} or {@code read}. */
  public record Member(String userId, String status) {}
}
