package io.parley.core.message;

/** The two receipts a recipient sends: the message reached a device; the message was read. */
public enum Receipt {
  DELIVERED,
  READ;

  public DeliveryStatus status() {
    return this == READ ? DeliveryStatus.READ : DeliveryStatus.DELIVERED;
  }
}
