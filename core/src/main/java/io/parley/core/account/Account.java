package io.parley.core.account;

import java.util.Objects;

/** A user together with its encoded password hash, as kept by a {@link UserStore}. */
public record Account(User user, String passwordHash) {

  public Account {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(passwordHash, "passwordHash");
  }
}
