package io.parley.store.cassandra;

import static io.parley.store.cassandra.StoreCalls.await;
import static io.parley.store.cassandra.StoreCalls.randomUser;
import static org.assertj.core.api.Assertions.assertThat;

import io.parley.core.id.MessageId;
import io.parley.core.id.UserId;
import io.parley.core.message.ConversationId;
import io.parley.core.message.Message;
import io.parley.core.message.MessageStore.AppendResult;
import io.parley.core.message.MessageStore.InboxQuery;
import io.parley.core.message.MessageStore.InboxResult;
import io.parley.core.message.MessageStore.NewMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The proof ADR 005 promises: three nodes ({@link SkewedNodes}: their own node ids, clocks skewed
 * by -40, 0 and +35 ms) write concurrently into shared conversations and inboxes while readers sync
 * every inbox from cursors taken at random moments. Every reader sees every acknowledged message of
 * its conversations exactly once, each conversation in gapless seq order, and every cursor it kept,
 * read again at the end, continues with exactly what followed it.
 */
class MultiWriterGaplessTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final int USERS = 8;
  private static final int WRITERS_PER_STORE = 2;
  private static final int MESSAGES_PER_WRITER = 40;

  @RegisterExtension static final SkewedNodes nodes = new SkewedNodes();

  @Test
  void readersOfInboxesWrittenByThreeSkewedNodesMissNothingAndSeeNothingTwice() throws Exception {
    List<UserId> users = new ArrayList<>();
    for (int i = 0; i < USERS; i++) users.add(randomUser());
    ExecutorService pool =
        Executors.newFixedThreadPool(nodes.stores().size() * WRITERS_PER_STORE + USERS);
    try {
      ConcurrentLinkedQueue<Message> acknowledged = new ConcurrentLinkedQueue<>();
      List<CompletableFuture<Void>> writers = new ArrayList<>();
      for (CassandraMessageStore store : nodes.stores()) {
        for (int w = 0; w < WRITERS_PER_STORE; w++) {
          writers.add(CompletableFuture.runAsync(() -> write(store, users, acknowledged), pool));
        }
      }
      CompletableFuture<Void> allWritten =
          CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new));
      List<CompletableFuture<Reader>> readers = new ArrayList<>();
      for (UserId user : users) {
        readers.add(CompletableFuture.supplyAsync(() -> new Reader(user).follow(allWritten), pool));
      }

      allWritten.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      assertThat(acknowledged)
          .hasSize(nodes.stores().size() * WRITERS_PER_STORE * MESSAGES_PER_WRITER);
      assertEachConversationHasGaplessSeqs(acknowledged);
      for (CompletableFuture<Reader> future : readers) {
        Reader reader = future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        Set<MessageId> expected =
            acknowledged.stream()
                .filter(m -> m.sender().equals(reader.owner) || m.receiver().equals(reader.owner))
                .map(Message::id)
                .collect(Collectors.toSet());
        assertThat(reader.seen).extracting(Message::id).doesNotHaveDuplicates();
        assertThat(reader.seen)
            .extracting(Message::id)
            .containsExactlyInAnyOrderElementsOf(expected);
        assertInSeqOrderWithoutGaps(reader.seen);
        reader.checkEveryKeptCursor();
      }
    } finally {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void theSameSendRetriedOnTwoNodesAtOnceIsStoredOnce() throws Exception {
    UserId a = randomUser();
    UserId b = randomUser();
    List<Message> stored = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      NewMessage send =
          new NewMessage(
              ConversationId.direct(a, b), a, b, null, "retried " + i, "retry-" + i, Set.of(a, b));
      List<CompletableFuture<AppendResult>> both =
          List.of(
              nodes.stores().get(i % 3).append(send).toCompletableFuture(),
              nodes.stores().get((i + 1) % 3).append(send).toCompletableFuture());
      List<AppendResult> results = new ArrayList<>();
      for (CompletableFuture<AppendResult> result : both) {
        results.add(result.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
      }

      assertThat(results).filteredOn(r -> r instanceof AppendResult.Appended).hasSize(1);
      assertThat(results).filteredOn(r -> r instanceof AppendResult.Duplicate).hasSize(1);
      assertThat(results.get(0).message().id()).isEqualTo(results.get(1).message().id());
      stored.add(results.get(0).message());
    }

    List<Message> inbox = new Reader(b).readAll(null);
    assertThat(inbox).extracting(Message::id).containsExactlyElementsOf(ids(stored));
    assertThat(inbox).extracting(Message::seq).containsExactlyElementsOf(seqs(20));
  }

  /** Sends {@code MESSAGES_PER_WRITER} messages between random users, one after the other. */
  private static void write(
      CassandraMessageStore store, List<UserId> users, ConcurrentLinkedQueue<Message> acked) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int i = 0; i < MESSAGES_PER_WRITER; i++) {
      UserId from = users.get(random.nextInt(users.size()));
      UserId to = users.get(random.nextInt(users.size()));
      while (to.equals(from)) to = users.get(random.nextInt(users.size()));
      NewMessage send =
          new NewMessage(
              ConversationId.direct(from, to),
              from,
              to,
              null,
              "m" + i,
              "c" + random.nextLong(Long.MAX_VALUE),
              Set.of(from, to));
      AppendResult result = await(store.append(send));
      assertThat(result).isInstanceOf(AppendResult.Appended.class);
      acked.add(result.message());
    }
  }

  /** One user's client: syncs page by page from random nodes and keeps cursors along the way. */
  private static final class Reader {
    final UserId owner;
    final List<Message> seen = new ArrayList<>();

    /** Cursors kept at random moments, with how many messages had been seen then. */
    final Map<String, Integer> kept = new HashMap<>();

    Reader(UserId owner) {
      this.owner = owner;
    }

    /** Follows the inbox until the writers are done and a last page shows nothing more. */
    Reader follow(CompletableFuture<Void> writersDone) {
      ThreadLocalRandom random = ThreadLocalRandom.current();
      String cursor = null;
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (true) {
        boolean done = writersDone.isDone();
        InboxResult.Page page = page(cursor, 1 + random.nextInt(10));
        seen.addAll(page.messages());
        cursor = page.nextCursor();
        if (random.nextInt(4) == 0) kept.put(cursor, seen.size());
        if (done && !page.hasMore()) return this;
        assertThat(System.nanoTime()).as("reader caught up in time").isLessThan(deadline);
      }
    }

    /** Reading again from each kept cursor gives exactly what this reader saw after it. */
    void checkEveryKeptCursor() {
      assertThat(kept).isNotEmpty();
      kept.forEach(
          (cursor, count) ->
              assertThat(ids(readAll(cursor)))
                  .as("resumed from %s", cursor)
                  .containsExactlyElementsOf(ids(seen.subList(count, seen.size()))));
    }

    List<Message> readAll(String from) {
      List<Message> all = new ArrayList<>();
      String cursor = from;
      InboxResult.Page page;
      do {
        page = page(cursor, 7);
        all.addAll(page.messages());
        cursor = page.nextCursor();
      } while (page.hasMore());
      return all;
    }

    private InboxResult.Page page(String cursor, int limit) {
      CassandraMessageStore store = nodes.any();
      InboxResult result = await(store.inbox(owner, new InboxQuery(cursor, 0, limit)));
      assertThat(result).isInstanceOf(InboxResult.Page.class);
      return (InboxResult.Page) result;
    }
  }

  private static void assertEachConversationHasGaplessSeqs(Collection<Message> messages) {
    Map<ConversationId, List<Long>> seqs =
        messages.stream()
            .collect(
                Collectors.groupingBy(
                    Message::conversation, Collectors.mapping(Message::seq, Collectors.toList())));
    seqs.forEach(
        (conversation, list) ->
            assertThat(list)
                .as("seqs of %s", conversation)
                .containsExactlyInAnyOrderElementsOf(seqs(list.size())));
  }

  /** Each conversation's messages come in seq order 1, 2, 3... with none left out. */
  private static void assertInSeqOrderWithoutGaps(List<Message> inbox) {
    Map<ConversationId, Long> last = new HashMap<>();
    for (Message message : inbox) {
      long previous = last.getOrDefault(message.conversation(), 0L);
      assertThat(message.seq())
          .as("seq after %s in %s", previous, message.conversation())
          .isEqualTo(previous + 1);
      last.put(message.conversation(), message.seq());
    }
  }

  private static List<Long> seqs(int count) {
    return LongStream.rangeClosed(1, count).boxed().toList();
  }

  private static List<MessageId> ids(List<Message> messages) {
    return messages.stream().map(Message::id).toList();
  }
}
