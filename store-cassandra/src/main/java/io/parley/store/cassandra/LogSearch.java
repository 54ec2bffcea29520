package io.parley.store.cassandra;

import com.datastax.oss.driver.api.core.cql.Row;
import io.parley.core.message.ConversationId;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Whether a message whose writer is gone got into its conversation's log, asked before a retry
 * takes over the message's client_msg_id ({@link Sends}): the writer may have died after claiming
 * its seq and before recording where the message is.
 *
 * <p><b>Settled first.</b> The search walks the log's buckets from 0 with serial reads, up to the
 * first empty one. A serial read completes or forecloses every Paxos round in progress on its
 * partition (a round with a lower ballot can no longer be accepted there, and one already accepted
 * is finished by the read), so once the walk is over, an insert of the message that had already
 * started is either in the log or will never be. The walk covers the only partitions where such an
 * insert can be pending: it was for the position after the last one, so in the head bucket or the
 * empty one after it; in any fuller bucket a later claim committed after it started, which settled
 * it. Buckets are numbered 0, 1, 2... and filled in that order, so the walk needs no bucket size.
 *
 * <p><b>Then only recent rows.</b> It pages backwards from the head reading seq, id and {@code
 * WRITETIME(message_id)}, and stops at the first row written before {@code notBeforeMicros}. Along
 * a partition the write times grow with seq (a partition's Paxos ballots only grow, and seq {@code
 * p + 1} is claimed after {@code p} committed); across partitions and coordinators they differ by
 * the clock skew between Cassandra nodes, which the caller's margin covers.
 */
final class LogSearch {

  private static final int PAGE = 100;

  private final MessageTables tables;

  LogSearch(MessageTables tables) {
    this.tables = tables;
  }

  /**
   * The seq of message {@code messageId} in {@code conversation}'s log, if it is among the rows
   * written at or after {@code notBeforeMicros} (write time, microseconds).
   */
  CompletionStage<OptionalLong> seqOf(
      ConversationId conversation, long messageId, long notBeforeMicros) {
    String key = conversation.key();
    return headBucket(key, 0)
        .thenCompose(
            head ->
                head < 0
                    ? CompletableFuture.completedFuture(OptionalLong.empty())
                    : scan(key, head, Long.MAX_VALUE, messageId, notBeforeMicros));
  }

  /** The last bucket with rows at or after {@code bucket} (serial reads), or -1 if none. */
  private CompletionStage<Long> headBucket(String key, long bucket) {
    return tables
        .runSerial(tables.lastLogSeq.bind(key, bucket))
        .thenCompose(
            rows ->
                rows.one() == null
                    ? CompletableFuture.completedFuture(bucket - 1)
                    : headBucket(key, bucket + 1));
  }

  private CompletionStage<OptionalLong> scan(
      String key, long bucket, long beforeSeq, long messageId, long notBeforeMicros) {
    return tables
        .run(tables.logIdsBefore.bind(key, bucket, beforeSeq, PAGE))
        .thenCompose(
            rows -> {
              int count = 0;
              long lastSeq = beforeSeq;
              for (Row row : rows.currentPage()) {
                count++;
                lastSeq = row.getLong("seq");
                if (row.getLong("message_id") == messageId) {
                  return CompletableFuture.completedFuture(OptionalLong.of(lastSeq));
                }
                if (row.getLong("written") < notBeforeMicros) {
                  return CompletableFuture.completedFuture(OptionalLong.empty());
                }
              }
              if (count == PAGE) return scan(key, bucket, lastSeq, messageId, notBeforeMicros);
              if (bucket == 0) return CompletableFuture.completedFuture(OptionalLong.empty());
              return scan(key, bucket - 1, Long.MAX_VALUE, messageId, notBeforeMicros);
            });
  }
}
