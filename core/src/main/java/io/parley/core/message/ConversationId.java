package io.parley.core.message;

import io.parley.core.id.GroupId;
import io.parley.core.id.UserId;
import java.util.Objects;
import java.util.Optional;

/**
 * Names a conversation: a 1:1 chat between two users, or a group. The wire form is {@code
 * d-<low user id>-<high user id>} or {@code g-<group id>}.
 */
public sealed interface ConversationId {

  /** The wire form. */
  String key();

  static Direct direct(UserId one, UserId other) {
    return new Direct(one, other);
  }

  static Group group(GroupId id) {
    return new Group(id);
  }

  static Optional<ConversationId> parse(String key) {
    if (key == null) return Optional.empty();
    if (key.startsWith("g-")) {
      return GroupId.parse(key.substring(2)).map(Group::new);
    }
    if (key.startsWith("d-")) {
      int dash = key.indexOf('-', 2);
      if (dash < 0) return Optional.empty();
      Optional<UserId> low = UserId.parse(key.substring(2, dash));
      Optional<UserId> high = UserId.parse(key.substring(dash + 1));
      if (low.isEmpty() || high.isEmpty() || low.get().compareTo(high.get()) >= 0) {
        return Optional.empty();
      }
      return Optional.of(new Direct(low.get(), high.get()));
    }
    return Optional.empty();
  }

  /** A 1:1 conversation; the two users are kept in ascending order, so either order is equal. */
  record Direct(UserId low, UserId high) implements ConversationId {
    public Direct {
      Objects.requireNonNull(low, "low");
      Objects.requireNonNull(high, "high");
      if (low.equals(high)) throw new IllegalArgumentException("a conversation needs two users");
      if (low.compareTo(high) > 0) {
        UserId swap = low;
        low = high;
        high = swap;
      }
    }

    public boolean involves(UserId user) {
      return low.equals(user) || high.equals(user);
    }

    /** The participant who is not {@code user}. */
    public UserId peerOf(UserId user) {
      if (low.equals(user)) return high;
      if (high.equals(user)) return low;
      throw new IllegalArgumentException(user + " is not in " + key());
    }

    @Override
    public String key() {
      return "d-" + low + "-" + high;
    }

    @Override
    public String toString() {
      return key();
    }
  }

  /** A group conversation. */
  record Group(GroupId id) implements ConversationId {
    public Group {
      Objects.requireNonNull(id, "id");
    }

    @Override
    public String key() {
      return "g-" + id;
    }

    @Override
    public String toString() {
      return key();
    }
  }
}
