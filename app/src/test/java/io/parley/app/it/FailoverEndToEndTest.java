package io.parley.app.it;

import static io.parley.app.it.EndToEnd.join;
import static io.parley.app.it.EndToEnd.newUsers;
import static io.parley.app.it.EndToEnd.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.parley.app.it.EndToEnd.Account;
import io.parley.client.CloseEvent;
import io.parley.client.Message;
import io.parley.client.ParleyClient;
import io.parley.client.ParleyClientOptions;
import io.parley.client.ParleyConnection;
import io.parley.client.SendRequest;
import io.parley.gateway.Gateway;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A client whose node goes away resumes on another node of the same deployment: two gateways (each
 * on its own event loops and port) over one set of services stand for two nodes; the SDK is given
 * both. When the first one shuts down (every WebSocket closed with 1001) the connection moves to
 * the second, resyncs, and receives every message exactly once, in order — also those sent while it
 * was moving.
 */
class FailoverEndToEndTest {

  private TestServer server;
  private Vertx nodeA;
  private Vertx nodeB;
  private Gateway gatewayA;
  private Gateway gatewayB;

  @BeforeEach
  void start() {
    server = TestServer.start();
    nodeA = Vertx.vertx();
    nodeB = Vertx.vertx();
    gatewayA = server.startPeer(nodeA);
    gatewayB = server.startPeer(nodeB);
  }

  @AfterEach
  void stop() {
    join(gatewayB.close().toCompletionStage().toCompletableFuture());
    join(gatewayA.close().toCompletionStage().toCompletableFuture());
    join(nodeA.close().toCompletionStage().toCompletableFuture());
    join(nodeB.close().toCompletionStage().toCompletableFuture());
    server.close();
  }

  @Test
  void aConnectionWhoseNodeShutsDownResumesOnTheNextNodeWithoutLossOrRepeats() {
    String a = server.uri(gatewayA).toString();
    String b = server.uri(gatewayB).toString();
    try (ParleyClient bobsDevice =
            ParleyClient.create(new ParleyClientOptions().baseUri(a).fallbackUris(b));
        ParleyClient aliceOnB = ParleyClient.create(b)) {
      Account[] u = newUsers(aliceOnB, 2);
      Account alice = u[0];
      Account bob = u[1];
      Recorder bobs = new Recorder();
      ParleyConnection bobWs = join(bobsDevice.connect(bob.session(), bobs));
      assertThat(bobWs.localAddress()).isNotNull();

      List<String> sent = new ArrayList<>();
      for (int i = 0; i < 5; i++) sent.add(send(aliceOnB, alice, bob, "before " + i));
      bobs.awaitMessages(5);

      gatewayA.close(); // node A goes away while alice keeps sending through node B
      for (int i = 0; i < 20; i++) sent.add(send(aliceOnB, alice, bob, "during " + i));
      waitFor("bob's connection back, on node B").until(() -> bobWs.isOpen() && bobWs.reconnects() == 1);
      for (int i = 0; i < 5; i++) sent.add(send(aliceOnB, alice, bob, "after " + i));

      waitFor("every message at bob's device").until(() -> bobs.messages.size() >= sent.size());
      assertThat(bobs.messages.stream().map(Message::messageId).toList())
          .as("each message once, in the order sent")
          .containsExactlyElementsOf(sent);
      assertThat(bobs.closes)
          .extracting(CloseEvent::code)
          .containsExactly(CloseEvent.GOING_AWAY);
      // HTTP calls of the same client follow it to node B
      assertThat(join(bobsDevice.health())).isEqualTo("ok");
      assertThat(join(bobsDevice.send(bob.session(), SendRequest.toUser(alice.id(), "hi from B"))))
          .isNotNull();
    }
  }

  private static String send(ParleyClient client, Account from, Account to, String content) {
    return join(client.send(from.session(), SendRequest.toUser(to.id(), content))).messageId();
  }
}
