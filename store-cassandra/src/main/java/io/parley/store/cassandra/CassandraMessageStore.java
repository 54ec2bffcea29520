package io.parley.store.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import io.parley.core.group.GroupStore;
import io.parley.core.id.IdGenerator;
import io.parley.core.id.MessageId;
import io.parley.core.id.UserId;
import io.parley.core.message.ConversationId;
import io.parley.core.message.ConversationSummary;
import io.parley.core.message.Markers;
import io.parley.core.message.Message;
import io.parley.core.message.MessageStore;
import io.parley.core.message.Receipt;
import io.parley.core.message.SenderLanes;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Messages and inboxes in Cassandra (cluster mode), in the tables of {@code
 * schema/V002__messages.cql}, written by any number of nodes at once (ADR 005).
 *
 * <p>An append: claims the sender's {@code client_msg_id} ({@link Sends}); claims the next {@code
 * seq} of the conversation by inserting the message row there ({@link MessageLog}, {@link
 * PositionClaim}); fans it out, after finishing the previous message's fan-out if its writer died
 * ({@link FanOut}), to a gapless position of each participant's inbox ({@link Inboxes}), and tells
 * the listener (after the previous message's listener call completed: live frames keep seq order
 * across nodes); moves the sender's read marker ({@link MarkerBook}); and only then completes.
 * Inbox pages are read by {@link InboxReader}.
 *
 * <p><b>Cursors.</b> A page's {@code nextCursor} is the position in the reader's own inbox. The
 * {@link AppendResult.Appended} cursor lists the message's position in each participant's inbox, so
 * each of them can continue after it (the contract asks it of an append). The listener gets no
 * cursor (null): live events from several nodes arrive in no global order, so a client must resume
 * from the {@code nextCursor} of its last page, not from a live message (ADR 005, "Live frames").
 *
 * <p><b>Groups.</b> A group message goes the same way, except that its seq is claimed only if its
 * sender is a member at the group version the log has reached there, and it goes to that version's
 * members; membership changes are rows of the same log ({@link CassandraGroupStore}, whose port
 * {@link #groups()} is on this store's logs and fan-outs).
 */
public final class CassandraMessageStore implements MessageStore {

  private final MessageLog log;
  private final FanOut fanOut;
  private final InboxReader inboxReader;
  private final MarkerBook markers;
  private final ConversationList conversations;
  private final Sends sends;
  private final Views views;
  private final GroupVersions versions;
  private final CassandraGroupStore groups;
  private final SenderLanes<SendKey> order = new SenderLanes<>();
  private final InFlight inFlight = new InFlight();
  private volatile StoredListener listener =
      (message, cursor, audience) -> CompletableFuture.completedFuture(null);

  /**
   * A store on {@code session}, a session on the store's keyspace from {@link
   * CassandraSessions#open}. Prepares its statements, so it blocks: create it at start-up.
   */
  public CassandraMessageStore(CqlSession session, CassandraConfig config) {
    this(session, config, Clock.systemUTC(), Buckets.DEFAULT);
  }

  /** For tests: a clock for the ids and timestamps, and bucket sizes. */
  CassandraMessageStore(CqlSession session, CassandraConfig config, Clock clock, Buckets buckets) {
    MessageTables tables = new MessageTables(session, config);
    GroupTables groupTables = new GroupTables(tables);
    PositionClaim claims = new PositionClaim();
    Inboxes inboxes = new Inboxes(tables, claims, buckets);
    this.log = new MessageLog(tables, claims, buckets);
    this.markers = new MarkerBook(tables);
    this.fanOut =
        new FanOut(
            log,
            inboxes,
            new GroupEffects(groupTables, markers),
            (message, cursor, audience) -> listener.stored(message, cursor, audience));
    this.views = new Views(markers, groupTables);
    this.inboxReader = new InboxReader(tables, inboxes, log, views);
    this.conversations = new ConversationList(tables, log, views);
    this.sends = new Sends(tables, new IdGenerator(clock, config.nodeId()));
    this.versions = new GroupVersions(log, groupTables);
    this.groups =
        new CassandraGroupStore(
            groupTables, log, fanOut, markers, versions, sends::nextId, inFlight);
  }

  /** Completes once the appends and group changes running now have ended ({@link InFlight}). */
  CompletableFuture<Void> settled() {
    return inFlight.settled();
  }

  /** The group port on this store's logs: a group's changes and messages share one log. */
  GroupStore groups() {
    return groups;
  }

  /**
   * {@inheritDoc}
   *
   * <p>A sender's appends to one conversation get their seqs in the order they were called: each
   * starts only once the previous one has its seq (or needed none), though the rest of their work
   * (fan-out, markers) overlaps. Without that, two pipelined sends could claim their seqs in either
   * order, as their idempotency keys are claimed in parallel partitions — and a retried send
   * waiting to take a dead node's key over would be overtaken by the sends after it.
   */
  @Override
  public CompletionStage<AppendResult> append(NewMessage message) {
    return inFlight.track(
        order.submit(new SendKey(message.sender(), message.conversation()), () -> begin(message)));
  }

  /** One sender in one conversation: the unit of {@link #append}'s order. */
  private record SendKey(UserId sender, ConversationId conversation) {}

  /**
   * Starts an append. The outer stage completes once the message has its seq, or needs none (a
   * duplicate, a refusal, a failure); the inner one is the append's outcome.
   */
  private CompletionStage<CompletionStage<AppendResult>> begin(NewMessage message) {
    return sends
        .begin(message)
        .thenCompose(
            send -> {
              if (send instanceof Sends.Earlier earlier) {
                return CompletableFuture.completedFuture(duplicate(earlier.messageId()));
              }
              Sends.Fresh fresh = (Sends.Fresh) send;
              LogRow draft = fresh.draft();
              CompletionStage<LogRow> claimed =
                  message.group() == null
                      ? log.append(draft, fresh.lease())
                      : claimInGroup(draft, fresh.lease());
              return claimed.handle(
                  (row, failure) -> failure == null ? store(row) : refused(draft, failure));
            });
  }

  /** A group message refused for its sender's membership stores nothing and frees its key. */
  private CompletionStage<AppendResult> refused(LogRow draft, Throwable failure) {
    return MessageLog.Refusal.in(failure).isPresent()
        ? sends.release(draft).thenApply(done -> new AppendResult.NotMember())
        : CompletableFuture.failedFuture(failure);
  }

  /**
   * Claims the next seq of the group's log for {@code draft} if its sender is a member at the
   * version the log has reached there (see {@link CassandraGroupStore}); the message goes to that
   * version's members.
   */
  private CompletionStage<LogRow> claimInGroup(LogRow draft, Sends.Lease lease) {
    MessageLog.Successor successor =
        (seq, previous) -> {
          if (previous.isEmpty()) return notMember(0);
          LogRow before = previous.get();
          return versions
              .after(before)
              .thenCompose(
                  group ->
                      group.isMember(draft.sender())
                          ? CompletableFuture.completedFuture(
                              draft.inGroup(
                                  group.members().keySet(),
                                  GroupVersions.placeAfter(before, group)))
                          : notMember(before.seq()));
        };
    return log.appendAfter(draft.conversation(), successor, lease);
  }

  private static CompletionStage<LogRow> notMember(long previousSeq) {
    return CompletableFuture.failedFuture(
        new MessageLog.Refusal(MessageLog.Refusal.Reason.NOT_MEMBER, previousSeq));
  }

  /** Finishes the append of {@code row}, which has its seq. */
  private CompletionStage<AppendResult> store(LogRow claimed) {
    return sends
        .located(claimed)
        .thenApply(done -> claimed)
        .thenCompose(
            row ->
                fanOut
                    .fanOut(row)
                    .thenCompose(
                        positions ->
                            markers
                                .sent(row.sender(), row.conversation(), row.seq())
                                .thenApply(
                                    done ->
                                        new AppendResult.Appended(
                                            row.fresh(),
                                            InboxCursor.of(positions),
                                            row.audience()))));
  }

  /**
   * An earlier send with the same client_msg_id: waits until it has its seq, finishes its fan-out
   * if its writer died half-way (only then is it acknowledged), and answers it as it is now.
   */
  private CompletionStage<AppendResult> duplicate(MessageId id) {
    return sends
        .awaitLocated(id)
        .thenCompose(
            location ->
                fanOut
                    .finish(location.conversation(), location.seq())
                    .thenCompose(done -> message(location.conversation(), location.seq())))
        .thenApply(AppendResult.Duplicate::new);
  }

  private CompletionStage<Message> message(ConversationId conversation, long seq) {
    return log.row(conversation, seq)
        .thenCombine(
            views.of(conversation),
            (row, view) ->
                view.of(
                    row.orElseThrow(
                        () -> new IllegalStateException("message " + seq + " is gone"))));
  }

  @Override
  public CompletionStage<InboxResult> inbox(UserId owner, InboxQuery query) {
    return inboxReader.page(owner, query);
  }

  @Override
  public CompletionStage<HistoryPage> history(
      ConversationId conversation, long beforeSeq, int limit) {
    return log.before(conversation, beforeSeq, limit + 1)
        .thenCombine(
            views.of(conversation),
            (rows, view) -> {
              boolean hasMore = rows.size() > limit;
              List<Message> page = rows.stream().limit(limit).map(view::of).toList();
              return new HistoryPage(page, hasMore);
            });
  }

  @Override
  public CompletionStage<Map<MessageId, Message>> messages(Collection<MessageId> ids) {
    return sends
        .locate(ids)
        .thenCompose(
            locations -> {
              List<CompletableFuture<Message>> loads =
                  locations.stream()
                      .map(l -> message(l.conversation(), l.seq()).toCompletableFuture())
                      .toList();
              return CompletableFuture.allOf(loads.toArray(CompletableFuture[]::new))
                  .thenApply(
                      done -> {
                        Map<MessageId, Message> found = new HashMap<>();
                        for (CompletableFuture<Message> load : loads) {
                          Message m = load.getNow(null);
                          found.put(m.id(), m);
                        }
                        return found;
                      });
            });
  }

  @Override
  public CompletionStage<List<ConversationSummary>> conversations(UserId owner) {
    return conversations.of(owner);
  }

  @Override
  public CompletionStage<Markers> markers(ConversationId conversation, UserId user) {
    return markers.of(conversation, user);
  }

  @Override
  public CompletionStage<MarkerChange> advance(
      UserId user, ConversationId conversation, Receipt kind, long seq) {
    return markers.advance(user, conversation, kind, seq);
  }

  @Override
  public void onStored(StoredListener listener) {
    this.listener = Objects.requireNonNull(listener, "listener");
  }
}
