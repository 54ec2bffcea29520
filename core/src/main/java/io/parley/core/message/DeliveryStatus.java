package io.parley.core.message;

import java.util.Locale;

/** A message's progress. Only ever moves forward: SENT, then DELIVERED, then READ. */
public enum DeliveryStatus {
  SENT,
  DELIVERED,
  READ;

  /** The wire form: {@code sent}, {@code delivered}, {@code read}. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The status of the message at {@code seq} in a conversation, given the recipient's cumulative
   * markers (everything up to {@code deliveredSeq} is delivered, up to {@code readSeq} read).
   */
  public static DeliveryStatus of(long seq, Markers recipient) {
    if (recipient.readSeq() >= seq) return READ;
    if (recipient.deliveredSeq() >= seq) return DELIVERED;
    return SENT;
  }
}
