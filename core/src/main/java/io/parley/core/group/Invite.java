package io.parley.core.group;

import io.parley.core.id.GroupId;
import io.parley.core.id.UserId;
import java.util.Objects;

/** A revocable invite code that lets whoever holds it join the group. */
public record Invite(String code, GroupId group, UserId createdBy, long createdAt) {

  public Invite {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(createdBy, "createdBy");
  }
}
