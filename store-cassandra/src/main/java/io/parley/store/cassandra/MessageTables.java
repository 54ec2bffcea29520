package io.parley.store.cassandra;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.type.UserDefinedType;
import java.util.concurrent.CompletionStage;

/**
 * The prepared statements on the tables of {@code schema/V002__messages.cql} (with the group
 * columns of {@code V003__groups.cql}), and how they run: reads and writes at the configured
 * consistency, position reads at the serial one.
 */
final class MessageTables {

  static final String LOG_COLUMNS =
      "conversation, seq, message_id, sender, receiver, group_id, content, created_at,"
          + " client_msg_id, audience, fanned_out, group_version, version_seq, event, group_state";

  final CqlSession session;
  final ConsistencyLevel serial;
  final int ttlSeconds;
  final GroupCodec codec;

  final PreparedStatement insertLogRow;
  final PreparedStatement lastLogSeq;
  final PreparedStatement logRow;
  final PreparedStatement logRowsBefore;
  final PreparedStatement setFannedOut;
  final PreparedStatement insertMessageId;
  final PreparedStatement messageIds;
  final PreparedStatement claimClientMsgId;
  final PreparedStatement clientMsgId;
  final PreparedStatement releaseClientMsgId;
  final PreparedStatement clientMsgIdWritten;
  final PreparedStatement supersedeClientMsgId;
  final PreparedStatement logIdsBefore;
  final PreparedStatement insertInboxRow;
  final PreparedStatement lastInboxPos;
  final PreparedStatement inboxRowsAfter;
  final PreparedStatement inboxRef;
  final PreparedStatement claimInboxRef;
  final PreparedStatement updateUserConversation;
  final PreparedStatement userConversation;
  final PreparedStatement userConversations;
  final PreparedStatement conversationMarkers;
  final PreparedStatement userMarkers;
  final PreparedStatement advanceDelivered;
  final PreparedStatement advanceRead;

  MessageTables(CqlSession session, CassandraConfig config) {
    this.session = session;
    this.serial = config.serialConsistency();
    this.ttlSeconds = Math.toIntExact(config.messageTtl().toSeconds());
    insertLogRow =
        session.prepare(
            "INSERT INTO conversation_log (bucket, "
                + LOG_COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, false, ?, ?, ?, ?)"
                + " IF NOT EXISTS USING TTL ?");
    codec =
        new GroupCodec(
            (UserDefinedType) insertLogRow.getVariableDefinitions().get("group_state").getType(),
            (UserDefinedType) insertLogRow.getVariableDefinitions().get("event").getType());
    lastLogSeq =
        session.prepare(
            "SELECT seq FROM conversation_log WHERE conversation = ? AND bucket = ?"
                + " ORDER BY seq DESC LIMIT 1");
    logRow =
        session.prepare(
            "SELECT "
                + LOG_COLUMNS
                + " FROM conversation_log"
                + " WHERE conversation = ? AND bucket = ? AND seq = ?");
    logRowsBefore =
        session.prepare(
            "SELECT "
                + LOG_COLUMNS
                + " FROM conversation_log"
                + " WHERE conversation = ? AND bucket = ? AND seq < ? ORDER BY seq DESC LIMIT ?");
    setFannedOut =
        session.prepare(
            "UPDATE conversation_log USING TTL ? SET fanned_out = true"
                + " WHERE conversation = ? AND bucket = ? AND seq = ?");
    insertMessageId =
        session.prepare(
            "INSERT INTO message_ids (message_id, conversation, seq) VALUES (?, ?, ?) USING TTL ?");
    messageIds =
        session.prepare(
            "SELECT message_id, conversation, seq FROM message_ids WHERE message_id IN ?");
    claimClientMsgId =
        session.prepare(
            "INSERT INTO client_msg_ids (sender, client_msg_id, message_id) VALUES (?, ?, ?)"
                + " IF NOT EXISTS USING TTL ?");
    clientMsgId =
        session.prepare(
            "SELECT message_id FROM client_msg_ids WHERE sender = ? AND client_msg_id = ?");
    releaseClientMsgId =
        session.prepare(
            "DELETE FROM client_msg_ids WHERE sender = ? AND client_msg_id = ? IF message_id = ?");
    // WRITETIME is the coordinator's clock (microseconds) at the claim: how old the claim is
    clientMsgIdWritten =
        session.prepare(
            "SELECT message_id, WRITETIME(message_id) AS written FROM client_msg_ids"
                + " WHERE sender = ? AND client_msg_id = ?");
    supersedeClientMsgId =
        session.prepare(
            "UPDATE client_msg_ids USING TTL ? SET message_id = ?"
                + " WHERE sender = ? AND client_msg_id = ? IF message_id = ?");
    logIdsBefore =
        session.prepare(
            "SELECT seq, message_id, WRITETIME(message_id) AS written FROM conversation_log"
                + " WHERE conversation = ? AND bucket = ? AND seq < ? ORDER BY seq DESC LIMIT ?");
    insertInboxRow =
        session.prepare(
            "INSERT INTO inboxes (owner, bucket, pos, conversation, seq, message_id, created_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?) IF NOT EXISTS USING TTL ?");
    lastInboxPos =
        session.prepare(
            "SELECT pos FROM inboxes WHERE owner = ? AND bucket = ? ORDER BY pos DESC LIMIT 1");
    inboxRowsAfter =
        session.prepare(
            "SELECT pos, conversation, seq, message_id, created_at FROM inboxes"
                + " WHERE owner = ? AND bucket = ? AND pos > ? LIMIT ?");
    inboxRef =
        session.prepare(
            "SELECT pos FROM inbox_refs WHERE owner = ? AND conversation = ? AND seq = ?");
    claimInboxRef =
        session.prepare(
            "INSERT INTO inbox_refs (owner, conversation, seq, pos) VALUES (?, ?, ?, ?)"
                + " IF NOT EXISTS USING TTL ?");
    updateUserConversation =
        session.prepare(
            "UPDATE user_conversations USING TIMESTAMP ? SET last_seq = ?, last_at = ?"
                + " WHERE owner = ? AND conversation = ?");
    userConversation =
        session.prepare(
            "SELECT last_seq FROM user_conversations WHERE owner = ? AND conversation = ?");
    userConversations =
        session.prepare(
            "SELECT conversation, last_seq, last_at FROM user_conversations WHERE owner = ?");
    conversationMarkers =
        session.prepare(
            "SELECT user_id, delivered_seq, read_seq FROM markers WHERE conversation = ?");
    userMarkers =
        session.prepare(
            "SELECT user_id, delivered_seq, read_seq FROM markers"
                + " WHERE conversation = ? AND user_id = ?");
    advanceDelivered =
        session.prepare(
            "UPDATE markers USING TIMESTAMP ? SET delivered_seq = ?"
                + " WHERE conversation = ? AND user_id = ?");
    advanceRead =
        session.prepare(
            "UPDATE markers USING TIMESTAMP ? SET read_seq = ?"
                + " WHERE conversation = ? AND user_id = ?");
  }

  /**
   * {@code statement} with its null values left unset: an insert that binds null writes a tombstone
   * for that cell, an unset value writes nothing (1:1 rows have no group columns).
   */
  static BoundStatement withoutNulls(BoundStatement statement) {
    BoundStatement result = statement;
    for (int i = 0; i < statement.size(); i++) {
      if (statement.isNull(i)) result = result.unset(i);
    }
    return result;
  }

  /** Runs {@code statement} at the configured consistency. */
  CompletionStage<AsyncResultSet> run(BoundStatement statement) {
    return session.executeAsync(statement);
  }

  /** Runs a read at serial consistency: it sees, and completes, every Paxos round before it. */
  CompletionStage<AsyncResultSet> runSerial(BoundStatement statement) {
    return session.executeAsync(statement.setConsistencyLevel(serial));
  }
}
