package io.parley.store.cassandra;

import com.datastax.oss.driver.api.core.cql.Row;
import io.parley.core.id.UserId;
import io.parley.core.message.ConversationId;
import io.parley.core.message.Message;
import io.parley.core.message.MessageStore.InboxQuery;
import io.parley.core.message.MessageStore.InboxResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Reads pages of an inbox: the references after the cursor's position, across buckets in position
 * order, each checked against its decided reference ({@link Inboxes}), then joined with the message
 * rows of the conversation logs and what gives their status ({@link MessageView}).
 *
 * <p>A bucket is entered only once the one before it is full, so the read moves to the next bucket
 * exactly when it has read the last position of the current one.
 */
final class InboxReader {

  /** An inbox row: where it is and what it references. */
  private record Entry(long pos, ConversationId conversation, long seq) {}

  private final MessageTables tables;
  private final Inboxes inboxes;
  private final MessageLog log;
  private final Views views;

  InboxReader(MessageTables tables, Inboxes inboxes, MessageLog log, Views views) {
    this.tables = tables;
    this.inboxes = inboxes;
    this.log = log;
    this.views = views;
  }

  CompletionStage<InboxResult> page(UserId owner, InboxQuery query) {
    OptionalLong after = InboxCursor.positionIn(query.after(), owner);
    if (after.isEmpty()) {
      return CompletableFuture.completedFuture(new InboxResult.InvalidCursor());
    }
    int wanted = query.limit() + 1;
    return collect(owner, after.getAsLong(), query.sinceMillis(), wanted, new ArrayList<>())
        .thenCompose(
            entries -> {
              boolean hasMore = entries.size() > query.limit();
              List<Entry> page = hasMore ? entries.subList(0, query.limit()) : entries;
              String next =
                  page.isEmpty()
                      ? (query.after() == null ? InboxCursor.START : query.after())
                      : InboxCursor.at(page.get(page.size() - 1).pos());
              return messages(page)
                  .thenApply(messages -> new InboxResult.Page(messages, next, hasMore));
            });
  }

  /**
   * Valid entries after {@code from} with a time at or after {@code since}, up to {@code wanted}.
   */
  private CompletionStage<List<Entry>> collect(
      UserId owner, long from, long since, int wanted, List<Entry> into) {
    long bucket = Buckets.bucketOf(from + 1, inboxes.bucketSize());
    int batch = Math.max(wanted - into.size(), 8);
    return tables
        .run(tables.inboxRowsAfter.bind(owner.value(), bucket, from, batch))
        .thenCompose(
            rows -> {
              List<Entry> candidates = new ArrayList<>();
              long last = from;
              int read = 0;
              for (Row row : rows.currentPage()) {
                read++;
                last = row.getLong("pos");
                if (row.getLong("created_at") < since) continue;
                candidates.add(
                    new Entry(
                        last,
                        ConversationId.parse(row.getString("conversation")).orElseThrow(),
                        row.getLong("seq")));
              }
              long readTo = last;
              boolean more =
                  read == batch
                      || (read > 0 && Buckets.isLastOfBucket(readTo, inboxes.bucketSize()));
              return valid(owner, candidates)
                  .thenCompose(
                      valid -> {
                        for (Entry entry : valid) {
                          if (into.size() < wanted) into.add(entry);
                        }
                        return into.size() >= wanted || !more
                            ? CompletableFuture.completedFuture(into)
                            : collect(owner, readTo, since, wanted, into);
                      });
            });
  }

  /** The entries whose position is their message's decided one, in order. */
  private CompletionStage<List<Entry>> valid(UserId owner, List<Entry> candidates) {
    List<CompletableFuture<Boolean>> checks =
        candidates.stream()
            .map(
                entry ->
                    inboxes
                        .ref(owner, entry.conversation().key(), entry.seq())
                        .thenCompose(
                            ref ->
                                ref.isPresent()
                                    ? CompletableFuture.completedFuture(ref.getAsLong())
                                    : inboxes.decideRef(
                                        owner,
                                        entry.conversation().key(),
                                        entry.seq(),
                                        entry.pos()))
                        .thenApply(pos -> pos == entry.pos())
                        .toCompletableFuture())
            .toList();
    return CompletableFuture.allOf(checks.toArray(CompletableFuture[]::new))
        .thenApply(
            done -> {
              List<Entry> valid = new ArrayList<>();
              for (int i = 0; i < candidates.size(); i++) {
                if (checks.get(i).getNow(false)) valid.add(candidates.get(i));
              }
              return valid;
            });
  }

  private CompletionStage<List<Message>> messages(List<Entry> entries) {
    Map<ConversationId, CompletableFuture<MessageView>> viewByConversation = new HashMap<>();
    for (Entry entry : entries) {
      viewByConversation.computeIfAbsent(
          entry.conversation(), c -> views.of(c).toCompletableFuture());
    }
    List<CompletableFuture<Message>> loads =
        entries.stream()
            .map(
                entry ->
                    log.row(entry.conversation(), entry.seq())
                        .thenCombine(
                            viewByConversation.get(entry.conversation()),
                            (row, view) ->
                                view.of(
                                    row.orElseThrow(
                                        () ->
                                            new IllegalStateException(
                                                "inbox references a missing message"))))
                        .toCompletableFuture())
            .toList();
    return CompletableFuture.allOf(loads.toArray(CompletableFuture[]::new))
        .thenApply(done -> loads.stream().map(load -> load.getNow(null)).toList());
  }
}
