package io.parley.store.cassandra;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.parley.core.group.Group;
import io.parley.core.id.GroupId;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The prepared statements on the group tables of {@code schema/V003__groups.cql} (the group columns
 * of the conversation log are in {@link MessageTables}).
 */
final class GroupTables {

  final MessageTables tables;

  final PreparedStatement insertGroup;
  final PreparedStatement group;
  final PreparedStatement joinGroup;
  final PreparedStatement leaveGroup;
  final PreparedStatement userGroups;
  final PreparedStatement insertInvite;
  final PreparedStatement insertGroupInvite;
  final PreparedStatement invite;
  final PreparedStatement groupInvites;
  final PreparedStatement deleteInvite;
  final PreparedStatement deleteGroupInvite;

  GroupTables(MessageTables tables) {
    this.tables = tables;
    var session = tables.session;
    insertGroup =
        session.prepare("INSERT INTO groups (group_id, state) VALUES (?, ?) USING TIMESTAMP ?");
    group = session.prepare("SELECT state FROM groups WHERE group_id = ?");
    joinGroup =
        session.prepare(
            "INSERT INTO user_groups (user_id, group_id) VALUES (?, ?) USING TIMESTAMP ?");
    leaveGroup =
        session.prepare(
            "DELETE FROM user_groups USING TIMESTAMP ? WHERE user_id = ? AND group_id = ?");
    userGroups = session.prepare("SELECT group_id FROM user_groups WHERE user_id = ?");
    insertInvite =
        session.prepare(
            "INSERT INTO invites (code, group_id, created_by, created_at) VALUES (?, ?, ?, ?)");
    insertGroupInvite =
        session.prepare(
            "INSERT INTO group_invites (group_id, created_at, code, created_by)"
                + " VALUES (?, ?, ?, ?)");
    invite =
        session.prepare(
            "SELECT code, group_id, created_by, created_at FROM invites WHERE code = ?");
    groupInvites =
        session.prepare(
            "SELECT code, created_by, created_at FROM group_invites WHERE group_id = ?");
    deleteInvite = session.prepare("DELETE FROM invites WHERE code = ? IF EXISTS");
    deleteGroupInvite =
        session.prepare(
            "DELETE FROM group_invites WHERE group_id = ? AND created_at = ? AND code = ?");
  }

  GroupCodec codec() {
    return tables.codec;
  }

  /** The group as of its latest finished announcement. */
  CompletionStage<Optional<Group>> current(GroupId id) {
    return tables
        .run(group.bind(id.value()))
        .thenApply(
            rows -> {
              Row row = rows.one();
              return Optional.ofNullable(
                  row == null ? null : codec().group(id, row.getUdtValue("state")));
            });
  }
}
