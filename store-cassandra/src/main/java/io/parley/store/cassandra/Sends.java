package io.parley.store.cassandra;

import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import io.parley.core.id.IdGenerator;
import io.parley.core.id.MessageId;
import io.parley.core.message.ConversationId;
import io.parley.core.message.MessageStore.NewMessage;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
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
 * <p><b>A claim whose writer died.</b> A writer may die after its key claim and before its seq
 * claim: it stored and acknowledged nothing, but the key names its message for the key's whole TTL.
 * So a key claim is a lease, fenced on both sides:
 *
 * <ol>
 *   <li>The owner starts no seq-claim insert after its {@link Lease} ({@link Timing#lease}, 8 s) is
 *       over, counted on its own monotonic clock from before it sent the key claim, so from before
 *       the claim's write time. The caller checks {@link Lease#check} right before each insert
 *       attempt of the seq claim; an expired owner fails its send (nothing was acknowledged). An
 *       insert started in time ends within the request timeout (5 s by default), Cassandra's own
 *       CAS and write timeouts being shorter, or stays a Paxos proposal that the next serial read
 *       of its partition completes or forecloses.
 *   <li>A retry that finds the key claimed waits for the owner's message to be located. Once the
 *       claim is older than {@link Timing#takeOverAfter} (20 s: the lease, the request timeout and
 *       a margin for clock skew), measured as this node's clock minus {@code WRITETIME(message_id)}
 *       of the claim (the coordinator's clock), the owner can no longer start an insert. The retry
 *       then looks for the message in its conversation's log ({@link LogSearch}, whose serial reads
 *       settle any insert still pending): found, the owner died after its seq claim, and the retry
 *       records where it is and answers it; not found, it never will be there, and the retry
 *       supersedes the claim with {@code UPDATE ... SET message_id = N IF message_id = M}, a new
 *       message id {@code N} with a lease of its own. If the update finds another id, someone else
 *       took over (or the key was released): the retry waits for that one the same way.
 * </ol>
 *
 * <p>What this assumes: the clocks of Parley and Cassandra nodes agree within a few seconds (the
 * last-write-wins of Cassandra assumes as much), and a request sent to Cassandra starts its Paxos
 * round within seconds or never (a coordinator drops a CAS it cannot start within its contention
 * timeout). A client that reuses a key for a message in another conversation is answered with the
 * first message if it is located, and otherwise may get a second, different message stored: the
 * search reads only the conversation of the retry.
 *
 * <p>A send whose key was free, and a duplicate of a message already located, cost what they did
 * before: one insert, or one insert and one read.
 */
final class Sends {

  /** How long a duplicate still waits for a message located elsewhere once it may take over. */
  static final Duration LOCATE_TIMEOUT = Duration.ofSeconds(20);

  private static final long POLL_MILLIS = 10;
  private static final long MAX_POLL_MILLIS = 250;

  /**
   * How long an owner may start claiming its seq ({@code lease}); how old a claim must be before a
   * retry takes it over ({@code takeOverAfter}); how far before the claim a take-over looks for the
   * owner's message in the log ({@code searchMargin}, the clock skew between Cassandra nodes).
   */
  record Timing(Duration lease, Duration takeOverAfter, Duration searchMargin) {
    static final Timing DEFAULT =
        new Timing(Duration.ofSeconds(8), Duration.ofSeconds(20), Duration.ofSeconds(10));

    Timing {
      Objects.requireNonNull(lease, "lease");
      Objects.requireNonNull(takeOverAfter, "takeOverAfter");
      Objects.requireNonNull(searchMargin, "searchMargin");
      if (takeOverAfter.compareTo(lease) <= 0) {
        throw new IllegalArgumentException("a claim is taken over only after its lease");
      }
    }
  }

  /** What a send turned out to be. */
  sealed interface Send {}

  /**
   * A new message, to be stored: {@code draft} has everything but its seq; {@code lease} must be
   * held when each insert of its seq claim starts.
   */
  record Fresh(LogRow draft, Lease lease) implements Send {}

  /** A retry of an earlier send with the same client_msg_id, whose message is located. */
  record Earlier(MessageId messageId) implements Send {}

  /** Where a message is. */
  record Location(MessageId id, ConversationId conversation, long seq) {}

  /**
   * The owner's right to start inserting its message at a seq: until a deadline on this node's
   * monotonic clock (none for a send without a client_msg_id).
   */
  static final class Lease {

    static final Lease UNBOUNDED = new Lease(0, false);

    private final long deadlineNanos;
    private final boolean bounded;

    private Lease(long deadlineNanos, boolean bounded) {
      this.deadlineNanos = deadlineNanos;
      this.bounded = bounded;
    }

    /** A lease of {@code length} from {@code startNanos} ({@link System#nanoTime()}). */
    static Lease from(long startNanos, Duration length) {
      return new Lease(startNanos + length.toNanos(), true);
    }

    boolean held() {
      return !bounded || System.nanoTime() - deadlineNanos < 0;
    }

    /** Fails with {@link LeaseExpired} unless the lease is held: call it before each insert. */
    void check() {
      if (!held()) throw new LeaseExpired();
    }
  }

  /** The owner of a client_msg_id let its lease pass before claiming its seq: it may not store. */
  static final class LeaseExpired extends IllegalStateException {
    LeaseExpired() {
      super("the claim of this client_msg_id expired before the message got its seq");
    }
  }

  private final MessageTables tables;
  private final IdGenerator ids;
  private final Timing timing;
  private final Clock clock;
  private final LogSearch search;

  Sends(MessageTables tables, IdGenerator ids) {
    this(tables, ids, Timing.DEFAULT, Clock.systemUTC());
  }

  /** For tests: other delays, and the clock that claims' write times are compared with. */
  Sends(MessageTables tables, IdGenerator ids, Timing timing, Clock clock) {
    this.tables = tables;
    this.ids = ids;
    this.timing = timing;
    this.clock = clock;
    this.search = new LogSearch(tables);
  }

  /**
   * A send's message: {@link Fresh} to be stored, or the {@link Earlier} message of its
   * client_msg_id once that is located (waiting for it, and taking the key over if its owner died
   * before its seq).
   */
  CompletionStage<Send> begin(NewMessage message) {
    long giveUpAt = System.nanoTime() + timing.takeOverAfter().plus(LOCATE_TIMEOUT).toNanos();
    return begin(message, giveUpAt);
  }

  private CompletionStage<Send> begin(NewMessage message, long giveUpAt) {
    LogRow draft = draft(message);
    if (message.clientMsgId() == null) {
      return CompletableFuture.completedFuture(new Fresh(draft, Lease.UNBOUNDED));
    }
    long claimedAt = System.nanoTime();
    return claimed(
        tables.run(
            tables.claimClientMsgId.bind(
                message.sender().value(),
                message.clientMsgId(),
                draft.id().value(),
                tables.ttlSeconds)),
        message,
        draft,
        claimedAt,
        giveUpAt);
  }

  private LogRow draft(NewMessage message) {
    long id = nextId();
    boolean group = message.group() != null;
    return new LogRow(
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
  }

  /**
   * After a conditional write of the key for {@code draft} (its claim, or a take-over), sent at
   * {@code claimedAt}: the draft is fresh if the key is now its own; otherwise the send waits for
   * the key's owner.
   */
  private CompletionStage<Send> claimed(
      CompletionStage<AsyncResultSet> write,
      NewMessage message,
      LogRow draft,
      long claimedAt,
      long giveUpAt) {
    long id = draft.id().value();
    return write
        .thenApply(result -> result.wasApplied() ? OptionalLong.of(id) : ownerIn(result.one()))
        .exceptionallyCompose(
            failure ->
                Uncertain.isUncertain(failure)
                    ? tables
                        .runSerial(
                            tables.clientMsgId.bind(
                                message.sender().value(), message.clientMsgId()))
                        .thenApply(rows -> ownerIn(rows.one()))
                    : CompletableFuture.failedFuture(failure))
        .thenCompose(
            owner -> {
              // no claim: it was never written, or released (a refused group send): claim again
              if (owner.isEmpty()) return begin(message, giveUpAt);
              if (owner.getAsLong() == id) {
                return CompletableFuture.completedFuture(
                    new Fresh(draft, Lease.from(claimedAt, timing.lease())));
              }
              return awaitOwner(message, owner.getAsLong(), giveUpAt);
            });
  }

  /** The id that {@code row} of client_msg_ids names (a failed update of no row has no columns). */
  private static OptionalLong ownerIn(Row row) {
    return row == null
            || !row.getColumnDefinitions().contains("message_id")
            || row.isNull("message_id")
        ? OptionalLong.empty()
        : OptionalLong.of(row.getLong("message_id"));
  }

  /**
   * The key is {@code owner}'s: answers it once it is located, or takes the key over once the claim
   * is old enough that its writer can no longer store it.
   */
  private CompletionStage<Send> awaitOwner(NewMessage message, long owner, long giveUpAt) {
    return isLocated(owner)
        .thenCompose(
            located -> {
              if (located) return earlier(owner);
              return tables
                  .run(
                      tables.clientMsgIdWritten.bind(
                          message.sender().value(), message.clientMsgId()))
                  .thenCompose(
                      rows -> {
                        Row claim = rows.one();
                        OptionalLong current = ownerIn(claim);
                        if (current.isEmpty()) return begin(message, giveUpAt);
                        if (current.getAsLong() != owner) {
                          return awaitOwner(message, current.getAsLong(), giveUpAt);
                        }
                        long writtenMicros = claim.getLong("written");
                        long takeOverAt = writtenMicros / 1_000 + timing.takeOverAfter().toMillis();
                        return pollLocated(owner, takeOverAt, giveUpAt, POLL_MILLIS)
                            .thenCompose(
                                found ->
                                    found
                                        ? earlier(owner)
                                        : takeOver(message, owner, writtenMicros, giveUpAt));
                      });
            });
  }

  /** Whether {@code id} gets located before {@code untilMillis} on {@link #clock}. */
  private CompletionStage<Boolean> pollLocated(
      long id, long untilMillis, long giveUpAt, long delayMillis) {
    if (System.nanoTime() - giveUpAt > 0) {
      return CompletableFuture.failedFuture(
          new IllegalStateException(
              "the first send of this client_msg_id (message "
                  + MessageId.of(id)
                  + ") has not been stored"));
    }
    if (clock.millis() >= untilMillis) return CompletableFuture.completedFuture(false);
    long delay = Math.min(delayMillis, Math.max(1, untilMillis - clock.millis()));
    return CompletableFuture.supplyAsync(
            () -> null, CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS))
        .thenCompose(tick -> isLocated(id))
        .thenCompose(
            located ->
                located
                    ? CompletableFuture.completedFuture(true)
                    : pollLocated(
                        id, untilMillis, giveUpAt, Math.min(delayMillis * 2, MAX_POLL_MILLIS)));
  }

  /**
   * Takes over the key of {@code owner}, whose claim (written at {@code writtenMicros}) is past its
   * lease and whose message is not located: answers the message if its writer stored it after all,
   * or supersedes the claim with a new draft.
   */
  private CompletionStage<Send> takeOver(
      NewMessage message, long owner, long writtenMicros, long giveUpAt) {
    long notBefore = writtenMicros - timing.searchMargin().toNanos() / 1_000;
    return isLocated(owner)
        .thenCompose(
            located ->
                located
                    ? earlier(owner)
                    : search
                        .seqOf(message.conversation(), owner, notBefore)
                        .thenCompose(
                            seq ->
                                seq.isPresent()
                                    ? locatedAt(owner, message.conversation(), seq.getAsLong())
                                    : supersede(message, owner, giveUpAt)));
  }

  /** The owner died between its seq claim and recording it: records it, as the owner would. */
  private CompletionStage<Send> locatedAt(long id, ConversationId conversation, long seq) {
    return tables
        .run(tables.insertMessageId.bind(id, conversation.key(), seq, tables.ttlSeconds))
        .thenCompose(done -> earlier(id));
  }

  private CompletionStage<Send> supersede(NewMessage message, long owner, long giveUpAt) {
    LogRow draft = draft(message);
    long claimedAt = System.nanoTime();
    return claimed(
        tables.run(
            tables.supersedeClientMsgId.bind(
                tables.ttlSeconds,
                draft.id().value(),
                message.sender().value(),
                message.clientMsgId(),
                owner)),
        message,
        draft,
        claimedAt,
        giveUpAt);
  }

  private static CompletionStage<Send> earlier(long id) {
    return CompletableFuture.completedFuture(new Earlier(MessageId.of(id)));
  }

  private CompletionStage<Boolean> isLocated(long id) {
    return locate(List.of(MessageId.of(id))).thenApply(found -> !found.isEmpty());
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

  /**
   * Where {@code id} is, once its writer has claimed its seq (polled, without blocking). An {@link
   * Earlier} from {@link #begin} is located already: this answers it at the first read.
   */
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
