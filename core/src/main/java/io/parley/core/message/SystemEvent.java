package io.parley.core.message;

import io.parley.core.id.UserId;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What a system message in a group records: who did what to whom. {@code name} is the group's
 * name for {@link Type#CREATED} and {@link Type#RENAMED}, else null.
 */
public record SystemEvent(Type type, UserId actor, List<UserId> users, String name) {

  public SystemEvent {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(actor, "actor");
    users = List.copyOf(users);
  }

  /** The membership events kept in a group's history. */
  public enum Type {
    CREATED,
    ADDED,
    REMOVED,
    JOINED,
    LEFT,
    RENAMED,
    PROMOTED,
    DEMOTED;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
