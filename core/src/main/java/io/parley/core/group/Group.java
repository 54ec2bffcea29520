package io.parley.core.group;

import io.parley.core.id.GroupId;
import io.parley.core.id.UserId;
import io.parley.core.message.ConversationId;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A group as stored: its name, members with roles, and a {@code version} that every change
 * increments (stores update groups with compare-and-set on it).
 */
public record Group(
    GroupId id,
    String name,
    UserId createdBy,
    long createdAt,
    long version,
    Map<UserId, Member> members) {

  public Group {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(createdBy, "createdBy");
    members = Collections.unmodifiableMap(new LinkedHashMap<>(members));
  }

  public ConversationId.Group conversation() {
    return ConversationId.group(id);
  }

  public boolean isMember(UserId user) {
    return members.containsKey(user);
  }

  public boolean isAdmin(UserId user) {
    Member member = members.get(user);
    return member != null && member.isAdmin();
  }

  public Optional<Member> member(UserId user) {
    return Optional.ofNullable(members.get(user));
  }

  public int size() {
    return members.size();
  }

  /**
   * This group as a store keeps it after a change announced at conversation position {@code seq}:
   * members who were not in {@code before} (null for a new group) start at {@code seq}, the others
   * keep their start.
   */
  public Group startingNewMembersAt(Group before, long seq) {
    Map<UserId, Member> result = new LinkedHashMap<>();
    for (Member member : members.values()) {
      Member earlier = before == null ? null : before.members().get(member.user());
      long fromSeq = earlier == null ? seq : earlier.fromSeq();
      result.put(
          member.user(), new Member(member.user(), member.role(), member.joinedAt(), fromSeq));
    }
    return new Group(id, name, createdBy, createdAt, version, result);
  }

  /** Everyone a change from {@code before} (null for a new group) to this group concerns. */
  public Set<UserId> audienceSince(Group before) {
    Set<UserId> audience = new LinkedHashSet<>();
    if (before != null) audience.addAll(before.members().keySet());
    audience.addAll(members.keySet());
    return audience;
  }

  /** The same group with other members (or name), one version later. */
  public Group next(String newName, Map<UserId, Member> newMembers) {
    return new Group(id, newName, createdBy, createdAt, version + 1, newMembers);
  }
}
