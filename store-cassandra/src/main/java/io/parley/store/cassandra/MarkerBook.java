package io.parley.store.cassandra;

import com.datastax.oss.driver.api.core.cql.Row;
import io.parley.core.id.UserId;
import io.parley.core.message.ConversationId;
import io.parley.core.message.Markers;
import io.parley.core.message.MessageStore.MarkerChange;
import io.parley.core.message.Receipt;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Receipt markers (ADR 003), one row per participant of a conversation.
 *
 * <p><b>Only forward, without a transaction.</b> Each marker column is written with its own value
 * as the cell's write time ({@code USING TIMESTAMP seq}). Cassandra keeps the cell with the highest
 * write time, so of any writes, from any nodes, in any order, the highest seq wins: a marker can
 * never move back. (Nothing else writes these tables, so no real-time timestamp competes.) A marker
 * is clamped to the last seq that reached the user's inbox, so it never runs ahead of what they
 * could have seen.
 */
final class MarkerBook {

  private final MessageTables tables;

  MarkerBook(MessageTables tables) {
    this.tables = tables;
  }

  /** Every participant's markers in {@code conversation}. */
  CompletionStage<Map<UserId, Markers>> all(ConversationId conversation) {
    return tables
        .run(tables.conversationMarkers.bind(conversation.key()))
        .thenApply(
            rows -> {
              Map<UserId, Markers> markers = new HashMap<>();
              for (Row row : rows.currentPage()) {
                markers.put(UserId.of(row.getLong("user_id")), markersOf(row));
              }
              return markers;
            });
  }

  CompletionStage<Markers> of(ConversationId conversation, UserId user) {
    return tables
        .run(tables.userMarkers.bind(conversation.key(), user.value()))
        .thenApply(
            rows ->
                Optional.ofNullable(rows.one()).map(MarkerBook::markersOf).orElse(Markers.NONE));
  }

  /**
   * Moves {@code user}'s marker to {@code seq}, or to the last seq of their conversation entry if
   * that is lower; answers the markers before and after, as this call saw and wrote them.
   */
  CompletionStage<MarkerChange> advance(
      UserId user, ConversationId conversation, Receipt kind, long seq) {
    CompletionStage<Long> lastSeq =
        tables
            .run(tables.userConversation.bind(user.value(), conversation.key()))
            .thenApply(
                rows ->
                    Optional.ofNullable(rows.one()).map(row -> row.getLong("last_seq")).orElse(0L));
    return of(conversation, user)
        .thenCombine(
            lastSeq,
            (before, last) -> new MarkerChange(before, before.advance(kind, Math.min(seq, last))))
        .thenCompose(
            change ->
                write(user, conversation, change.before(), change.after())
                    .thenApply(done -> change));
  }

  /** Records that {@code user} sent {@code seq}: sending reads everything before it. */
  CompletionStage<Void> sent(UserId user, ConversationId conversation, long seq) {
    return atLeast(user, conversation, new Markers(seq, seq));
  }

  /** Moves {@code user}'s markers forward to at least {@code markers}. */
  CompletionStage<Void> atLeast(UserId user, ConversationId conversation, Markers markers) {
    return write(user, conversation, Markers.NONE, markers);
  }

  private CompletionStage<Void> write(
      UserId user, ConversationId conversation, Markers before, Markers after) {
    CompletableFuture<?> delivered =
        after.deliveredSeq() > before.deliveredSeq()
            ? tables
                .run(
                    tables.advanceDelivered.bind(
                        after.deliveredSeq(),
                        after.deliveredSeq(),
                        conversation.key(),
                        user.value()))
                .toCompletableFuture()
            : CompletableFuture.completedFuture(null);
    CompletableFuture<?> read =
        after.readSeq() > before.readSeq()
            ? tables
                .run(
                    tables.advanceRead.bind(
                        after.readSeq(), after.readSeq(), conversation.key(), user.value()))
                .toCompletableFuture()
            : CompletableFuture.completedFuture(null);
    return CompletableFuture.allOf(delivered, read);
  }

  private static Markers markersOf(Row row) {
    return new Markers(row.getLong("delivered_seq"), row.getLong("read_seq"));
  }
}
