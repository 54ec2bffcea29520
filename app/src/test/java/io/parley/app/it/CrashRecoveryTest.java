package io.parley.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.parley.client.HistoryQuery;
import io.parley.client.Message;
import io.parley.client.Page;
import io.parley.client.ParleyClient;
import io.parley.client.SendRequest;
import io.parley.client.Session;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acknowledged means durable: a server killed with SIGKILL in the middle of concurrent sends, then
 * restarted on the same data directory, has every acknowledged message exactly once.
 */
class CrashRecoveryTest {

  private static final int SENDERS = 16;
  private static final int ACKS_BEFORE_KILL = 400;

  @TempDir Path dataDir;

  @Test
  void everyAcknowledgedMessageSurvivesKillNineExactlyOnce() throws Exception {
    Map<String, String> acked = new ConcurrentHashMap<>(); // client_msg_id -> message_id
    Set<String> attempted = ConcurrentHashMap.newKeySet();
    String receiverName = "crash-r-" + UUID.randomUUID().toString().substring(0, 8);
    List<String> senderNames = new ArrayList<>();
    Map<String, String> idsByName = new HashMap<>();

    try (ChildServer first = ChildServer.start(dataDir, Map.of());
        ParleyClient client = ParleyClient.create(first.uri())) {
      String receiverId = client.register(receiverName, "password-1").get(30, TimeUnit.SECONDS).userId();
      idsByName.put(receiverName, receiverId);
      List<Session> sessions = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        String name = receiverName + "-s" + i;
        senderNames.add(name);
        idsByName.put(name, client.register(name, "password-1").get(30, TimeUnit.SECONDS).userId());
        sessions.add(client.login(name, "password-1").get(30, TimeUnit.SECONDS));
      }

      AtomicBoolean running = new AtomicBoolean(true);
      AtomicInteger counter = new AtomicInteger();
      List<CompletableFuture<Void>> loops = new ArrayList<>();
      for (int s = 0; s < SENDERS; s++) {
        Session session = sessions.get(s % sessions.size());
        loops.add(sendLoop(client, session, receiverId, running, counter, attempted, acked));
      }
      await().atMost(Duration.ofSeconds(60)).until(() -> acked.size() >= ACKS_BEFORE_KILL);
      first.kill(); // sends are still in flight
      running.set(false);
      CompletableFuture.allOf(loops.toArray(CompletableFuture[]::new))
          .exceptionally(e -> null)
          .get(60, TimeUnit.SECONDS);
    }

    assertThat(acked).hasSizeGreaterThanOrEqualTo(ACKS_BEFORE_KILL);
    try (ChildServer second = ChildServer.start(dataDir, Map.of());
        ParleyClient client = ParleyClient.create(second.uri())) {
      Session receiver = client.login(receiverName, "password-1").get(30, TimeUnit.SECONDS);
      List<Message> history = readAll(client, receiver);

      Map<String, Long> occurrences = new HashMap<>();
      for (Message m : history) occurrences.merge(m.messageId(), 1L, Long::sum);
      assertThat(occurrences.values()).as("no message is stored twice").allMatch(n -> n == 1);
      assertThat(occurrences.keySet())
          .as("every acknowledged message is there")
          .containsAll(acked.values());
      assertThat(history).allMatch(m -> attempted.contains(m.clientMsgId()));
      assertGaplessPerConversation(history);

      // Retrying what was in flight at the kill, with the same keys, stores nothing twice.
      Map<String, Session> bySender = new HashMap<>();
      for (String name : senderNames) {
        bySender.put(idsByName.get(name), client.login(name, "password-1").get(30, TimeUnit.SECONDS));
      }
      Map<String, String> stored = new HashMap<>();
      for (Message m : history) stored.put(m.clientMsgId(), m.messageId());
      for (Message m : history.subList(0, Math.min(20, history.size()))) {
        Message again =
            client
                .send(
                    bySender.get(m.senderId()),
                    new SendRequest(m.receiverId(), null, m.content(), m.clientMsgId()))
                .get(30, TimeUnit.SECONDS);
        assertThat(again.messageId()).isEqualTo(stored.get(m.clientMsgId()));
      }
      assertThat(readAll(client, receiver)).hasSameSizeAs(history);
    }
  }

  private static CompletableFuture<Void> sendLoop(
      ParleyClient client,
      Session session,
      String receiverId,
      AtomicBoolean running,
      AtomicInteger counter,
      Set<String> attempted,
      Map<String, String> acked) {
    if (!running.get()) return CompletableFuture.completedFuture(null);
    String key = "k" + counter.incrementAndGet();
    attempted.add(key);
    return client
        .send(session, new SendRequest(receiverId, null, "crash test " + key, key))
        .thenCompose(
            message -> {
              acked.put(key, message.messageId());
              return sendLoop(client, session, receiverId, running, counter, attempted, acked);
            })
        .exceptionally(e -> null); // the server died under this request: not acknowledged
  }

  private static List<Message> readAll(ParleyClient client, Session session) throws Exception {
    List<Message> all = new ArrayList<>();
    String cursor = null;
    while (true) {
      Page page =
          client.history(session, session.userId(), HistoryQuery.after(cursor, 500)).get(30, TimeUnit.SECONDS);
      all.addAll(page.messages());
      cursor = page.nextCursor();
      if (!page.hasMore()) return all;
    }
  }

  private static void assertGaplessPerConversation(List<Message> history) {
    Map<String, Long> last = new HashMap<>();
    for (Message m : history) {
      long previous = last.getOrDefault(m.conversationId(), 0L);
      assertThat(m.seq()).as("seq in %s", m.conversationId()).isEqualTo(previous + 1);
      last.put(m.conversationId(), m.seq());
    }
  }
}
