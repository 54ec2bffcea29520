package io.parley.app.it;

import static io.parley.app.it.EndToEnd.conversationId;
import static io.parley.app.it.EndToEnd.join;
import static io.parley.app.it.EndToEnd.newUsers;
import static io.parley.app.it.EndToEnd.wholeHistory;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.parley.app.it.EndToEnd.Account;
import io.parley.client.HistoryQuery;
import io.parley.client.Message;
import io.parley.client.Page;
import io.parley.client.ParleyClient;
import io.parley.client.ParleyConnection;
import io.parley.client.Presence;
import io.parley.client.Receipt;
import io.parley.client.SendRequest;
import io.parley.client.Typing;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The live side of docs/API.md over real WebSockets: frames, fan-out, receipts, presence. */
class WebSocketEndToEndTest {

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

  private static RawSocket rawSocket(Account user) {
    return RawSocket.connect(client.vertx(), server.uri(), user.token());
  }

  private static JsonObject sendFrame(Account to, String content, String clientMsgId) {
    return new JsonObject()
        .put("type", "send")
        .put("client_msg_id", clientMsgId)
        .put("receiver_id", to.id())
        .put("content", content);
  }

  private static String messageIdOf(JsonObject frame) {
    return frame.getJsonObject("message").getString("message_id");
  }

  // ---- ready, send, ack ----

  @Test
  void readyIsTheFirstFrameWithTheUserTheServerTimeAndTheHeartbeat() {
    Account alice = EndToEnd.newUser(client);
    long before = System.currentTimeMillis();

    try (RawSocket ws = rawSocket(alice)) {
      JsonObject ready = ws.frames().get(0);
      assertThat(ready.getString("type")).isEqualTo("ready");
      assertThat(ready.getValue("user_id")).isEqualTo(alice.id());
      assertThat(ready.getLong("server_time")).isCloseTo(before, within(60_000L));
      assertThat(ready.getLong("heartbeat_ms")).isEqualTo(30_000L);
    }
  }

  @Test
  void theSdkCompletesTheConnectOnReady() {
    Account alice = EndToEnd.newUser(client);

    ParleyConnection ws = join(client.connect(alice.session(), new Recorder()));

    assertThat(ws.isOpen()).isTrue();
    assertThat(ws.ready().userId()).isEqualTo(alice.id());
    assertThat(ws.ready().heartbeatMs()).isEqualTo(30_000L);
    join(ws.close());
  }

  @Test
  void aSendFrameIsAckedWithTheDurableMessage() {
    Account[] u = newUsers(client, 2);
    Account alice = u[0];
    Account bob = u[1];

    try (RawSocket ws = rawSocket(alice)) {
      ws.send(sendFrame(bob, "over the socket", "ws-1"));
      JsonObject ack = ws.awaitAck("ws-1");

      JsonObject message = ack.getJsonObject("message");
      assertThat(message.getValue("message_id")).isInstanceOf(String.class);
      assertThat(message.getValue("sender_id")).isEqualTo(alice.id());
      assertThat(message.getValue("receiver_id")).isEqualTo(bob.id());
      assertThat(message.getString("content")).isEqualTo("over the socket");
      assertThat(message.getString("status")).isEqualTo("sent");
      assertThat(message.getString("client_msg_id")).isEqualTo("ws-1");
      assertThat(message.getValue("seq")).isEqualTo(1);
      assertThat(wholeHistory(client, bob))
          .extracting(Message::messageId)
          .containsExactly(message.getString("message_id"));
    }
  }

  @Test
  void sendingTheSameClientMsgIdOverTheSocketAndOverHttpStoresOneMessage() {
    Account[] u = newUsers(client, 2);
    Account alice = u[0];
    Account bob = u[1];
    ParleyConnection ws = join(client.connect(alice.session(), new Recorder()));

    Message overSocket = join(ws.send(bob.id(), "once", "same-key"));
    Message overHttp =
        join(
            client.send(
                alice.session(), SendRequest.toUser(bob.id(), "once").withClientMsgId("same-key")));

    assertThat(overHttp.messageId()).isEqualTo(overSocket.messageId());
    assertThat(wholeHistory(client, bob)).hasSize(1);
    join(ws.close());
  }

  // ---- fan-out ----

  @Test
  void everyConnectionOfBothUsersSeesEachMessageExactlyOnce() {
    Account[] u = newUsers(client, 2);
    Account alice = u[0];
    Account bob = u[1];
    try (RawSocket alice1 = rawSocket(alice);
        RawSocket alice2 = rawSocket(alice);
        RawSocket bob1 = rawSocket(bob);
        RawSocket bob2 = rawSocket(bob)) {
      List<RawSocket> all = List.of(alice1, alice2, bob1, bob2);

      alice1.send(sendFrame(bob, "from alice's first tab", "fan-1"));
      String overSocket = messageIdOf(alice1.awaitAck("fan-1"));
      String overHttp =
          join(client.send(alice.session(), SendRequest.toUser(bob.id(), "from alice over http")))
              .messageId();
      bob2.send(sendFrame(alice, "bob answers", "fan-2"));
      String reply = messageIdOf(bob2.awaitAck("fan-2"));
      // a last message: once every socket has it, anything sent twice before it has arrived too
      bob1.send(sendFrame(alice, "the end", "fan-3"));
      String marker = messageIdOf(bob1.awaitAck("fan-3"));
      all.forEach(ws -> ws.awaitMessage(marker));

      for (RawSocket ws : all) {
        assertThat(ws.frames("message"))
            .extracting(WebSocketEndToEndTest::messageIdOf)
            .containsExactly(overSocket, overHttp, reply, marker);
      }
      assertThat(alice1.frames("ack")).hasSize(1);
      assertThat(alice2.frames("ack")).as("acks go to the sending connection only").isEmpty();
    }
  }

  @Test
  void aMessageFrameCarriesTheStoredMessageAndACursor() {
    Account[] u = newUsers(client, 2);
    Account alice = u[0];
    Account bob = u[1];
    try (RawSocket bobWs = rawSocket(bob)) {
      Message sent = join(client.send(alice.session(), SendRequest.toUser(bob.id(), "hello")));

      JsonObject frame = bobWs.awaitMessage(sent.messageId());

      JsonObject m = frame.getJsonObject("message");
      assertThat(m.getValue("message_id")).isEqualTo(sent.messageId());
      assertThat(m.getValue("sender_id")).isEqualTo(alice.id());
      assertThat(m.getValue("receiver_id")).isEqualTo(bob.id());
      assertThat(m.getValue("conversation_id")).isEqualTo(conversationId(alice, bob));
      assertThat(m.getLong("seq")).isEqualTo(sent.seq());
      assertThat(m.getLong("timestamp")).isEqualTo(sent.timestamp());
      assertThat(frame.getValue("cursor")).isInstanceOf(String.class);
    }
  }

  @Test
  void syncFromAMessageFramesCursorContinuesRightAfterIt() {
    Account[] u = newUsers(client, 2);
    Account alice = u[0];
    Account bob = u[1];
    try (RawSocket bobWs = rawSocket(bob)) {
      Message first = join(client.send(alice.session(), SendRequest.toUser(bob.id(), "1")));
      String cursor = bobWs.awaitMessage(first.messageId()).getString("cursor");
      Message second = join(client.send(alice.session(), SendRequest.toUser(bob.id(), "2")));
      Message third = join(client.send(alice.session(), SendRequest.toUser(bob.id(), "3")));

      bobWs.send(new JsonObject().put("type", "sync").put("after", cursor));
      JsonObject page = bobWs.await("sync");

      assertThat(
              page.getJsonArray("messages").stream()
                  .map(m -> ((JsonObject) m).getString("message_id")))
          .containsExactly(second.messageId(), third.messageId());
      assertThat(page.getBoolean("has_more")).isFalse();
      assertThat(page.getValue("next_cursor")).isInstanceOf(String.class);
    }
  }

  @Test
  void aSyncFrameAnswersExactlyWhatHttpHistoryAnswers() {
    Account[] u = newUsers(client, 2);
    Account alice = u[0];
    Account bob = u[1];
    for (int i = 0; i < 5; i++) {
      join(client.send(alice.session(), SendRequest.toUser(bob.id(), "m" + i)));
    }
    ParleyConnection ws = join(client.connect(bob.session(), new Recorder()));

    Page overSocket = join(ws.sync(null, null, 3));
    Page overHttp = join(client.history(bob.session(), bob.id(), new HistoryQuery(null, null, 3)));
    Page nextOverSocket = join(ws.sync(overSocket.nextCursor(), null, 3));
    Page nextOverHttp =
        join(client.history(bob.session(), bob.id(), HistoryQuery.after(overHttp.nextCursor(), 3)));

    assertThat(overSocket.messages()).isEqualTo(overHttp.messages());
    assertThat(overSocket.hasMore()).isTrue();
    assertThat(nextOverSocket.messages()).isEqualTo(nextOverHttp.messages());
    assertThat(nextOverSocket.messages()).hasSize(2);
    assertThat(nextOverSocket.hasMore()).isFalse();
    join(ws.close());
  }

  // ---- receipts ----

  @Test
  void deliveredThenReadReceiptsReachTheSenderAndHistoryShowsTheStatus() {
    Account[] u = newUsers(client, 2);
    Account alice = u[0];
    Account bob = u[1];
    Recorder aliceEvents = new Recorder();
    Recorder bobEvents = new Recorder();
    Recorder bobOtherEvents = new Recorder();
    ParleyConnection aliceWs = join(client.connect(alice.session(), aliceEvents));
    ParleyConnection bobWs = join(client.connect(bob.session(), bobEvents));
    ParleyConnection bobOther = join(client.connect(bob.session(), bobOtherEvents));

    Message m = join(aliceWs.send(bob.id(), "did you get this?", null));
    bobEvents.awaitMessage(m.messageId());
    join(bobWs.delivered(List.of(m.messageId())));

    Receipt delivered =
        aliceEvents.awaitReceipt(r -> r.status().equals("delivered"), "delivered receipt");
    assertThat(delivered)
        .isEqualTo(new Receipt(m.messageId(), m.conversationId(), bob.id(), "delivered"));
    assertThat(status(alice, m)).isEqualTo("delivered");

    join(bobWs.read(List.of(m.messageId())));

    Receipt read = aliceEvents.awaitReceipt(r -> r.status().equals("read"), "read receipt");
    assertThat(read).isEqualTo(new Receipt(m.messageId(), m.conversationId(), bob.id(), "read"));
    assertThat(aliceEvents.receipts)
        .extracting(Receipt::status)
        .containsExactly("delivered", "read");
    assertThat(status(alice, m)).isEqualTo("read");
    assertThat(status(bob, m)).isEqualTo("read");
    bobOtherEvents.awaitReceipt(r -> r.status().equals("read"), "read receipt on bob's other tab");
    bobEvents.awaitReceipt(r -> r.status().equals("read"), "read receipt on bob's reading tab");
    join(aliceWs.close());
    join(bobWs.close());
    join(bobOther.close());
  }

  @Test
  void aReceiptOverHttpIsPushedToTheSendersSocket() {
    Account[] u = newUsers(client, 2);
    Account alice = u[0];
    Account bob = u[1];
    Recorder aliceEvents = new Recorder();
    ParleyConnection aliceWs = join(client.connect(alice.session(), aliceEvents));
    Message m = join(aliceWs.send(bob.id(), "read me", null));

    join(client.receipts(bob.session(), io.parley.client.ReceiptType.READ, List.of(m.messageId())));

    Receipt read = aliceEvents.awaitReceipt(r -> r.messageId().equals(m.messageId()), "receipt");
    assertThat(read.status()).isEqualTo("read");
    assertThat(read.userId()).isEqualTo(bob.id());
    join(aliceWs.close());
  }

  // ---- typing ----

  @Test
  void typingIsRelayedToThePeer() {
    Account[] u = newUsers(client, 2);
    Account alice = u[0];
    Account bob = u[1];
    Recorder bobEvents = new Recorder();
    ParleyConnection aliceWs = join(client.connect(alice.session(), new Recorder()));
    ParleyConnection bobWs = join(client.connect(bob.session(), bobEvents));

    join(aliceWs.typing(bob.id(), true));
    Typing started = bobEvents.awaitTyping(Typing::typing, "typing started");
    join(aliceWs.typing(bob.id(), false));
    Typing stopped = bobEvents.awaitTyping(t -> !t.typing(), "typing stopped");

    assertThat(started).isEqualTo(new Typing(conversationId(alice, bob), alice.id(), true));
    assertThat(stopped).isEqualTo(new Typing(conversationId(alice, bob), alice.id(), false));
    join(aliceWs.close());
    join(bobWs.close());
  }

  @Test
  void typingIsRelayedAsARawFrameWithStringIds() {
    Account[] u = newUsers(client, 2);
    Account alice = u[0];
    Account bob = u[1];
    try (RawSocket aliceWs = rawSocket(alice);
        RawSocket bobWs = rawSocket(bob)) {
      aliceWs.send(
          new JsonObject().put("type", "typing").put("receiver_id", bob.id()).put("typing", true));

      JsonObject typing = bobWs.await("typing");

      assertThat(typing.getValue("user_id")).isEqualTo(alice.id());
      assertThat(typing.getValue("conversation_id")).isEqualTo(conversationId(alice, bob));
      assertThat(typing.getValue("typing")).isEqualTo(true);
    }
  }

  // ---- presence ----

  @Test
  void bobSeesAliceComeOnlineAndGoOfflineWithLastSeenWhenHerLastConnectionCloses() {
    Account[] u = newUsers(client, 2);
    Account alice = u[0];
    Account bob = u[1];
    join(client.send(alice.session(), SendRequest.toUser(bob.id(), "we are contacts now")));
    Recorder bobEvents = new Recorder();
    ParleyConnection bobWs = join(client.connect(bob.session(), bobEvents));
    Presence initially = bobEvents.awaitPresence(p -> p.userId().equals(alice.id()), "snapshot");
    assertThat(initially.online()).isFalse();

    ParleyConnection alice1 = join(client.connect(alice.session(), new Recorder()));
    Presence online = bobEvents.awaitPresence(p -> p.online(), "alice online");
    assertThat(online.userId()).isEqualTo(alice.id());

    ParleyConnection alice2 = join(client.connect(alice.session(), new Recorder()));
    join(alice1.close());
    // alice is still online through her second connection: a message from it is the proof
    Message fromSecond = join(alice2.send(bob.id(), "still here", null));
    bobEvents.awaitMessage(fromSecond.messageId());
    long beforeLastClose = System.currentTimeMillis();
    join(alice2.close());

    Presence offline =
        bobEvents.awaitPresence(p -> !p.online() && p.lastSeen() > 0, "alice offline");
    assertThat(offline.userId()).isEqualTo(alice.id());
    assertThat(offline.lastSeen()).isBetween(beforeLastClose - 1000, System.currentTimeMillis());
    // The states bob was told, repeats folded: a repeated frame is harmless, an offline while
    // alice still had a connection is not.
    java.util.List<Boolean> states = new java.util.ArrayList<>();
    for (Presence p : bobEvents.presences) {
      if (states.isEmpty() || states.get(states.size() - 1) != p.online()) states.add(p.online());
    }
    assertThat(states)
        .as("one online, one offline: closing one of two connections says nothing")
        .containsExactly(false, true, false);
    join(bobWs.close());
  }

  @Test
  void aNewConnectionIsToldTheCurrentPresenceOfEachContact() {
    Account[] u = newUsers(client, 3);
    Account alice = u[0];
    Account bob = u[1];
    Account carol = u[2];
    join(client.send(alice.session(), SendRequest.toUser(bob.id(), "hi bob")));
    join(client.send(carol.session(), SendRequest.toUser(bob.id(), "hi bob, carol here")));
    ParleyConnection aliceWs = join(client.connect(alice.session(), new Recorder()));

    Recorder bobEvents = new Recorder();
    ParleyConnection bobWs = join(client.connect(bob.session(), bobEvents));

    Presence ofAlice = bobEvents.awaitPresence(p -> p.userId().equals(alice.id()), "alice");
    Presence ofCarol = bobEvents.awaitPresence(p -> p.userId().equals(carol.id()), "carol");
    assertThat(ofAlice.online()).isTrue();
    assertThat(ofCarol.online()).isFalse();
    join(aliceWs.close());
    join(bobWs.close());
  }

  @Test
  void presenceGoesOnlyToContacts() {
    Account[] u = newUsers(client, 3);
    Account alice = u[0];
    Account bob = u[1];
    Account stranger = u[2];
    join(client.send(alice.session(), SendRequest.toUser(bob.id(), "contacts")));
    Recorder bobEvents = new Recorder();
    Recorder strangerEvents = new Recorder();
    ParleyConnection bobWs = join(client.connect(bob.session(), bobEvents));
    ParleyConnection strangerWs = join(client.connect(stranger.session(), strangerEvents));

    ParleyConnection aliceWs = join(client.connect(alice.session(), new Recorder()));
    bobEvents.awaitPresence(Presence::online, "alice online");
    // the stranger's own message, sent after alice came online, marks the end of what could come
    Message marker = join(client.send(alice.session(), SendRequest.toUser(stranger.id(), "hi")));
    strangerEvents.awaitMessage(marker.messageId());

    assertThat(strangerEvents.presences).isEmpty();
    join(aliceWs.close());
    join(bobWs.close());
    join(strangerWs.close());
  }

  // ---- ping ----

  @Test
  void aPingFrameIsAnsweredWithAPong() {
    Account alice = EndToEnd.newUser(client);
    try (RawSocket ws = rawSocket(alice)) {
      ws.send("{\"type\":\"ping\"}");

      JsonObject pong = ws.await("pong");

      assertThat(pong).isEqualTo(new JsonObject().put("type", "pong"));
    }
  }

  @Test
  void theSdksPingMeasuresTheRoundTrip() {
    Account alice = EndToEnd.newUser(client);
    ParleyConnection ws = join(client.connect(alice.session(), new Recorder()));

    Duration rtt = join(ws.ping());

    assertThat(rtt).isPositive().isLessThan(EndToEnd.TIMEOUT);
    join(ws.close());
  }

  private static String status(Account owner, Message message) {
    return wholeHistory(client, owner).stream()
        .filter(m -> m.messageId().equals(message.messageId()))
        .findFirst()
        .orElseThrow()
        .status();
  }
}
