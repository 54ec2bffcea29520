package io.parley.store.cassandra;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Claims the next position of a gapless log (a conversation's {@code seq}, an inbox's {@code pos})
 * by inserting the row itself there (ADR 005).
 *
 * <p><b>Why the log has no holes and no late arrivals.</b> A row at position {@code p} is only
 * inserted ({@code IF NOT EXISTS}, a Paxos round) right after a read at serial consistency showed
 * {@code p - 1} as the last position. A serial read completes any round in progress, so {@code p -
 * 1} was committed before {@code p} was even tried: whoever sees {@code p} (at quorum) sees every
 * position below it, and a reader's "everything after my cursor" can never later grow below the
 * cursor. When the insert is not applied, somebody else took {@code p}: the loop reads again from
 * there. No clock is read anywhere.
 *
 * <p><b>Finding the last position across buckets.</b> The loop starts from a hint that is never
 * above the true last position (0, or a position this node saw claimed: positions only grow). From
 * hint {@code h} it reads the highest position in the bucket of {@code h + 1}. None there means
 * {@code h} is the last (a bucket is only entered once the one before it is full); the last slot of
 * the bucket means the next bucket may hold more, so it moves on; anything else is the last.
 */
final class PositionClaim {

  /** Rounds one claim may lose to other writers before it gives up. */
  static final int MAX_ATTEMPTS = 2_000;

  private static final int MAX_HINTS = 100_000;

  /** One log: where its rows are and how to insert one. */
  interface Log {
    /** Names the log for this node's hint cache. */
    String key();

    /** Positions per bucket. */
    long bucketSize();

    /** The highest position in {@code bucket} at serial consistency, or 0 if it has none. */
    CompletionStage<Long> lastIn(long bucket);

    /**
     * Inserts this claim's row at {@code position} unless one is there; answers whether the row
     * there is now this claim's (applied, or found to be the same message after a retry).
     */
    CompletionStage<Boolean> insertAt(long position);
  }

  private final Map<String, Long> hints = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<Long>> tails = new ConcurrentHashMap<>();

  /**
   * Claims the next free position of {@code log} and answers it.
   *
   * <p>Claims of one log by this node run one after the other: racing them would only make them
   * lose Paxos rounds to each other (each loser reads and tries again, and Cassandra backs off on
   * contention). Queued, each claim starts from the position the previous one took, and usually
   * wins at the first insert. Other nodes still race; the claim stays correct either way.
   */
  CompletionStage<Long> claim(Log log) {
    String key = log.key();
    CompletableFuture<Long> mine = new CompletableFuture<>();
    CompletableFuture<Long> previous = tails.put(key, mine);
    CompletableFuture<?> turn =
        previous == null ? CompletableFuture.completedFuture(null) : previous.handle((p, f) -> p);
    turn.thenCompose(go -> attempt(log, hints.getOrDefault(key, 0L), 1))
        .whenComplete(
            (position, failure) -> {
              tails.remove(key, mine);
              if (failure != null) mine.completeExceptionally(failure);
              else mine.complete(position);
            });
    return mine;
  }

  /** The last position of {@code log} (serial reads), starting from {@code hint}. */
  CompletionStage<Long> last(Log log, long hint) {
    long bucket = Buckets.bucketOf(hint + 1, log.bucketSize());
    return log.lastIn(bucket)
        .thenCompose(
            last -> {
              if (last == 0) return CompletableFuture.completedFuture(hint);
              if (Buckets.isLastOfBucket(last, log.bucketSize())) return last(log, last);
              return CompletableFuture.completedFuture(last);
            });
  }

  private CompletionStage<Long> attempt(Log log, long hint, int attempt) {
    if (attempt > MAX_ATTEMPTS) {
      return CompletableFuture.failedFuture(
          new IllegalStateException(
              "gave up claiming a position in "
                  + log.key()
                  + " after "
                  + MAX_ATTEMPTS
                  + " rounds"));
    }
    return last(log, hint)
        .thenCompose(
            last ->
                log.insertAt(last + 1)
                    .thenCompose(
                        mine -> {
                          remember(log.key(), last + 1);
                          return mine
                              ? CompletableFuture.completedFuture(last + 1)
                              : attempt(log, last + 1, attempt + 1);
                        }))
        .exceptionallyCompose(
            failure ->
                Uncertain.isUncertain(failure)
                    ? attempt(log, hint, attempt + 1)
                    : CompletableFuture.failedFuture(failure));
  }

  private void remember(String key, long position) {
    if (hints.size() > MAX_HINTS) hints.clear();
    hints.merge(key, position, Math::max);
  }
}
