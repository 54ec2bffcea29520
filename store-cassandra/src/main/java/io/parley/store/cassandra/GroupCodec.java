package io.parley.store.cassandra;

import com.datastax.oss.driver.api.core.data.UdtValue;
import com.datastax.oss.driver.api.core.type.ListType;
import com.datastax.oss.driver.api.core.type.UserDefinedType;
import io.parley.core.group.Group;
import io.parley.core.group.Member;
import io.parley.core.group.Role;
import io.parley.core.id.GroupId;
import io.parley.core.id.UserId;
import io.parley.core.message.SystemEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Groups and system events to and from the user-defined types of {@code V003__groups.cql}: {@code
 * group_state} (members as a list, so their order is kept), {@code group_member}, {@code
 * system_event}.
 */
final class GroupCodec {

  private final UserDefinedType stateType;
  private final UserDefinedType memberType;
  private final UserDefinedType eventType;

  /** The types as the driver knows them, e.g. from a prepared statement's variables. */
  GroupCodec(UserDefinedType stateType, UserDefinedType eventType) {
    this.stateType = stateType;
    this.eventType = eventType;
    this.memberType =
        (UserDefinedType)
            ((ListType) stateType.getFieldTypes().get(memberIndex())).getElementType();
  }

  private int memberIndex() {
    return stateType.firstIndexOf("members");
  }

  UdtValue state(Group group) {
    if (group == null) return null;
    List<UdtValue> members = new ArrayList<>(group.size());
    for (Member member : group.members().values()) {
      members.add(
          memberType
              .newValue()
              .setLong("user_id", member.user().value())
              .setString("role", member.role().name())
              .setLong("joined_at", member.joinedAt())
              .setLong("from_seq", member.fromSeq()));
    }
    return stateType
        .newValue()
        .setString("name", group.name())
        .setLong("created_by", group.createdBy().value())
        .setLong("created_at", group.createdAt())
        .setLong("version", group.version())
        .setList("members", members, UdtValue.class);
  }

  /** The group {@code id} as {@code state} holds it, or null for none. */
  Group group(GroupId id, UdtValue state) {
    if (state == null) return null;
    Map<UserId, Member> members = new LinkedHashMap<>();
    for (UdtValue member : state.getList("members", UdtValue.class)) {
      UserId user = UserId.of(member.getLong("user_id"));
      members.put(
          user,
          new Member(
              user,
              Role.valueOf(member.getString("role")),
              member.getLong("joined_at"),
              member.getLong("from_seq")));
    }
    return new Group(
        id,
        state.getString("name"),
        UserId.of(state.getLong("created_by")),
        state.getLong("created_at"),
        state.getLong("version"),
        members);
  }

  UdtValue event(SystemEvent event) {
    if (event == null) return null;
    return eventType
        .newValue()
        .setString("type", event.type().name())
        .setLong("actor", event.actor().value())
        .setList("users", event.users().stream().map(UserId::value).toList(), Long.class)
        .setString("name", event.name());
  }

  SystemEvent event(UdtValue event) {
    if (event == null) return null;
    return new SystemEvent(
        SystemEvent.Type.valueOf(event.getString("type")),
        UserId.of(event.getLong("actor")),
        event.getList("users", Long.class).stream().map(UserId::of).toList(),
        event.getString("name"));
  }
}
