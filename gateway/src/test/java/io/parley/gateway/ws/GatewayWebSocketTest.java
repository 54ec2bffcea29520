package io.parley.gateway.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.gateway.support.Api.Session;
import io.parley.gateway.support.TestServer;
import io.parley.gateway.support.WsProbe;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GatewayWebSocketTest {

  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void registerLoginSendOverHttpAndReceiveOverWebSocket() {
    Session alice = server.newUser("alice");
    Session bob = server.newUser("bob");
    WsProbe bobWs = server.connect(bob);

    var sent = server.api.send(alice, bob.userId(), "hi over http", "h-1");
    assertThat(sent.status()).isEqualTo(201);

    JsonObject frame = bobWs.await("message");
    assertThat(frame.getJsonObject("message")).isEqualTo(sent.json());
    assertThat(frame.getString("cursor")).isNotBlank();
    bobWs.close();
  }

  @Test
  void readyComesFirstWithUserAndHeartbeat() {
    Session alice = server.newUser("alice");
    WsProbe ws = WsProbe.connect(server.wsClient, server.port(), alice.token());
    JsonObject ready = ws.await("ready");
    assertThat(ws.frames().get(0)).isEqualTo(ready);
    assertThat(ready.getString("user_id")).isEqualTo(alice.userId());
    assertThat(ready.getLong("heartbeat_ms")).isEqualTo(30_000);
    assertThat(ready.getLong("server_time")).isPositive();
    ws.close();
  }

  @Test
  void sendFrameIsAckedAndEchoedToEveryConnectionOfBothUsers() {
    Session alice = server.newUser("alice");
    Session bob = server.newUser("bob");
    WsProbe alice1 = server.connect(alice);
    WsProbe alice2 = server.connect(alice);
    WsProbe bobWs = server.connect(bob);

    alice1.send(
        new JsonObject()
            .put("type", "send")
            .put("client_msg_id", "w-1")
            .put("receiver_id", bob.userId())
            .put("content", "hi over ws"));
    JsonObject ack = alice1.await("ack");
    assertThat(ack.getString("client_msg_id")).isEqualTo("w-1");
    JsonObject message = ack.getJsonObject("message");
    assertThat(message.getString("content")).isEqualTo("hi over ws");
    assertThat(bobWs.await("message").getJsonObject("message")).isEqualTo(message);
    assertThat(alice2.await("message").getJsonObject("message")).isEqualTo(message);
    assertThat(alice1.await("message").getJsonObject("message")).isEqualTo(message);

    bobWs.send(
        new JsonObject()
            .put("type", "read")
            .put("message_ids", new JsonArray().add(message.getString("message_id"))));
    JsonObject receipt = alice1.await("receipt");
    assertThat(receipt.getString("message_id")).isEqualTo(message.getString("message_id"));
    assertThat(receipt.getString("user_id")).isEqualTo(bob.userId());
    assertThat(receipt.getString("status")).isEqualTo("read");
    assertThat(receipt.getString("conversation_id"))
        .isEqualTo(message.getString("conversation_id"));
    alice1.close();
    alice2.close();
    bobWs.close();
  }

  @Test
  void syncPagesTheHistoryFromACursor() {
    Session alice = server.newUser("alice");
    Session bob = server.newUser("bob");
    for (int i = 0; i < 3; i++) server.api.send(alice, bob.userId(), "m" + i, null);
    WsProbe bobWs = server.connect(bob);
    bobWs.send(new JsonObject().put("type", "sync").put("limit", 2));
    JsonObject first = bobWs.await("sync");
    assertThat(first.getJsonArray("messages")).hasSize(2);
    assertThat(first.getBoolean("has_more")).isTrue();
    bobWs.send(new JsonObject().put("type", "sync").put("after", first.getString("next_cursor")));
    JsonObject second = bobWs.await("sync");
    assertThat(second.getJsonArray("messages")).hasSize(1);
    assertThat(second.getJsonArray("messages").getJsonObject(0).getString("content"))
        .isEqualTo("m2");
    assertThat(second.getBoolean("has_more")).isFalse();
    bobWs.send(new JsonObject().put("type", "sync").put("after", "not-a-cursor"));
    assertThat(bobWs.await("error").getJsonObject("error").getString("code"))
        .isEqualTo("INVALID_CURSOR");
    bobWs.close();
  }

  @Test
  void presenceAndTypingReachContacts() {
    Session alice = server.newUser("alice");
    Session bob = server.newUser("bob");
    server.api.send(alice, bob.userId(), "now we are contacts", null);
    WsProbe aliceWs = server.connect(alice);
    JsonObject offline = aliceWs.await("presence");
    assertThat(offline.getString("user_id")).isEqualTo(bob.userId());
    assertThat(offline.getString("status")).isEqualTo("offline");

    WsProbe bobWs = server.connect(bob);
    assertThat(aliceWs.await("presence").getString("status")).isEqualTo("online");
    assertThat(bobWs.await("presence").getString("status")).isEqualTo("online");

    bobWs.send(
        new JsonObject()
            .put("type", "typing")
            .put("receiver_id", alice.userId())
            .put("typing", true));
    JsonObject typing = aliceWs.await("typing");
    assertThat(typing.getString("user_id")).isEqualTo(bob.userId());
    assertThat(typing.getBoolean("typing")).isTrue();

    bobWs.close();
    JsonObject gone = aliceWs.await("presence", f -> f.getString("status").equals("offline"));
    assertThat(gone.getLong("last_seen")).isPositive();
    aliceWs.close();
  }

  @Test
  void badFramesAreAnsweredWithErrorsAndTheConnectionStaysOpen() {
    Session alice = server.newUser("alice");
    Session bob = server.newUser("bob");
    WsProbe ws = server.connect(alice);

    ws.sendText("not json");
    assertThat(code(ws.await("error"))).isEqualTo("INVALID_JSON");
    ws.sendText("[1,2,3]");
    assertThat(code(ws.await("error"))).isEqualTo("INVALID_JSON");
    ws.sendBinary(new byte[] {1, 2, 3});
    assertThat(code(ws.await("error"))).isEqualTo("INVALID_JSON");
    ws.sendText("{\"no_type\":1}");
    assertThat(code(ws.await("error"))).isEqualTo("MISSING_FIELD");
    ws.sendText("{\"type\":\"dance\"}");
    JsonObject unknownType = ws.await("error");
    assertThat(code(unknownType)).isEqualTo("UNKNOWN_FRAME_TYPE");
    assertThat(unknownType.getString("request_type")).isEqualTo("dance");
    ws.sendText("{\"type\":\"ping\",\"extra\":true}");
    assertThat(code(ws.await("error"))).isEqualTo("UNKNOWN_FIELD");

    ws.send(send("e-1", "abc", "x"));
    JsonObject badId = ws.await("error");
    assertThat(code(badId)).isEqualTo("INVALID_ID");
    assertThat(badId.getString("client_msg_id")).isEqualTo("e-1");
    assertThat(badId.getString("request_type")).isEqualTo("send");

    ws.send(send("e-2", bob.userId(), "x".repeat(64 * 1024 + 1)));
    JsonObject tooLarge = ws.await("error");
    assertThat(code(tooLarge)).isEqualTo("CONTENT_TOO_LARGE");
    assertThat(tooLarge.getString("client_msg_id")).isEqualTo("e-2");

    ws.send(
        new JsonObject().put("type", "send").put("receiver_id", bob.userId()).put("content", "x"));
    assertThat(code(ws.await("error"))).isEqualTo("MISSING_FIELD");
    ws.send(send("e-3", bob.userId(), "x").put("content", 5));
    assertThat(code(ws.await("error"))).isEqualTo("INVALID_FIELD");
    ws.send(new JsonObject().put("type", "read").put("message_ids", new JsonArray().add("123")));
    assertThat(code(ws.await("error"))).isEqualTo("NOT_FOUND");
    ws.send(new JsonObject().put("type", "delivered").put("message_ids", new JsonArray()));
    assertThat(code(ws.await("error"))).isEqualTo("INVALID_FIELD");

    ws.send(new JsonObject().put("type", "ping"));
    ws.await("pong");
    ws.send(send("e-4", bob.userId(), "still works"));
    assertThat(ws.await("ack").getString("client_msg_id")).isEqualTo("e-4");
    assertThat(ws.isClosed()).isFalse();
    ws.close();
  }

  @Test
  void upgradeWithoutAValidTokenIsRefusedWith401Json() {
    assertThatThrownBy(() -> WsProbe.connect(server.wsClient, server.port(), "forged.token.here"))
        .hasCauseInstanceOf(UpgradeRejectedException.class)
        .satisfies(
            e -> {
              var rejected = (UpgradeRejectedException) e.getCause();
              assertThat(rejected.getStatus()).isEqualTo(401);
              assertThat(
                      new JsonObject(rejected.getBody()).getJsonObject("error").getString("code"))
                  .isEqualTo("UNAUTHORIZED");
            });
    var noToken =
        server.wsClient.connect(
            new WebSocketConnectOptions()
                .setHost("127.0.0.1")
                .setPort(server.port())
                .setURI("/ws"));
    assertThatThrownBy(() -> TestServer.await(noToken))
        .cause()
        .isInstanceOfSatisfying(
            UpgradeRejectedException.class, r -> assertThat(r.getStatus()).isEqualTo(401));
  }

  private static JsonObject send(String clientMsgId, String receiver, String content) {
    return new JsonObject()
        .put("type", "send")
        .put("client_msg_id", clientMsgId)
        .put("receiver_id", receiver)
        .put("content", content);
  }

  private static String code(JsonObject error) {
    return error.getJsonObject("error").getString("code");
  }
}
