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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A connection that stops reading is closed with 4000 once its send queue overflows ({@code
 * limits.max-queued-bytes}), and nobody else is slowed by it (docs/API.md, "Close codes").
 */
class SlowConsumerEndToEndTest {

  private static final int MAX_QUEUED_BYTES = 64 * 1024;

  /** Large messages fill the queue quickly: 48 KB each. */
  private static final String LARGE = "x".repeat(48 * 1024);

  /** Enough to fill any loopback socket buffer many times over. */
  private static final int MAX_MESSAGES = 400;

  private static TestServer server;
  private static ParleyClient client;

  @BeforeAll
  static void start() {
    server = TestServer.start(Map.of("limits.max-queued-bytes", String.valueOf(MAX_QUEUED_BYTES)));
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
    List<String> sent = new ArrayList<>();

    try (RawSocket slow = RawSocket.connect(client.vertx(), server.uri(), bob.token(), 4096)) {
      slow.pause();
      while (sent.size() < MAX_MESSAGES && slowConsumersClosed() == closedBefore) {
        for (int i = 0; i < 10; i++) {
          sent.add(
              join(client.send(alice.session(), SendRequest.toUser(bob.id(), LARGE + sent.size())))
                  .messageId());
        }
      }
      assertThat(slowConsumersClosed())
          .as("the server gave up on the paused reader within %s messages", MAX_MESSAGES)
          .isEqualTo(closedBefore + 1);

      slow.resume();
      assertThat(slow.awaitClose()).isEqualTo(4000);
      assertThat(slow.frames("message").size()).isLessThan(sent.size());
    }

    fastEvents.awaitMessages(sent.size());
    assertThat(fastEvents.messages).extracting(Message::messageId).containsExactlyElementsOf(sent);
    assertThat(fast.isOpen()).isTrue();
    join(fast.close());
  }

  @Test
  void aClosedSlowReaderReconnectsAndSyncsEverythingItMissed() {
    Account[] u = newUsers(client, 2);
    Account alice = u[0];
    Account bob = u[1];
    double closedBefore = slowConsumersClosed();
    List<String> sent = new ArrayList<>();
    String lastCursor;

    try (RawSocket slow = RawSocket.connect(client.vertx(), server.uri(), bob.token(), 4096)) {
      Message first = join(client.send(alice.session(), SendRequest.toUser(bob.id(), "first")));
      lastCursor = slow.awaitMessage(first.messageId()).getString("cursor");
      slow.pause();
      while (sent.size() < MAX_MESSAGES && slowConsumersClosed() == closedBefore) {
        for (int i = 0; i < 10; i++) {
          sent.add(
              join(client.send(alice.session(), SendRequest.toUser(bob.id(), LARGE + sent.size())))
                  .messageId());
        }
      }
      slow.resume();
      assertThat(slow.awaitClose()).isEqualTo(4000);
    }

    ParleyConnection again = join(client.connect(bob.session(), new Recorder()));
    List<String> synced = new ArrayList<>();
    String after = lastCursor;
    Page page;
    do {
      page = join(again.sync(after, null, 100));
      page.messages().forEach(m -> synced.add(m.messageId()));
      after = page.nextCursor();
    } while (page.hasMore());
    assertThat(synced).containsExactlyElementsOf(sent);
    join(again.close());
  }
}
