package io.parley.client;

import java.util.List;

/**
 * A group, as the group calls return it.
 *
 * @param createdAt epoch millis
 * @param members each member's role and join time
 */
public record Group(
    String groupId,
    String name,
    String createdBy,
    long createdAt,
    List<String> memberIds,
    List<GroupMember> members) {
  public Group {
    memberIds = List.copyOf(memberIds);
    members = List.copyOf(members);
  }

  /** The member's role ({@code admin} or {@code member}), or null for a non-member. */
  public String roleOf(String userId) {
    for (GroupMember m : members) {
      if (m.userId().equals(userId)) {
        return m.role();
      }
    }
    return null;
  }
}
