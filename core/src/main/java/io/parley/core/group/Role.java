package io.parley.core.group;

import java.util.Locale;

/** A member's role. Admins add and remove members, promote admins, rename and manage invites. */
public enum Role {
  MEMBER,
  ADMIN;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
