package io.parley.core.id;

import java.util.Optional;

/**
 * A message's 64-bit, time-ordered id (see {@link IdGenerator}). Rendered as a decimal string on
 * the wire, because JavaScript numbers cannot hold 64 bits.
 */
public record MessageId(long value) implements Comparable<MessageId> {

  public MessageId {
    if (value <= 0) throw new IllegalArgumentException("message id must be positive: " + value);
  }

  public static MessageId of(long value) {
    return new MessageId(value);
  }

  public static Optional<MessageId> parse(String text) {
    return Ids.parsePositive(text).map(MessageId::new);
  }

  /** Epoch milliseconds at which the id was generated. */
  public long timestamp() {
    return IdGenerator.timestampOf(value);
  }

  @Override
  public int compareTo(MessageId other) {
    return Long.compare(value, other.value);
  }

  @Override
  public String toString() {
    return Long.toString(value);
  }
}
