package io.parley.core.message;

import io.parley.core.id.GroupId;
import io.parley.core.id.UserId;
import java.util.Objects;

/** Whom a message or typing indicator is for. */
public sealed interface Recipient {

  record ToUser(UserId user) implements Recipient {
    public ToUser {
      Objects.requireNonNull(user, "user");
    }
  }

  record ToGroup(GroupId group) implements Recipient {
    public ToGroup {
      Objects.requireNonNull(group, "group");
    }
  }
}
