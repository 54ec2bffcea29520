package io.parley.core.message;

/**
 * A group message's receipts as its sender sees them: of {@code recipients} members (the sender
 * excluded), how many have received and how many have read it.
 */
public record GroupReceipts(int recipients, int delivered, int read) {

  /** READ when everyone has read it, DELIVERED when everyone has received it, else SENT. */
  public DeliveryStatus status() {
    if (recipients > 0 && read >= recipients) return DeliveryStatus.READ;
    if (recipients > 0 && delivered >= recipients) return DeliveryStatus.DELIVERED;
    return DeliveryStatus.SENT;
  }
}
