package io.parley.store.cassandra;

import com.datastax.oss.driver.api.core.cql.Row;
import io.parley.core.id.MessageId;
import io.parley.core.id.UserId;
import io.parley.core.message.ConversationId;
import io.parley.core.message.DeliveryStatus;
import io.parley.core.message.Markers;
import io.parley.core.message.Message;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A message row of a conversation log: everything needed to show the message and to finish its
 * fan-out (the audience), so that any writer can complete what a dead one started.
 */
record LogRow(
    ConversationId conversation,
    long seq,
    MessageId id,
    UserId sender,
    UserId receiver,
    String content,
    long createdAt,
    String clientMsgId,
    Set<UserId> audience,
    boolean fannedOut) {

  /** Reads a row selected with {@link MessageTables#LOG_COLUMNS}. */
  static LogRow of(Row row) {
    ConversationId conversation =
        ConversationId.parse(row.getString("conversation"))
            .orElseThrow(() -> new IllegalStateException("bad conversation key in the log"));
    long receiver = row.getLong("receiver");
    if (row.isNull("receiver") || receiver == 0) {
      throw new IllegalStateException("group messages are not stored by this store yet");
    }
    return new LogRow(
        conversation,
        row.getLong("seq"),
        MessageId.of(row.getLong("message_id")),
        UserId.of(row.getLong("sender")),
        UserId.of(receiver),
        row.getString("content"),
        row.getLong("created_at"),
        row.getString("client_msg_id"),
        row.getSet("audience", Long.class).stream().map(UserId::of).collect(Collectors.toSet()),
        row.getBoolean("fanned_out"));
  }

  /** The message with its status as the receiver's markers in {@code markers} imply. */
  Message message(Map<UserId, Markers> markers) {
    return message(DeliveryStatus.of(seq, markers.getOrDefault(receiver, Markers.NONE)));
  }

  Message message(DeliveryStatus status) {
    return new Message(
        id, conversation, seq, sender, receiver, null, content, createdAt, clientMsgId, status);
  }
}
