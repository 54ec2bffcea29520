package io.parley.store.cassandra;

import static io.parley.store.cassandra.StoreCalls.await;
import static io.parley.store.cassandra.StoreCalls.direct;
import static io.parley.store.cassandra.StoreCalls.randomUser;
import static io.parley.store.cassandra.StoreCalls.readInbox;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.parley.core.id.IdGenerator;
import io.parley.core.id.MessageId;
import io.parley.core.id.UserId;
import io.parley.core.message.ConversationId;
import io.parley.core.message.Message;
import io.parley.core.message.MessageStore.AppendResult;
import io.parley.core.message.MessageStore.NewMessage;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A client_msg_id claimed by a writer that died before its message got a seq is taken over by a
 * retry once the writer's lease is surely over, and never yields a second message: a writer past
 * its lease refuses to claim a seq, and a writer that died after its seq claim is found in the log
 * (see {@link Sends}).
 *
 * <p>The writers that die or stall are the first steps of a send done by hand, as in {@link
 * InterruptedSendTest}. Claims "made long ago" are written with a past write time, which is all
 * that tells a claim's age; the others use delays of seconds ({@link Sends.Timing}).
 */
class SendTakeOverTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final Sends.Timing SHORT =
      new Sends.Timing(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10));

  private static CassandraConfig config;
  private static CqlSession session;
  private static MessageTables tables;
  private static MessageLog log;
  private static CassandraMessageStore store;

  @BeforeAll
  static void openSession() {
    config = CassandraNode.shared().freshConfig(1);
    session = CassandraSessions.open(config);
    tables = new MessageTables(session, config);
    log = new MessageLog(tables, new PositionClaim(), Buckets.DEFAULT);
    store = new CassandraMessageStore(session, config);
  }

  @AfterAll
  static void closeSession() {
    if (session != null) session.close();
  }

  @Test
  void aRetryStoresTheMessageOfAWriterThatDiedBeforeItsSeq() {
    UserId a = randomUser();
    UserId b = randomUser();
    NewMessage send = direct(a, b, "hello", "died-before-seq");
    long dead = claimedLongAgo(send, 11);

    AppendResult retry = await(store.append(send));
    AppendResult again = await(store.append(send));

    assertThat(retry).isInstanceOf(AppendResult.Appended.class);
    MessageId stored = retry.message().id();
    assertThat(stored.value()).isNotEqualTo(dead);
    assertThat(again).isInstanceOf(AppendResult.Duplicate.class);
    assertThat(again.message().id()).isEqualTo(stored);
    assertThat(history(send.conversation())).extracting(Message::id).containsExactly(stored);
    for (UserId owner : List.of(a, b)) {
      assertThat(readInbox(store, owner)).extracting(Message::id).containsExactly(stored);
    }
  }

  @Test
  void theSendsMadeAfterARetryOfADeadKeyAreStoredAfterIt() {
    UserId a = randomUser();
    UserId b = randomUser();
    NewMessage retried = direct(a, b, "first", "dead-key-first");
    claimedLongAgo(retried, 12);

    // pipelined: the retry must first settle the dead claim, the next send has nothing to wait for
    CompletionStage<AppendResult> first = store.append(retried);
    CompletionStage<AppendResult> second = store.append(direct(a, b, "second", "then-second"));

    assertThat(await(first).message().seq()).isEqualTo(1);
    assertThat(await(second).message().seq()).isEqualTo(2);
  }

  @Test
  void aRetryAnswersTheMessageOfAWriterThatDiedAfterItsSeq() {
    UserId a = randomUser();
    UserId b = randomUser();
    Message before = await(store.append(direct(a, b, "before", null))).message();
    NewMessage send = direct(a, b, "hello", "died-after-seq");
    long dead = claimedLongAgo(send, 12);
    // the dead writer's seq claim, with nothing after it: no location by id, no fan-out
    LogRow row = await(log.append(draftOf(send, dead), Sends.Lease.UNBOUNDED));
    Message after = await(store.append(direct(b, a, "after", null))).message();

    AppendResult retry = await(store.append(send));

    assertThat(retry).isInstanceOf(AppendResult.Duplicate.class);
    assertThat(retry.message().id()).isEqualTo(MessageId.of(dead));
    assertThat(retry.message().seq()).isEqualTo(row.seq());
    List<MessageId> expected = List.of(before.id(), MessageId.of(dead), after.id());
    assertThat(history(send.conversation()))
        .extracting(Message::id)
        .containsExactlyInAnyOrderElementsOf(expected);
    for (UserId owner : List.of(a, b)) {
      assertThat(readInbox(store, owner))
          .extracting(Message::id)
          .containsExactlyElementsOf(expected);
    }
  }

  @Test
  void aRetryAnswersAWriterThatStoresWithinItsLease() {
    NewMessage send = direct(randomUser(), randomUser(), "slow", "slow-but-in-time");
    Sends.Fresh owner = fresh(shortSends(21).begin(send));
    CompletionStage<Sends.Send> retry = shortSends(22).begin(send);

    LogRow row = await(claimSeq(owner));
    await(shortSends(21).located(row));

    assertThat(await(retry)).isEqualTo(new Sends.Earlier(row.id()));
  }

  @Test
  void aWriterPastItsLeaseRefusesToClaimASeqAndTheRetryStoresOnce() {
    UserId a = randomUser();
    UserId b = randomUser();
    NewMessage send = direct(a, b, "stalled", "stalled-writer");
    Sends.Fresh stalled = fresh(shortSends(31).begin(send));
    Awaitility.await().atMost(TIMEOUT).until(() -> !stalled.lease().held());

    assertRefused(claimSeq(stalled));
    assertThat(history(send.conversation())).isEmpty();

    Sends.Fresh takeOver = fresh(shortSends(32).begin(send));
    assertThat(takeOver.draft().id()).isNotEqualTo(stalled.draft().id());
    LogRow row = await(claimSeq(takeOver));
    await(shortSends(32).located(row));
    assertRefused(claimSeq(stalled));

    AppendResult retry = await(store.append(send));

    assertThat(retry).isInstanceOf(AppendResult.Duplicate.class);
    assertThat(retry.message().id()).isEqualTo(row.id());
    assertThat(history(send.conversation())).extracting(Message::id).containsExactly(row.id());
    for (UserId owner : List.of(a, b)) {
      assertThat(readInbox(store, owner)).extracting(Message::id).containsExactly(row.id());
    }
  }

  @Test
  void twoRetriesWaitingOnADeadClaimTakeItOverOnce() {
    NewMessage send = direct(randomUser(), randomUser(), "hello", "two-waiting");
    Sends.Fresh dead = fresh(shortSends(41).begin(send));

    CompletableFuture<Sends.Send> first = shortSends(42).begin(send).toCompletableFuture();
    CompletableFuture<Sends.Send> second = shortSends(43).begin(send).toCompletableFuture();
    Sends.Fresh winner =
        (Sends.Fresh) await(CompletableFuture.anyOf(first, second).thenApply(s -> s));
    CompletableFuture<Sends.Send> other = first.getNow(null) == winner ? second : first;
    assertThat(winner.draft().id()).isNotEqualTo(dead.draft().id());
    LogRow row = await(claimSeq(winner));
    await(shortSends(44).located(row));

    assertThat(await(other)).isEqualTo(new Sends.Earlier(row.id()));
    assertThat(history(send.conversation())).extracting(Message::id).containsExactly(row.id());
  }

  @Test
  void concurrentRetriesOnTwoStoresStoreOneMessage() {
    CassandraMessageStore otherNode =
        new CassandraMessageStore(session, CassandraNode.shared().configFor(config.keyspace(), 2));
    for (int i = 0; i < 5; i++) {
      UserId a = randomUser();
      UserId b = randomUser();
      NewMessage send = direct(a, b, "hello " + i, "two-nodes-" + i);
      claimedLongAgo(send, 13);

      CompletableFuture<AppendResult> one = store.append(send).toCompletableFuture();
      CompletableFuture<AppendResult> two = otherNode.append(send).toCompletableFuture();
      List<AppendResult> results = List.of(await(one), await(two));

      assertThat(results).filteredOn(r -> r instanceof AppendResult.Appended).hasSize(1);
      assertThat(results).filteredOn(r -> r instanceof AppendResult.Duplicate).hasSize(1);
      MessageId stored = results.get(0).message().id();
      assertThat(results.get(1).message().id()).isEqualTo(stored);
      assertThat(history(send.conversation())).extracting(Message::id).containsExactly(stored);
      for (UserId owner : List.of(a, b)) {
        assertThat(readInbox(store, owner)).extracting(Message::id).containsExactly(stored);
      }
    }
  }

  /**
   * Claims {@code send}'s key for a new message id of a writer with node id {@code node} that died
   * twice the take-over delay ago: the claim row as {@link Sends#begin} writes it, with that write
   * time. Answers the dead writer's message id.
   */
  private static long claimedLongAgo(NewMessage send, int node) {
    long id = new IdGenerator(Clock.systemUTC(), node).next();
    long micros =
        TimeUnit.MILLISECONDS.toMicros(
            System.currentTimeMillis() - 2 * Sends.Timing.DEFAULT.takeOverAfter().toMillis());
    session.execute(
        SimpleStatement.newInstance(
            "INSERT INTO client_msg_ids (sender, client_msg_id, message_id) VALUES (?, ?, ?)"
                + " USING TIMESTAMP ? AND TTL ?",
            send.sender().value(),
            send.clientMsgId(),
            id,
            micros,
            tables.ttlSeconds));
    return id;
  }

  private static LogRow draftOf(NewMessage send, long id) {
    return new LogRow(
        send.conversation(),
        0,
        MessageId.of(id),
        send.sender(),
        send.receiver(),
        send.content(),
        IdGenerator.timestampOf(id),
        send.clientMsgId(),
        send.participants(),
        false,
        null);
  }

  private static Sends shortSends(int node) {
    return new Sends(tables, new IdGenerator(Clock.systemUTC(), node), SHORT, Clock.systemUTC());
  }

  /** The writer's seq claim, as the store makes it: fenced by the writer's lease. */
  private static CompletionStage<LogRow> claimSeq(Sends.Fresh fresh) {
    return log.append(fresh.draft(), fresh.lease());
  }

  private static void assertRefused(CompletionStage<LogRow> claim) {
    assertThatThrownBy(() -> claim.toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
        .hasCauseInstanceOf(Sends.LeaseExpired.class);
  }

  private static Sends.Fresh fresh(CompletionStage<Sends.Send> send) {
    Sends.Send result = await(send);
    assertThat(result).isInstanceOf(Sends.Fresh.class);
    return (Sends.Fresh) result;
  }

  private static List<Message> history(ConversationId conversation) {
    return await(store.history(conversation, Long.MAX_VALUE, 100)).messages();
  }
}
