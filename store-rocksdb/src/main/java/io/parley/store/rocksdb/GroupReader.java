package io.parley.store.rocksdb;

import io.parley.core.group.Group;
import io.parley.core.group.Invite;
import io.parley.core.id.GroupId;
import io.parley.core.id.UserId;
import io.parley.core.message.ConversationId;
import io.parley.core.message.Markers;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The read side of groups: point lookups and prefix scans, never writing. */
final class GroupReader {

  private final Db db;

  GroupReader(Db db) {
    this.db = db;
  }

  Optional<Group> group(GroupId id) {
    byte[] value = db.get(db.groups, Keys.id(id.value()));
    return Optional.ofNullable(value).map(v -> GroupValues.group(id.value(), v));
  }

  /** The groups {@code user} belongs to, oldest first: one prefix scan and one multi-get. */
  List<Group> groupsOf(UserId user) {
    List<Long> ids = new ArrayList<>();
    byte[] prefix = Keys.id(user.value());
    db.scan(
        db.userGroups,
        prefix,
        Keys.prefixEnd(prefix),
        false,
        (key, value) -> ids.add(Keys.longAt(key, Keys.LONG)));
    List<byte[]> values = db.multiGet(db.groups, ids.stream().map(Keys::id).toList());
    List<Group> groups = new ArrayList<>(ids.size());
    for (int i = 0; i < ids.size(); i++) {
      if (values.get(i) != null) groups.add(GroupValues.group(ids.get(i), values.get(i)));
    }
    return groups;
  }

  /** The standings of the group's current members: one prefix scan. */
  Map<UserId, Standing> standings(GroupId group) {
    Map<UserId, Standing> standings = new LinkedHashMap<>();
    byte[] prefix = Keys.conversation(ConversationId.group(group));
    db.scan(
        db.members,
        prefix,
        Keys.prefixEnd(prefix),
        false,
        (key, value) -> {
          standings.put(Keys.userOfMemberKey(key), Values.standing(value));
          return true;
        });
    return standings;
  }

  Map<UserId, Markers> markers(GroupId group) {
    Map<UserId, Markers> markers = new LinkedHashMap<>();
    standings(group).forEach((user, standing) -> markers.put(user, standing.markers()));
    return markers;
  }

  Optional<Invite> invite(String code) {
    byte[] value = db.get(db.invites, Keys.invite(code));
    return Optional.ofNullable(value).map(v -> GroupValues.invite(code, v));
  }

  /** The group's live invites, oldest first. */
  List<Invite> invites(GroupId group) {
    List<String> codes = new ArrayList<>();
    byte[] prefix = Keys.id(group.value());
    db.scan(
        db.groupInvites,
        prefix,
        Keys.prefixEnd(prefix),
        false,
        (key, value) -> codes.add(Keys.codeOfGroupInviteKey(key)));
    List<byte[]> values = db.multiGet(db.invites, codes.stream().map(Keys::invite).toList());
    List<Invite> invites = new ArrayList<>(codes.size());
    for (int i = 0; i < codes.size(); i++) {
      if (values.get(i) != null) invites.add(GroupValues.invite(codes.get(i), values.get(i)));
    }
    invites.sort(Comparator.comparingLong(Invite::createdAt).thenComparing(Invite::code));
    return invites;
  }
}
