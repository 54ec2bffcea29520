package io.parley.store.cassandra;

import io.parley.core.id.UserId;
import io.parley.core.message.ConversationId;
import io.parley.core.message.MessageStore;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Fans a conversation's messages out to their audiences' inboxes, strictly in seq order.
 *
 * <p><b>Why every inbox holds a conversation in seq order.</b> Message {@code k} is delivered to an
 * inbox only after message {@code k - 1} is marked fanned out, and that mark is set only after
 * {@code k - 1}'s reference is decided in every inbox of its audience. So every position {@code k}
 * takes in an inbox was claimed after {@code k - 1}'s, and positions grow in claim order. If the
 * writer of {@code k - 1} died half-way, the writer of {@code k} finds the mark missing and
 * finishes {@code k - 1} first (recursively, should {@code k - 2} be unfinished too): the log row
 * holds the body and the audience, all it needs. (It first waits for a writer that is merely
 * slower: see {@link #finish}.) A crashed writer delays its conversation; it never reorders or
 * loses it. Two writers delivering the same message is harmless ({@link Inboxes}). What a row
 * changes besides the inboxes (a group's announcement, {@link GroupEffects}) is done the same way,
 * first.
 *
 * <p><b>Live delivery in seq order too.</b> Between the inboxes and the mark, the message is handed
 * to the store's listener, which publishes it to live connections; the mark waits for that to be
 * done. So message {@code k} is published only after {@code k - 1} was (whichever node stored
 * each), and a message whose writer died before publishing it is published by whoever finishes it
 * (at least once: a writer dying between publishing and marking makes the next one publish it
 * again, and clients drop a message id they already have).
 */
final class FanOut {

  /**
   * How long a writer waits for another node's writer to finish the previous message before it
   * finishes it itself. Taking over early is safe (the delivery is done twice, counted once), only
   * wasteful; the wait avoids doing every fan-out twice when writers merely overlap.
   */
  static final Duration TAKE_OVER_AFTER = Duration.ofMillis(300);

  private static final long POLL_MILLIS = 5;

  /** What a row changes besides the inboxes, done before they get it; idempotent. */
  interface Effects {
    CompletionStage<Void> before(LogRow row);
  }

  private final MessageLog log;
  private final Inboxes inboxes;
  private final Effects effects;
  private final MessageStore.StoredListener listener;

  /** Fan-outs running on this node, by conversation and seq: the next message waits for them. */
  private final Map<String, CompletableFuture<Void>> running = new ConcurrentHashMap<>();

  FanOut(MessageLog log, Inboxes inboxes, Effects effects, MessageStore.StoredListener listener) {
    this.log = log;
    this.inboxes = inboxes;
    this.effects = effects;
    this.listener = listener;
  }

  /**
   * Delivers {@code row} to every inbox of its audience, after finishing everything before it, and
   * marks it fanned out. Answers the message's position in each inbox.
   */
  CompletionStage<Map<UserId, Long>> fanOut(LogRow row) {
    String key = key(row.conversation(), row.seq());
    CompletableFuture<Void> done = new CompletableFuture<>();
    running.put(key, done);
    CompletionStage<Map<UserId, Long>> positions =
        finish(row.conversation(), row.seq() - 1).thenCompose(previous -> deliver(row));
    return positions.whenComplete(
        (p, failure) -> {
          running.remove(key, done);
          if (failure != null) done.completeExceptionally(failure);
          else done.complete(null);
        });
  }

  /**
   * Makes sure the message at {@code seq} (and everything before it) is fanned out: waits for its
   * writer if that runs on this node; else waits up to {@link #TAKE_OVER_AFTER} for its mark, then
   * finishes it.
   */
  CompletionStage<Void> finish(ConversationId conversation, long seq) {
    if (seq < 1) return CompletableFuture.completedFuture(null);
    CompletableFuture<Void> local = running.get(key(conversation, seq));
    if (local != null) {
      // Its writer also finishes what came before it; if it fails, finish it here.
      return local.exceptionallyCompose(failure -> takeOver(conversation, seq));
    }
    return awaitMark(conversation, seq, System.nanoTime() + TAKE_OVER_AFTER.toNanos());
  }

  private CompletionStage<Void> awaitMark(ConversationId conversation, long seq, long deadline) {
    return log.row(conversation, seq)
        .thenCompose(
            row -> {
              if (row.isEmpty()) {
                // Unreachable while seqs are gapless: seq - 1 exists before seq is claimed.
                return CompletableFuture.failedFuture(
                    new IllegalStateException("no message " + seq + " in " + conversation));
              }
              if (row.get().fannedOut()) return CompletableFuture.completedFuture(null);
              if (System.nanoTime() > deadline) return takeOver(row.get());
              return CompletableFuture.supplyAsync(
                      () -> null,
                      CompletableFuture.delayedExecutor(POLL_MILLIS, TimeUnit.MILLISECONDS))
                  .thenCompose(tick -> awaitMark(conversation, seq, deadline));
            });
  }

  private CompletionStage<Void> takeOver(ConversationId conversation, long seq) {
    return log.row(conversation, seq)
        .thenCompose(
            row ->
                row.isEmpty() || row.get().fannedOut()
                    ? CompletableFuture.completedFuture(null)
                    : takeOver(row.get()));
  }

  /** Finishes another writer's fan-out of {@code row}, after everything before it. */
  private CompletionStage<Void> takeOver(LogRow row) {
    return finish(row.conversation(), row.seq() - 1)
        .thenCompose(previous -> deliver(row))
        .thenApply(positions -> null);
  }

  private static String key(ConversationId conversation, long seq) {
    return conversation.key() + "/" + seq;
  }

  private CompletionStage<Map<UserId, Long>> deliver(LogRow row) {
    return effects.before(row).thenCompose(done -> deliverToInboxes(row));
  }

  private CompletionStage<Map<UserId, Long>> deliverToInboxes(LogRow row) {
    List<UserId> audience = List.copyOf(row.audience());
    List<CompletableFuture<Long>> positions =
        audience.stream().map(owner -> inboxes.deliver(owner, row).toCompletableFuture()).toList();
    return CompletableFuture.allOf(positions.toArray(CompletableFuture[]::new))
        .thenCompose(all -> listener.stored(row.fresh(), null, row.audience()))
        .thenCompose(published -> log.markFannedOut(row))
        .thenApply(
            marked -> {
              // allOf has completed: getNow answers every position without waiting.
              Map<UserId, Long> byOwner = new HashMap<>();
              for (int i = 0; i < audience.size(); i++) {
                byOwner.put(audience.get(i), positions.get(i).getNow(null));
              }
              return byOwner;
            });
  }
}
