package io.parley.core.group;

import io.parley.core.id.UserId;
import java.util.Objects;

/**
 * A group member. {@code fromSeq} is the first conversation position the member may read: the
 * position of the message that announced their joining. Earlier history is not visible to them.
 */
public record Member(UserId user, Role role, long joinedAt, long fromSeq) {

  public Member {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(role, "role");
  }

  public boolean isAdmin() {
    return role == Role.ADMIN;
  }

  public Member withRole(Role newRole) {
    return new Member(user, newRole, joinedAt, fromSeq);
  }
}
