package io.parley.store.cassandra;

import com.datastax.oss.driver.api.core.cql.Row;
import io.parley.core.id.UserId;
import io.parley.core.message.ConversationId;
import io.parley.core.message.ConversationSummary;
import io.parley.core.message.Markers;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A user's conversation list, from {@code user_conversations}: one row per conversation with the
 * last seq that reached the user's inbox (written with the seq as its write time, so the highest
 * wins), joined with that message and the markers. A former group member's last seq is the
 * announcement of their leaving: later messages never reach their inbox.
 */
final class ConversationList {

  private final MessageTables tables;
  private final MessageLog log;
  private final Views views;

  ConversationList(MessageTables tables, MessageLog log, Views views) {
    this.tables = tables;
    this.log = log;
    this.views = views;
  }

  /** Every conversation of {@code owner}, most recently active first. */
  CompletionStage<List<ConversationSummary>> of(UserId owner) {
    return tables
        .run(tables.userConversations.bind(owner.value()))
        .thenCompose(
            rows -> {
              List<CompletableFuture<Optional<ConversationSummary>>> summaries = new ArrayList<>();
              for (Row row : rows.currentPage()) {
                ConversationId conversation =
                    ConversationId.parse(row.getString("conversation")).orElseThrow();
                summaries.add(summary(owner, conversation, row.getLong("last_seq")));
              }
              return CompletableFuture.allOf(summaries.toArray(CompletableFuture[]::new))
                  .thenApply(
                      done ->
                          summaries.stream()
                              .map(s -> s.getNow(Optional.empty()))
                              .flatMap(Optional::stream)
                              .sorted(MOST_RECENT_FIRST)
                              .toList());
            });
  }

  private static final Comparator<ConversationSummary> MOST_RECENT_FIRST =
      Comparator.comparingLong((ConversationSummary s) -> s.lastMessage().timestamp())
          .thenComparing(s -> s.lastMessage().id())
          .reversed();

  private CompletableFuture<Optional<ConversationSummary>> summary(
      UserId owner, ConversationId conversation, long lastSeq) {
    return log.row(conversation, lastSeq)
        .thenCombine(
            views.of(conversation),
            (row, view) ->
                // A last message past its TTL leaves no summary.
                row.map(
                    r ->
                        new ConversationSummary(
                            conversation,
                            view.of(r),
                            lastSeq,
                            view.markers().getOrDefault(owner, Markers.NONE))))
        .toCompletableFuture();
  }
}
