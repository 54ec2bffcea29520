package io.parley.core.id;

import java.util.Optional;

/** A user's 64-bit id. Rendered as a decimal string on the wire. */
public record UserId(long value) implements Comparable<UserId> {

  public UserId {
    if (value <= 0) throw new IllegalArgumentException("user id must be positive: " + value);
  }

  public static UserId of(long value) {
    return new UserId(value);
  }

  /** Parses the wire form; empty for anything that is not a positive decimal 64-bit number. */
  public static Optional<UserId> parse(String text) {
    return Ids.parsePositive(text).map(UserId::new);
  }

  @Override
  public int compareTo(UserId other) {
    return Long.compare(value, other.value);
  }

  @Override
  public String toString() {
    return Long.toString(value);
  }
}
