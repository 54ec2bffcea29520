package io.parley.store.cassandra;

import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import io.parley.core.id.UserId;
import io.parley.core.message.ConversationId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * The conversation logs: claims a message's {@code seq} by inserting its row (see {@link
 * PositionClaim}), reads rows by seq and pages backwards for history.
 */
final class MessageLog {

  private final MessageTables tables;
  private final PositionClaim claims;
  private final long bucketSize;

  MessageLog(MessageTables tables, PositionClaim claims, Buckets buckets) {
    this.tables = tables;
    this.claims = claims;
    this.bucketSize = buckets.logSize();
  }

  /**
   * Decides, from the row before it, which row goes at a seq: a group's message or announcement
   * depends on the group version the log has reached there.
   */
  @FunctionalInterface
  interface Successor {
    /**
     * The row to insert at {@code seq}, after {@code previous} (empty before seq 1); fails with a
     * {@link Refusal} to give up the append.
     */
    CompletionStage<LogRow> at(long seq, Optional<LogRow> previous);
  }

  /** Why a {@link Successor} refused to append, and the seq of the row that made it refuse. */
  static final class Refusal extends RuntimeException {
    enum Reason {
      NOT_MEMBER,
      STALE_VERSION,
      NO_GROUP
    }

    final Reason reason;
    final long previousSeq;

    Refusal(Reason reason, long previousSeq) {
      super(reason + " after seq " + previousSeq, null, false, false);
      this.reason = reason;
      this.previousSeq = previousSeq;
    }

    /** The refusal that {@code failure} is or wraps, if it is one. */
    static Optional<Refusal> in(Throwable failure) {
      for (Throwable t = failure; t != null; t = t.getCause()) {
        if (t instanceof Refusal refusal) return Optional.of(refusal);
      }
      return Optional.empty();
    }
  }

  /**
   * Stores {@code draft} at the next seq of its conversation and answers the row as stored. {@code
   * draft.seq()} is ignored.
   */
  CompletionStage<LogRow> append(LogRow draft, Sends.Lease lease) {
    return append(
        draft.conversation(),
        (seq, previous) -> CompletableFuture.completedFuture(draft.at(seq)),
        false,
        lease);
  }

  /**
   * Stores the row {@code successor} decides at the next seq of {@code conversation}, given the row
   * before it, and answers it as stored. The row before a claimed seq never changes (positions are
   * claimed once), so the decision holds for exactly the position it was made for. Each insert
   * starts only while {@code lease} is held (a send's claim of its client_msg_id, {@link Sends}).
   */
  CompletionStage<LogRow> appendAfter(
      ConversationId conversation, Successor successor, Sends.Lease lease) {
    return append(conversation, successor, true, lease);
  }

  private CompletionStage<LogRow> append(
      ConversationId conversation, Successor successor, boolean readsPrevious, Sends.Lease lease) {
    String key = conversation.key();
    AtomicReference<LogRow> stored = new AtomicReference<>();
    return claims
        .claim(
            new PositionClaim.Log() {
              @Override
              public String key() {
                return "log/" + key;
              }

              @Override
              public long bucketSize() {
                return bucketSize;
              }

              @Override
              public CompletionStage<Long> lastIn(long bucket) {
                return lastSeqIn(key, bucket, true);
              }

              @Override
              public CompletionStage<Boolean> insertAt(long seq) {
                CompletionStage<Optional<LogRow>> previous =
                    readsPrevious
                        ? row(conversation, seq - 1)
                        : CompletableFuture.completedFuture(Optional.empty());
                return previous
                    .thenCompose(before -> successor.at(seq, before))
                    .thenCompose(
                        candidate -> {
                          // fenced: no insert starts once a retry may take the send's key over
                          lease.check();
                          return insert(candidate, seq)
                              .thenApply(
                                  mine -> {
                                    if (mine) stored.set(candidate.at(seq));
                                    return mine;
                                  });
                        });
              }
            })
        .thenApply(seq -> stored.get());
  }

  /** The row at {@code seq}, if there is one. */
  CompletionStage<Optional<LogRow>> row(ConversationId conversation, long seq) {
    if (seq < 1) return CompletableFuture.completedFuture(Optional.empty());
    return tables
        .run(tables.logRow.bind(conversation.key(), bucket(seq), seq))
        .thenApply(
            rows -> Optional.ofNullable(rows.one()).map(row -> LogRow.of(row, tables.codec)));
  }

  CompletionStage<Void> markFannedOut(LogRow row) {
    return tables
        .run(
            tables.setFannedOut.bind(
                tables.ttlSeconds, row.conversation().key(), bucket(row.seq()), row.seq()))
        .thenApply(done -> null);
  }

  /** Up to {@code limit} rows with {@code seq < beforeSeq}, newest first. */
  CompletionStage<List<LogRow>> before(ConversationId conversation, long beforeSeq, int limit) {
    // Start at the head at most, so that a beforeSeq far past it never walks empty buckets.
    CompletionStage<Long> start =
        lastSeq(conversation).thenApply(last -> Math.min(beforeSeq, last + 1));
    return start.thenCompose(
        from -> collectBefore(conversation.key(), from, limit, new ArrayList<>()));
  }

  /** The last seq of {@code conversation} as a quorum read sees it (0 for none). */
  CompletionStage<Long> lastSeq(ConversationId conversation) {
    return lastFrom(conversation.key(), 0);
  }

  private CompletionStage<Long> lastFrom(String key, long hint) {
    long bucket = Buckets.bucketOf(hint + 1, bucketSize);
    return lastSeqIn(key, bucket, false)
        .thenCompose(
            last -> {
              if (last == 0) return CompletableFuture.completedFuture(hint);
              if (Buckets.isLastOfBucket(last, bucketSize)) return lastFrom(key, last);
              return CompletableFuture.completedFuture(last);
            });
  }

  private CompletionStage<List<LogRow>> collectBefore(
      String key, long beforeSeq, int limit, List<LogRow> into) {
    if (into.size() >= limit || beforeSeq <= 1) return CompletableFuture.completedFuture(into);
    long bucket = bucket(beforeSeq - 1);
    return tables
        .run(tables.logRowsBefore.bind(key, bucket, beforeSeq, limit - into.size()))
        .thenCompose(
            rows -> {
              for (Row row : rows.currentPage()) into.add(LogRow.of(row, tables.codec));
              if (into.size() >= limit || bucket == 0) {
                return CompletableFuture.completedFuture(into);
              }
              // The rest of this bucket is read; continue below its first position.
              return collectBefore(key, bucket * bucketSize, limit, into);
            });
  }

  private CompletionStage<Long> lastSeqIn(String key, long bucket, boolean serial) {
    var statement = tables.lastLogSeq.bind(key, bucket);
    CompletionStage<AsyncResultSet> rows =
        serial ? tables.runSerial(statement) : tables.run(statement);
    return rows.thenApply(
        result -> {
          Row row = result.one();
          return row == null ? 0L : row.getLong("seq");
        });
  }

  private CompletionStage<Boolean> insert(LogRow draft, long seq) {
    LogRow.InGroup inGroup = draft.inGroup();
    boolean group = inGroup != null;
    return tables
        .run(
            MessageTables.withoutNulls(
                tables.insertLogRow.bind(
                    bucket(seq),
                    draft.conversation().key(),
                    seq,
                    draft.id().value(),
                    draft.sender().value(),
                    group ? null : draft.receiver().value(),
                    group ? inGroup.group().value() : null,
                    draft.content(),
                    draft.createdAt(),
                    draft.clientMsgId(),
                    draft.audience().stream().map(UserId::value).collect(Collectors.toSet()),
                    group ? inGroup.version() : null,
                    group ? inGroup.versionSeq() : null,
                    group ? tables.codec.event(inGroup.event()) : null,
                    group ? tables.codec.state(inGroup.changedTo()) : null,
                    tables.ttlSeconds)))
        .thenApply(
            result -> {
              if (result.wasApplied()) return true;
              Row existing = result.one();
              return existing != null && existing.getLong("message_id") == draft.id().value();
            })
        .exceptionallyCompose(
            failure ->
                Uncertain.isUncertain(failure)
                    ? settledRow(draft, seq)
                    : CompletableFuture.failedFuture(failure));
  }

  /** After an insert whose outcome is unknown: whether the row at {@code seq} is the draft's. */
  private CompletionStage<Boolean> settledRow(LogRow draft, long seq) {
    return tables
        .runSerial(tables.logRow.bind(draft.conversation().key(), bucket(seq), seq))
        .thenApply(
            rows -> {
              Row row = rows.one();
              return row != null && row.getLong("message_id") == draft.id().value();
            });
  }

  private long bucket(long seq) {
    return Buckets.bucketOf(seq, bucketSize);
  }
}
