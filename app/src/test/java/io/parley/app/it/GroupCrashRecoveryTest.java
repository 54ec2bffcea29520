package io.parley.app.it;

import static io.parley.app.it.EndToEnd.join;
import static io.parley.app.it.EndToEnd.wholeHistory;
import static io.parley.app.it.GroupEndToEnd.ids;
import static io.parley.app.it.GroupEndToEnd.ofGroup;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.parley.app.it.EndToEnd.Account;
import io.parley.client.Group;
import io.parley.client.Message;
import io.parley.client.ParleyClient;
import io.parley.client.SendRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acknowledged means durable for groups too: a server killed with SIGKILL while several members
 * send to their group concurrently, then restarted on the same data directory, has every
 * acknowledged group message in every member's history exactly once, with gapless seqs.
 */
class GroupCrashRecoveryTest {

  private static final int MEMBERS = 6;
  private static final int SENDERS = 12;
  private static final int ACKS_BEFORE_KILL = 300;

  @TempDir Path dataDir;

  /** One attempted send: who sent it and what, so that it can be sent again after the restart. */
  private record Attempt(Account sender, String content) {}

  @Test
  void everyAcknowledgedGroupMessageIsInEveryMembersHistoryExactlyOnceAfterKillNine()
      throws Exception {
    Map<String, Attempt> attempted = new ConcurrentHashMap<>(); // client_msg_id -> attempt
    Map<String, String> acked = new ConcurrentHashMap<>(); // client_msg_id -> message_id
    Account[] members;
    Group group;

    try (ChildServer first = ChildServer.start(dataDir, Map.of());
        ParleyClient client = ParleyClient.create(first.uri())) {
      members = GroupEndToEnd.register(client, MEMBERS, 4, Duration.ofSeconds(60));
      group =
          join(
              client
                  .groups()
                  .create(
                      members[0].session(), "crash", ids(Arrays.copyOfRange(members, 1, MEMBERS))));

      AtomicBoolean running = new AtomicBoolean(true);
      AtomicInteger counter = new AtomicInteger();
      List<CompletableFuture<Void>> loops = new ArrayList<>();
      for (int s = 0; s < SENDERS; s++) {
        Account sender = members[s % MEMBERS];
        loops.add(sendLoop(client, sender, group.groupId(), running, counter, attempted, acked));
      }
      await("acknowledged group sends")
          .atMost(Duration.ofSeconds(60))
          .until(() -> acked.size() >= ACKS_BEFORE_KILL);
      first.kill(); // sends are still in flight
      running.set(false);
      CompletableFuture.allOf(loops.toArray(CompletableFuture[]::new))
          .exceptionally(e -> null)
          .get(60, TimeUnit.SECONDS);
    }

    assertThat(acked).hasSizeGreaterThanOrEqualTo(ACKS_BEFORE_KILL);
    try (ChildServer second = ChildServer.start(dataDir, Map.of());
        ParleyClient client = ParleyClient.create(second.uri())) {
      List<String> reference = null;
      for (Account member : members) {
        List<Message> history = ofGroup(wholeHistory(client, member), group.groupId());
        assertExactlyOnceAndGapless(member, history);
        assertThat(messageIds(history))
            .as("every acknowledged message is in %s's history", member.id())
            .containsAll(acked.values());
        assertThat(history)
            .filteredOn(m -> !m.isSystem())
            .as("only attempted messages are stored")
            .allMatch(m -> attempted.containsKey(m.clientMsgId()));
        if (reference == null) reference = messageIds(history);
        assertThat(messageIds(history))
            .as("%s's history is the same as everyone's", member.id())
            .isEqualTo(reference);
      }

      // Sending again what was in flight at the kill, with the same keys, stores each exactly once.
      Map<String, String> stored = new HashMap<>();
      for (Message m : ofGroup(wholeHistory(client, members[0]), group.groupId())) {
        if (m.clientMsgId() != null) stored.put(m.clientMsgId(), m.messageId());
      }
      Map<String, String> retried = new HashMap<>();
      attempted.forEach(
          (key, attempt) -> {
            if (acked.containsKey(key)) return;
            Message again =
                join(
                    client.send(
                        attempt.sender().session(),
                        new SendRequest(null, group.groupId(), attempt.content(), key)));
            if (stored.containsKey(key)) assertThat(again.messageId()).isEqualTo(stored.get(key));
            retried.put(key, again.messageId());
          });
      for (Account member : members) {
        List<Message> history = ofGroup(wholeHistory(client, member), group.groupId());
        assertExactlyOnceAndGapless(member, history);
        assertThat(messageIds(history)).containsAll(acked.values()).containsAll(retried.values());
      }
    }
  }

  private static List<String> messageIds(List<Message> messages) {
    return messages.stream().map(Message::messageId).toList();
  }

  private static void assertExactlyOnceAndGapless(Account member, List<Message> history) {
    assertThat(messageIds(history))
        .as("no message twice for %s", member.id())
        .doesNotHaveDuplicates();
    for (int i = 0; i < history.size(); i++) {
      assertThat(history.get(i).seq())
          .as("seq #%d of the group in %s's history", i, member.id())
          .isEqualTo(i + 1L);
    }
  }

  private static CompletableFuture<Void> sendLoop(
      ParleyClient client,
      Account sender,
      String groupId,
      AtomicBoolean running,
      AtomicInteger counter,
      Map<String, Attempt> attempted,
      Map<String, String> acked) {
    if (!running.get()) return CompletableFuture.completedFuture(null);
    String key = "g" + counter.incrementAndGet();
    String content = "group crash test " + key;
    attempted.put(key, new Attempt(sender, content));
    return client
        .send(sender.session(), new SendRequest(null, groupId, content, key))
        .thenCompose(
            message -> {
              acked.put(key, message.messageId());
              return sendLoop(client, sender, groupId, running, counter, attempted, acked);
            })
        .exceptionally(e -> null); // the server died under this request: not acknowledged
  }
}
