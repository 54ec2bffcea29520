package io.parley.core.id;

import java.util.Optional;

/** A group's 64-bit id. Rendered as a decimal string on the wire. */
public record GroupId(long value) {

  public GroupId {
    if (value <= 0) throw new IllegalArgumentException("group id must be positive: " + value);
  }

  public static GroupId of(long value) {
    return new GroupId(value);
  }

  public static Optional<GroupId> parse(String text) {
    return Ids.parsePositive(text).map(GroupId::new);
  }

  @Override
  public String toString() {
    return Long.toString(value);
  }
}
