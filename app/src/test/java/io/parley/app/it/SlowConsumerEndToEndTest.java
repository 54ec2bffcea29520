package io.parley.app.it;

import static io.parley.app.it.EndToEnd.join;
import static io.parley.app.it.EndToEnd.newUsers;
import static org.assertj.core.api.Assertions.assertThat;

import io.parley.app.it.EndToEnd.Account;
import io.parley.client.Message;
import io.parley.client.Page;
import io.parley.client.ParleyClient;
import io.parley.client.ParleyConnection;
import io.parley.client.SendRequest;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A connection that stops reading is closed with 4000 once its send queue overflows ({@code
 * limits.max-queued-bytes}), nobody else is slowed by it, and it catches up by reconnecting and
 * syncing (docs/API.md, "Close codes").
 */
class SlowConsumerEndToEndTest {

  private static final int MAX_QUEUED_BYTES = 64 * 1024;

  /** Large messages fill the queue quickly: 48 KB each. */
  private static final String LARGE = "x".repeat(48 * 1024);

  /** Enough to fill any loopback socket buffer many times over (about 20 MB). */
  private static final int MAX_MESSAGES = 400;

  private static final int BATCH = 20;

  private static TestServer server;
  private static ParleyClient client;

  @BeforeAll
  static void start() {
    // this is about sockets, not disks: no fsync per message keeps the test quick
    server =
        TestServer.start(
            Map.of(
                "limits.max-queued-bytes",
                String.valueOf(MAX_QUEUED_BYTES),
                "store.sync",
                "false"));
    client = ParleyClient.create(server.uri().toString());
  }

  @AfterAll
  static void stop() {
    client.close();
    server.close();
  }

  private static double slowConsumersClosed() {
    return ObservabilityEndToEndTest.value(
        join(client.metrics()), "parley_ws_slow_consumer_closed_total");
  }

  @Test
  void aReaderThatStopsReadingIsClosedWith4000WhileAnotherReceiverGetsEverything() {
    Account[] u = newUsers(client, 2);
    Account alice = u[0];
    Account bob = u[1];
    Recorder fastEvents = new Recorder();
    ParleyConnection fast = join(client.connect(bob.session(), fastEvents));
    double closedBefore = slowConsumersClosed();
    List<Message> sent = new ArrayList<>();
    List<JsonObject> slowFrames;

    try (RawSocket slow = RawSocket.connect(client.vertx(), server.uri(), bob.token(), 4096)) {
      slow.pause();
      while (sent.size() < MAX_MESSAGES && slowConsumersClosed() == closedBefore) {
        List<CompletableFuture<Message>> batch =
            IntStream.range(0, BATCH)
                .mapToObj(
                    i -> client.send(alice.session(), SendRequest.toUser(bob.id(), LARGE + i)))
                .toList();
        batch.forEach(f -> sent.add(join(f)));
      }
      assertThat(slowConsumersClosed())
          .as("the server gave up on the paused reader within %s messages", MAX_MESSAGES)
          .isEqualTo(closedBefore + 1);

      slow.resume();
      assertThat(slow.awaitClose()).isEqualTo(4000);
      slowFrames = slow.frames("message");
    }
    sent.sort(Comparator.comparingLong(Message::seq));
    List<String> sentIds = sent.stream().map(Message::messageId).toList();
    List<String> slowlyReceived = slowFrames.stream().map(SlowConsumerEndToEndTest::id).toList();
    assertThat(slowlyReceived.size()).isLessThan(sent.size());
    assertThat(sentIds).containsAll(slowlyReceived);

    fastEvents.awaitMessages(sent.size());
    assertThat(fastEvents.messages)
        .extracting(Message::messageId)
        .as("the other connection got every message, once")
        .containsExactlyInAnyOrderElementsOf(sentIds);
    assertThat(fast.isOpen()).isTrue();

    // the closed reader reconnects and syncs after the furthest message it got: the rest arrives
    JsonObject furthest =
        slowFrames.stream()
            .max(Comparator.comparingLong(f -> f.getJsonObject("message").getLong("seq")))
            .orElse(null);
    long furthestSeq = furthest == null ? 0 : furthest.getJsonObject("message").getLong("seq");
    List<String> synced = new ArrayList<>();
    String after = furthest == null ? null : furthest.getString("cursor");
    Page page;
    do {
      page = join(fast.sync(after, after == null ? 0L : null, 100));
      page.messages().forEach(m -> synced.add(m.messageId()));
      after = page.nextCursor();
    } while (page.hasMore());
    assertThat(synced)
        .containsExactlyElementsOf(
            sent.stream().filter(m -> m.seq() > furthestSeq).map(Message::messageId).toList());
    join(fast.close());
  }

  private static String id(JsonObject frame) {
    return frame.getJsonObject("message").getString("message_id");
  }
}
