package io.parley.app.it;

import static io.parley.app.it.EndToEnd.join;
import static io.parley.app.it.EndToEnd.newUser;
import static org.assertj.core.api.Assertions.assertThat;

import io.parley.app.it.EndToEnd.Account;
import io.parley.client.CloseEvent;
import io.parley.client.ConnectOptions;
import io.parley.client.ParleyClient;
import io.parley.client.ParleyConnection;
import io.parley.client.Session;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * How the server ends connections (docs/API.md, "Close codes"): heartbeat timeout (4001), token
 * expiry (4002) and shutdown (1001). The server here pings every 100 ms and gives up on a
 * connection silent for 600 ms.
 */
class ConnectionLifecycleEndToEndTest {

  private static TestServer server;
  private static ParleyClient client;

  @BeforeAll
  static void start() {
    server = TestServer.start(Map.of("ws.heartbeat-interval", "100ms", "ws.idle-timeout", "600ms"));
    client = ParleyClient.create(server.uri().toString());
  }

  @AfterAll
  static void stop() {
    client.close();
    server.close();
  }

  @Test
  void aConnectionThatNeverAnswersPingsIsClosedWith4001WhileOneThatAnswersStaysOpen()
      throws Exception {
    Account alice = newUser(client);
    Recorder events = new Recorder();
    ParleyConnection answering = join(client.connect(alice.session(), events));

    try (BareWebSocket silent = new BareWebSocket(server.uri(), alice.token())) {
      assertThat(silent.readUntilClose()).isEqualTo(4001);
    }

    // the SDK's socket answered every ping over the same (longer than idle) time
    assertThat(answering.isOpen()).isTrue();
    assertThat(events.closes).isEmpty();
    assertThat(join(answering.ping())).isPositive();
    join(answering.close());
  }

  @Test
  void aConnectionIsClosedWith4002WhenItsTokenExpires() {
    Account alice = newUser(client);
    long expiresAt = System.currentTimeMillis() / 1000 + 2;
    String shortLived = Tokens.hs256(TestServer.JWT_SECRET, alice.id(), expiresAt);
    Recorder events = new Recorder();
    ParleyConnection ws =
        join(client.connect(new Session(shortLived, alice.id(), expiresAt * 1000), events));

    CloseEvent close = events.awaitClose();

    assertThat(close.code()).isEqualTo(4002);
    assertThat(close.reconnecting()).as("an expired token is final").isFalse();
    assertThat(System.currentTimeMillis()).isGreaterThanOrEqualTo(expiresAt * 1000);
    assertThat(ws.isClosed()).isTrue();
  }

  @Test
  void shuttingDownClosesEverySocketWith1001() {
    TestServer stopping = TestServer.start();
    try (ParleyClient c = ParleyClient.create(stopping.uri().toString())) {
      Account alice = newUser(c);
      Recorder first = new Recorder();
      Recorder second = new Recorder();
      join(c.connect(alice.session(), new ConnectOptions().autoReconnect(false), first));
      join(c.connect(alice.session(), new ConnectOptions().autoReconnect(false), second));

      stopping.close();

      assertThat(first.awaitClose().code()).isEqualTo(1001);
      assertThat(second.awaitClose().code()).isEqualTo(1001);
    } finally {
      stopping.close();
    }
  }
}
