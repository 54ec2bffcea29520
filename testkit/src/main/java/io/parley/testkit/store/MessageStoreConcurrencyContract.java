package io.parley.testkit.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.core.id.MessageId;
import io.parley.core.id.UserId;
import io.parley.core.message.ConversationId;
import io.parley.core.message.Message;
import io.parley.core.message.MessageStore.AppendResult;
import io.parley.core.message.MessageStore.InboxResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The concurrent part of the {@link io.parley.core.message.MessageStore} contract: ordering,
 * idempotency and gapless inbox reads while many writers append at once. Included (through {@link
 * GroupMessagesContract}) in {@link MessageStoreContract}; adapters extend that one.
 */
public abstract class MessageStoreConcurrencyContract extends StoreContractSupport {

  @Test
  void concurrentDuplicatesStoreOneMessage() {
    UserId a = randomUser();
    UserId b = randomUser();

    List<AppendResult> results =
        concurrently(20, i -> messages().append(direct(a, b, "retried", "same-client-id")));

    assertThat(results).filteredOn(r -> r instanceof AppendResult.Appended).hasSize(1);
    assertThat(results)
        .extracting(r -> r.message().id())
        .containsOnly(results.get(0).message().id());
    assertThat(readInbox(b, 10)).hasSize(1);
  }

  @Test
  void aSendersPipelinedAppendsGetSeqsInTheOrderTheyWereMade() {
    UserId a = randomUser();
    UserId b = randomUser();
    UserId c = randomUser();

    // Made one after the other without waiting, as a connection pipelines its sends; each with
    // its own client_msg_id (claimed in parallel, so nothing else orders them).
    List<CompletableFuture<AppendResult>> toB = new ArrayList<>();
    List<CompletableFuture<AppendResult>> toC = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      toB.add(messages().append(direct(a, b, "b" + i, "to-b-" + i)).toCompletableFuture());
      toC.add(messages().append(direct(a, c, "c" + i, "to-c-" + i)).toCompletableFuture());
    }

    for (List<CompletableFuture<AppendResult>> conversation : List.of(toB, toC)) {
      assertThat(conversation)
          .extracting(result -> await(result).message().seq())
          .containsExactlyElementsOf(LongStream.rangeClosed(1, 30).boxed().toList());
    }
  }

  @Test
  void concurrentAppendsToOneConversationGetGaplessSeqs() {
    UserId a = randomUser();
    UserId b = randomUser();

    List<AppendResult> results =
        concurrently(
            50,
            i -> messages().append(direct(i % 2 == 0 ? a : b, i % 2 == 0 ? b : a, "m" + i, null)));

    assertThat(results)
        .extracting(r -> r.message().seq())
        .containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, 50).boxed().toList());
  }

  @Test
  void concurrentAppendsReachEveryInboxOnceAndInConversationOrder() {
    List<UserId> people = new ArrayList<>();
    for (int i = 0; i < 10; i++) people.add(randomUser());

    List<AppendResult> results =
        concurrently(
            200,
            i -> {
              UserId from = people.get(i % 10);
              UserId to = people.get((i % 10 + 1 + i / 10 % 9) % 10);
              return messages().append(direct(from, to, "m" + i, "c" + i));
            });

    assertThat(results).allMatch(r -> r instanceof AppendResult.Appended);
    Map<UserId, Set<MessageId>> expected = new HashMap<>();
    for (AppendResult result : results) {
      Message message = result.message();
      expected.computeIfAbsent(message.sender(), u -> new HashSet<>()).add(message.id());
      expected.computeIfAbsent(message.receiver(), u -> new HashSet<>()).add(message.id());
    }
    for (UserId person : people) {
      List<Message> inbox = readInbox(person, 13);
      assertThat(inbox)
          .extracting(Message::id)
          .containsExactlyInAnyOrderElementsOf(expected.get(person));
      assertEachConversationInOrder(inbox);
    }
  }

  @Test
  void aReaderPagingDuringConcurrentAppendsMissesNothing() {
    UserId owner = randomUser();
    List<UserId> peers = List.of(randomUser(), randomUser(), randomUser(), randomUser());
    ExecutorService writer = Executors.newSingleThreadExecutor();
    try {
      CompletableFuture<List<AppendResult>> writes =
          CompletableFuture.supplyAsync(
              () ->
                  concurrently(
                      150,
                      i -> {
                        UserId peer = peers.get(i % peers.size());
                        return messages()
                            .append(
                                i % 3 == 0
                                    ? direct(owner, peer, "out" + i, null)
                                    : direct(peer, owner, "in" + i, null));
                      }),
              writer);

      List<Message> seen = new ArrayList<>();
      String cursor = null;
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (true) {
        boolean writersDone = writes.isDone();
        InboxResult.Page page = page(owner, cursor, 0, 10);
        seen.addAll(page.messages());
        cursor = page.nextCursor();
        if (writersDone && !page.hasMore()) break;
        assertThat(System.nanoTime()).as("reader caught up in time").isLessThan(deadline);
      }

      Set<MessageId> written =
          await(writes).stream().map(r -> r.message().id()).collect(Collectors.toSet());
      assertThat(seen).extracting(Message::id).doesNotHaveDuplicates();
      assertThat(seen).extracting(Message::id).containsExactlyInAnyOrderElementsOf(written);
      assertEachConversationInOrder(seen);
      assertThat(seen.stream().map(Message::conversation).distinct())
          .hasSize(peers.size())
          .allMatch(c -> ((ConversationId.Direct) c).involves(owner));
    } finally {
      writer.shutdownNow();
    }
  }
}
