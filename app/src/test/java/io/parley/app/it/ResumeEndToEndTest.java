package io.parley.app.it;

import static io.parley.app.it.EndToEnd.join;
import static io.parley.app.it.EndToEnd.newUsers;
import static io.parley.app.it.EndToEnd.wholeHistory;
import static org.assertj.core.api.Assertions.assertThat;

import io.parley.app.it.EndToEnd.Account;
import io.parley.client.ConnectOptions;
import io.parley.client.Message;
import io.parley.client.ParleyClient;
import io.parley.client.ParleyConnection;
import io.parley.client.SendRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Resume after reconnect (docs/API.md, "Resume after reconnect"): every message missed while
 * offline arrives exactly once, in order, and nothing from before the cursor.
 */
class ResumeEndToEndTest {

  private static TestServer server;
  private static ParleyClient client;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    client = ParleyClient.create(server.uri().toString());
  }

  @AfterAll
  static void stop() {
    client.close();
    server.close();
  }

  private static Message send(Account from, Account to, String content) {
    return join(client.send(from.session(), SendRequest.toUser(to.id(), content)));
  }

  private static List<String> ids(List<Message> messages) {
    return messages.stream().map(Message::messageId).toList();
  }

  @Test
  void reconnectingFromTheLastCursorDeliversExactlyTheMissedMessagesInOrder() {
    Account[] u = newUsers(client, 2);
    Account alice = u[0];
    Account bob = u[1];
    Recorder before = new Recorder();
    ParleyConnection bobWs =
        join(client.connect(bob.session(), new ConnectOptions().autoReconnect(false), before));
    List<String> seen = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      seen.add(send(alice, bob, "seen " + i).messageId());
    }
    before.awaitMessages(3);
    String cursor = bobWs.cursor();
    join(bobWs.close());

    // while bob is away: alice over HTTP and over her socket, and bob himself from another device
    ParleyConnection aliceWs = join(client.connect(alice.session(), new Recorder()));
    List<String> missed = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      missed.add(send(alice, bob, "http " + i).messageId());
      missed.add(join(aliceWs.send(bob.id(), "socket " + i, null)).messageId());
    }
    missed.add(send(bob, alice, "from bob's phone").messageId());
    join(aliceWs.close());

    Recorder after = new Recorder();
    ParleyConnection again =
        join(
            client.connect(
                bob.session(),
                new ConnectOptions().autoReconnect(false).resumeCursor(cursor).resumePageSize(2),
                after));
    EndToEnd.waitFor("the resume").until(() -> !after.resumes.isEmpty());

    assertThat(ids(after.messages)).containsExactlyElementsOf(missed);
    assertThat(after.messages).extracting(Message::seq).isSorted();
    assertThat(ids(after.messages)).doesNotContainAnyElementsOf(seen);
    assertThat(after.resumes).containsExactly(missed.size());
    join(again.close());
  }

  @Test
  void syncFramesFromTheLastCursorPageThroughTheMissedMessagesWithoutGapsOrRepeats() {
    Account[] u = newUsers(client, 2);
    Account alice = u[0];
    Account bob = u[1];
    String cursor;
    String lastSeen;
    try (RawSocket first = RawSocket.connect(client.vertx(), server.uri(), bob.token())) {
      send(alice, bob, "one");
      lastSeen = send(alice, bob, "two").messageId();
      cursor = first.awaitMessage(lastSeen).getString("cursor");
    }
    List<String> missed = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      missed.add(
          send(i % 2 == 0 ? alice : bob, i % 2 == 0 ? bob : alice, "missed " + i).messageId());
    }

    List<String> received = new ArrayList<>();
    try (RawSocket second = RawSocket.connect(client.vertx(), server.uri(), bob.token())) {
      String after = cursor;
      boolean hasMore = true;
      for (int page = 0; hasMore; page++) {
        assertThat(page).as("pages").isLessThan(10);
        second.send(new JsonObject().put("type", "sync").put("after", after).put("limit", 2));
        int index = page;
        EndToEnd.waitFor("sync page " + page).until(() -> second.frames("sync").size() > index);
        JsonObject sync = second.frames("sync").get(page);
        JsonArray messages = sync.getJsonArray("messages");
        for (int i = 0; i < messages.size(); i++) {
          received.add(messages.getJsonObject(i).getString("message_id"));
        }
        hasMore = sync.getBoolean("has_more");
        after = sync.getString("next_cursor");
      }
    }

    assertThat(received).containsExactlyElementsOf(missed);
  }

  @Test
  void anAutomaticReconnectAfterADropMissesNothingAndRepeatsNothing() {
    Account[] u = newUsers(client, 2);
    Account alice = u[0];
    Account bob = u[1];
    Recorder bobEvents = new Recorder();
    Duration backoff = Duration.ofMillis(700);
    ParleyConnection bobWs =
        join(
            client.connect(
                bob.session(),
                new ConnectOptions().initialBackoff(backoff).maxBackoff(backoff).backoffJitter(0),
                bobEvents));
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      sent.add(send(alice, bob, "before the drop " + i).messageId());
    }
    bobEvents.awaitMessages(3);

    bobWs.dropConnection();
    EndToEnd.waitFor("the drop").until(() -> !bobEvents.closes.isEmpty());
    assertThat(bobEvents.closes.get(0).reconnecting()).isTrue();
    for (int i = 0; i < 4; i++) {
      sent.add(send(alice, bob, "while down " + i).messageId());
    }
    boolean allSentWhileDown = bobWs.reconnects() == 0;
    EndToEnd.waitFor("the reconnect").until(() -> bobWs.reconnects() == 1);
    for (int i = 0; i < 3; i++) {
      sent.add(send(alice, bob, "after the reconnect " + i).messageId());
    }
    bobEvents.awaitMessages(sent.size());

    assertThat(ids(bobEvents.messages)).containsExactlyElementsOf(sent);
    if (allSentWhileDown) {
      assertThat(bobEvents.resumes).containsExactly(4);
    }
    join(bobWs.close());
  }

  @Test
  void sendsInFlightDuringADropAreStoredOnceEach() {
    Account[] u = newUsers(client, 2);
    Account alice = u[0];
    Account bob = u[1];
    Recorder aliceEvents = new Recorder();
    ParleyConnection aliceWs =
        join(
            client.connect(
                alice.session(),
                new ConnectOptions().initialBackoff(Duration.ofMillis(50)),
                aliceEvents));

    List<CompletableFuture<Message>> inFlight =
        IntStream.range(0, 20)
            .mapToObj(i -> aliceWs.send(bob.id(), "in flight " + i, "flight-" + i))
            .toList();
    aliceWs.dropConnection();
    List<Message> acked = inFlight.stream().map(EndToEnd::join).toList();

    assertThat(acked)
        .extracting(Message::clientMsgId)
        .containsExactlyElementsOf(IntStream.range(0, 20).mapToObj(i -> "flight-" + i).toList());
    assertThat(ids(acked)).doesNotHaveDuplicates();
    List<Message> stored = wholeHistory(client, bob);
    assertThat(ids(stored)).containsExactlyInAnyOrderElementsOf(ids(acked));
    assertThat(stored)
        .extracting(Message::seq)
        .containsExactlyInAnyOrderElementsOf(
            IntStream.rangeClosed(1, 20).mapToObj(i -> (long) i).toList());
    join(aliceWs.close());
  }

  @Test
  void aDroppedConnectionComesBackAndKeepsWorking() {
    Account[] u = newUsers(client, 2);
    Account alice = u[0];
    Account bob = u[1];
    Recorder aliceEvents = new Recorder();
    ParleyConnection aliceWs =
        join(
            client.connect(
                alice.session(),
                new ConnectOptions().initialBackoff(Duration.ofMillis(50)),
                aliceEvents));

    aliceWs.dropConnection();
    EndToEnd.waitFor("the reconnect").until(() -> aliceWs.reconnects() == 1);
    Message after = join(aliceWs.send(bob.id(), "back again", null));

    assertThat(aliceEvents.readies).hasSize(2);
    assertThat(after.seq()).isEqualTo(1);
    assertThat(join(aliceWs.ping())).isPositive();
    join(aliceWs.close());
  }
}
