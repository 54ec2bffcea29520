package io.parley.core.account;

import io.parley.core.id.UserId;
import java.util.Objects;

/**
 * A registered user. {@code phone} may be null. {@code lastSeen} is the epoch milliseconds at
 * which the user's last connection closed (0 if never connected).
 */
public record User(UserId id, String username, String phone, long createdAt, long lastSeen) {

  public User {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(username, "username");
  }

  public User withLastSeen(long millis) {
    return new User(id, username, phone, createdAt, millis);
  }
}
