package io.parley.store.cassandra;

import com.datastax.oss.driver.api.core.cql.Row;
import io.parley.core.id.IdGenerator;
import io.parley.core.id.MessageId;
import io.parley.core.message.ConversationId;
import io.parley.core.message.MessageStore.NewMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * The start of a send: its id, its time, and its idempotency key.
 *
 * <p>A send with a {@code client_msg_id} first claims (sender, client_msg_id) with {@code INSERT
 * ... IF NOT EXISTS}, carrying its new message id: of any number of concurrent sends with the same
 * key, on any nodes, exactly one goes on to store a message; the others answer that message once it
 * has a seq ({@code message_ids}, written right after the seq is claimed).
 *
 * <p>Known gap: a writer that dies after the key claim and before the seq claim stored nothing
 * (nothing was acknowledged), but leaves the key claimed: a retry with that key waits for a seq
 * that never comes and fails after {@link #LOCATE_TIMEOUT}. Taking such a key over safely needs a
 * fencing step between the two claims; not built yet.
 */
final class Sends {

  /** How long a duplicate waits for the first send of its key to get its seq. */
  static final Duration LOCATE_TIMEOUT = Duration.ofSeconds(20);

  private static final long POLL_MILLIS = 10;

  /** What a send turned out to be. */
  sealed interface Send {}

  /** A new message, to be stored: {@code draft} has everything but its seq. */
  record Fresh(LogRow draft) implements Send {}

  /** A retry of an earlier send with the same client_msg_id. */
  record Earlier(MessageId messageId) implements Send {}

  /** Where a message is. */
  record Location(MessageId id, ConversationId conversation, long seq) {}

  private final MessageTables tables;
  private final IdGenerator ids;

  Sends(MessageTables tables, IdGenerator ids) {
    this.tables = tables;
    this.ids = ids;
  }

  CompletionStage<Send> begin(NewMessage message) {
    long id = nextId();
    boolean group = message.group() != null;
    LogRow draft =
        new LogRow(
            message.conversation(),
            0,
            MessageId.of(id),
            message.sender(),
            message.receiver(),
            message.content(),
            IdGenerator.timestampOf(id),
            message.clientMsgId(),
            // a group message's audience and place are decided at its seq (CassandraGroupStore)
            group ? Set.of() : message.participants(),
            false,
            group ? new LogRow.InGroup(message.group(), 0, 0, null, null) : null);
    if (message.clientMsgId() == null) {
      return CompletableFuture.completedFuture(new Fresh(draft));
    }
    return tables
        .run(
            tables.claimClientMsgId.bind(
                message.sender().value(), message.clientMsgId(), id, tables.ttlSeconds))
        .<Send>thenApply(
            result -> {
              long owner = result.wasApplied() ? id : result.one().getLong("message_id");
              return owner == id ? new Fresh(draft) : new Earlier(MessageId.of(owner));
            })
        .exceptionallyCompose(
            failure ->
                Uncertain.isUncertain(failure)
                    ? tables
                        .runSerial(
                            tables.clientMsgId.bind(
                                message.sender().value(), message.clientMsgId()))
                        .thenCompose(
                            rows -> {
                              Row row = rows.one();
                              if (row == null) return begin(message);
                              long owner = row.getLong("message_id");
                              return CompletableFuture.<Send>completedFuture(
                                  owner == id
                                      ? new Fresh(draft)
                                      : new Earlier(MessageId.of(owner)));
                            })
                    : CompletableFuture.failedFuture(failure));
  }

  /**
   * Gives up the claim of {@code draft}'s client_msg_id, made by {@link #begin} for a message that
   * was then refused (its sender is not a member): a retry may store it once they are. Only this
   * send's own claim is removed.
   */
  CompletionStage<Void> release(LogRow draft) {
    if (draft.clientMsgId() == null) return CompletableFuture.completedFuture(null);
    return tables
        .run(
            tables.releaseClientMsgId.bind(
                draft.sender().value(), draft.clientMsgId(), draft.id().value()))
        .thenApply(done -> null);
  }

  /** Records where {@code row}'s message is, so that retries and lookups by id find it. */
  CompletionStage<Void> located(LogRow row) {
    return tables
        .run(
            tables.insertMessageId.bind(
                row.id().value(), row.conversation().key(), row.seq(), tables.ttlSeconds))
        .thenApply(done -> null);
  }

  /** Where the messages among {@code ids} are (those that exist). */
  CompletionStage<List<Location>> locate(Collection<MessageId> ids) {
    if (ids.isEmpty()) return CompletableFuture.completedFuture(List.of());
    List<Long> values = ids.stream().map(MessageId::value).distinct().toList();
    return tables
        .run(tables.messageIds.bind(values))
        .thenApply(
            rows -> {
              List<Location> found = new ArrayList<>();
              for (Row row : rows.currentPage()) {
                found.add(
                    new Location(
                        MessageId.of(row.getLong("message_id")),
                        ConversationId.parse(row.getString("conversation")).orElseThrow(),
                        row.getLong("seq")));
              }
              return found;
            });
  }

  /** Where {@code id} is, once its writer has claimed its seq (polled, without blocking). */
  CompletionStage<Location> awaitLocated(MessageId id) {
    return awaitLocated(id, System.nanoTime() + LOCATE_TIMEOUT.toNanos());
  }

  private CompletionStage<Location> awaitLocated(MessageId id, long deadline) {
    return locate(List.of(id))
        .thenCompose(
            found -> {
              if (!found.isEmpty()) return CompletableFuture.completedFuture(found.get(0));
              if (System.nanoTime() > deadline) {
                return CompletableFuture.failedFuture(
                    new IllegalStateException(
                        "the first send of this client_msg_id (message "
                            + id
                            + ") has not been stored"));
              }
              return CompletableFuture.supplyAsync(
                      () -> null,
                      CompletableFuture.delayedExecutor(POLL_MILLIS, TimeUnit.MILLISECONDS))
                  .thenCompose(tick -> awaitLocated(id, deadline));
            });
  }

  /** A new id from this node's generator: for messages, groups and announcements. */
  synchronized long nextId() {
    return ids.next();
  }
}
