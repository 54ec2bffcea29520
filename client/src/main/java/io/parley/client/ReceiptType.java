package io.parley.client;

/** The kind of a receipt: the recipient received or read the message. */
public enum ReceiptType {
  DELIVERED("delivered"),
  READ("read");

  private final String wire;

  ReceiptType(String wire) {
    this.wire = wire;
  }

  /** The value on the wire. */
  public String wire() {
    return wire;
  }
}
