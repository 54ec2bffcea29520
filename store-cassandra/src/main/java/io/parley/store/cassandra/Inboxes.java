package io.parley.store.cassandra;

import com.datastax.oss.driver.api.core.cql.Row;
import io.parley.core.id.UserId;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Writes the users' inboxes: a reference to a message at the next gapless position of the owner's
 * inbox (claimed like a seq, see {@link PositionClaim}), and the one valid reference per owner and
 * message.
 *
 * <p><b>Exactly once, although two writers may deliver the same message.</b> The writer of a
 * message and the writer of the next one (finishing a fan-out it found unfinished) may both deliver
 * it to the same inbox, each claiming a position of its own. Which of the positions counts is
 * decided once, by {@code INSERT ... IF NOT EXISTS} into {@code inbox_refs} keyed by (owner,
 * conversation, seq): the first claim wins, and readers skip a row whose position is not the
 * winning one. A reader that finds a row whose reference is not decided yet (its writer is slow or
 * died) decides it itself, by the same insert, so every reader sees the same single row.
 */
final class Inboxes {

  private final MessageTables tables;
  private final PositionClaim claims;
  private final long bucketSize;

  Inboxes(MessageTables tables, PositionClaim claims, Buckets buckets) {
    this.tables = tables;
    this.claims = claims;
    this.bucketSize = buckets.inboxSize();
  }

  long bucketSize() {
    return bucketSize;
  }

  /**
   * Puts {@code row}'s message in {@code owner}'s inbox unless it is there, and answers its (valid)
   * position there.
   */
  CompletionStage<Long> deliver(UserId owner, LogRow row) {
    return ref(owner, row.conversation().key(), row.seq())
        .thenCompose(
            known ->
                known.isPresent()
                    ? CompletableFuture.completedFuture(known.getAsLong())
                    : claims
                        .claim(inboxLog(owner, row))
                        .thenCompose(
                            pos -> decideRef(owner, row.conversation().key(), row.seq(), pos)))
        .thenCompose(
            pos ->
                tables
                    .run(
                        tables.updateUserConversation.bind(
                            row.seq(),
                            row.seq(),
                            row.createdAt(),
                            owner.value(),
                            row.conversation().key()))
                    .thenApply(done -> pos));
  }

  /** The valid position of (conversation, seq) in {@code owner}'s inbox, if decided. */
  CompletionStage<OptionalLong> ref(UserId owner, String conversation, long seq) {
    return tables
        .run(tables.inboxRef.bind(owner.value(), conversation, seq))
        .thenApply(
            rows -> {
              Row row = rows.one();
              return row == null ? OptionalLong.empty() : OptionalLong.of(row.getLong("pos"));
            });
  }

  /**
   * Makes {@code pos} the valid position of (conversation, seq) unless another one already is;
   * answers the valid one.
   */
  CompletionStage<Long> decideRef(UserId owner, String conversation, long seq, long pos) {
    return tables
        .run(tables.claimInboxRef.bind(owner.value(), conversation, seq, pos, tables.ttlSeconds))
        .thenApply(
            result -> {
              if (result.wasApplied()) return pos;
              return result.one().getLong("pos");
            })
        .exceptionallyCompose(
            failure ->
                Uncertain.isUncertain(failure)
                    ? tables
                        .runSerial(tables.inboxRef.bind(owner.value(), conversation, seq))
                        .thenCompose(
                            rows -> {
                              Row decided = rows.one();
                              return decided != null
                                  ? CompletableFuture.completedFuture(decided.getLong("pos"))
                                  : decideRef(owner, conversation, seq, pos);
                            })
                    : CompletableFuture.failedFuture(failure));
  }

  private PositionClaim.Log inboxLog(UserId owner, LogRow row) {
    return new PositionClaim.Log() {
      @Override
      public String key() {
        return "inbox/" + owner.value();
      }

      @Override
      public long bucketSize() {
        return bucketSize;
      }

      @Override
      public CompletionStage<Long> lastIn(long bucket) {
        return tables
            .runSerial(tables.lastInboxPos.bind(owner.value(), bucket))
            .thenApply(
                rows -> {
                  Row last = rows.one();
                  return last == null ? 0L : last.getLong("pos");
                });
      }

      @Override
      public CompletionStage<Boolean> insertAt(long pos) {
        long bucket = Buckets.bucketOf(pos, bucketSize);
        return tables
            .run(
                tables.insertInboxRow.bind(
                    owner.value(),
                    bucket,
                    pos,
                    row.conversation().key(),
                    row.seq(),
                    row.id().value(),
                    row.createdAt(),
                    tables.ttlSeconds))
            .thenApply(
                result -> {
                  if (result.wasApplied()) return true;
                  Row existing = result.one();
                  return existing != null && existing.getLong("message_id") == row.id().value();
                })
            .exceptionallyCompose(
                failure ->
                    Uncertain.isUncertain(failure)
                        ? tables
                            .runSerial(
                                tables.inboxRowsAfter.bind(owner.value(), bucket, pos - 1, 1))
                            .thenApply(
                                rows -> {
                                  Row there = rows.one();
                                  return there != null
                                      && there.getLong("pos") == pos
                                      && there.getLong("message_id") == row.id().value();
                                })
                        : CompletableFuture.failedFuture(failure));
      }
    };
  }
}
