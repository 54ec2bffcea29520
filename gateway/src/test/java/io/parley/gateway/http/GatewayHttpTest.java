package io.parley.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.core.id.UserId;
import io.parley.gateway.RateLimitConfig;
import io.parley.gateway.auth.JwtTokens;
import io.parley.gateway.support.Api;
import io.parley.gateway.support.Api.Reply;
import io.parley.gateway.support.Api.Session;
import io.parley.gateway.support.TestServer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GatewayHttpTest {

  private static TestServer server;
  private static Api api;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    api = server.api;
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void registerAnswersIdAndUsernameAndRefusesATakenName() {
    String name = TestServer.username("Reg");
    Reply reply = api.register(name, "password-1");
    assertThat(reply.status()).isEqualTo(201);
    assertThat(reply.json().getString("user_id")).matches("[1-9][0-9]*");
    assertThat(reply.json().getString("username")).isEqualTo(name);
    assertThat(reply.json().fieldNames()).containsExactlyInAnyOrder("user_id", "username");

    Reply again = api.register(name.toLowerCase(), "password-2");
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.code()).isEqualTo("USERNAME_TAKEN");
  }

  @Test
  void registerValidatesFields() {
    assertThat(api.register("x", "password-1").code()).isEqualTo("INVALID_USERNAME");
    assertThat(api.register(TestServer.username("p"), "short").code())
        .isEqualTo("INVALID_PASSWORD");
    Reply phone =
        api.post(
            "/auth/register",
            null,
            new JsonObject()
                .put("username", TestServer.username("ph"))
                .put("password", "password-1")
                .put("phone", "555"));
    assertThat(phone.code()).isEqualTo("INVALID_PHONE");
  }

  @Test
  void loginAnswersTokenAndWrongPasswordIsInvalidCredentials() {
    String name = TestServer.username("login");
    api.register(name, "password-1");
    Reply ok = api.login(name, "password-1");
    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.json().getString("token")).contains(".");
    assertThat(ok.json().getLong("expires_at")).isGreaterThan(System.currentTimeMillis());

    Reply wrong = api.login(name, "password-2");
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(wrong.code()).isEqualTo("INVALID_CREDENTIALS");
    Reply unknown = api.login(TestServer.username("nobody"), "password-2");
    assertThat(unknown.status()).isEqualTo(401);
    assertThat(unknown.code()).isEqualTo("INVALID_CREDENTIALS");
  }

  @Test
  void usersCanBeLookedUpByIdByUsernameAndAsMe() {
    Session alice = server.newUser("alice");
    Session bob = server.newUser("bob");
    Reply me = api.get("/users/me", alice.token());
    assertThat(me.status()).isEqualTo(200);
    assertThat(me.json())
        .isEqualTo(
            new JsonObject()
                .put("user_id", alice.userId())
                .put("username", alice.username())
                .put("online", false)
                .put("last_seen", 0));
    assertThat(api.get("/users/" + bob.userId(), alice.token()).json().getString("username"))
        .isEqualTo(bob.username());
    assertThat(
            api.get("/users?username=" + bob.username().toUpperCase(), alice.token())
                .json()
                .getString("user_id"))
        .isEqualTo(bob.userId());
    assertThat(api.get("/users?username=nobody_here", alice.token()).code())
        .isEqualTo("USER_NOT_FOUND");
    assertThat(api.get("/users/999999", alice.token()).code()).isEqualTo("USER_NOT_FOUND");
    assertThat(api.get("/users/abc", alice.token()).code()).isEqualTo("INVALID_ID");
    assertThat(api.get("/users", alice.token()).code()).isEqualTo("MISSING_FIELD");
    assertThat(api.get("/users/me?x=1", alice.token()).code()).isEqualTo("UNKNOWN_FIELD");
  }

  @Test
  void sendIsDurableIdempotentAndReadableInHistory() {
    Session alice = server.newUser("alice");
    Session bob = server.newUser("bob");
    Reply sent = api.send(alice, bob.userId(), "hello bob", "c-1");
    assertThat(sent.status()).as(sent.text()).isEqualTo(201);
    JsonObject message = sent.json();
    assertThat(message.getString("sender_id")).isEqualTo(alice.userId());
    assertThat(message.getString("receiver_id")).isEqualTo(bob.userId());
    assertThat(message.getString("content")).isEqualTo("hello bob");
    assertThat(message.getString("status")).isEqualTo("sent");
    assertThat(message.getString("client_msg_id")).isEqualTo("c-1");
    assertThat(message.getLong("seq")).isEqualTo(1);
    assertThat(message.getValue("message_id")).isInstanceOf(String.class);
    String conversation = message.getString("conversation_id");
    assertThat(conversation).startsWith("d-");

    Reply again = api.send(alice, bob.userId(), "hello bob", "c-1");
    assertThat(again.status()).isEqualTo(201);
    assertThat(again.json().getString("message_id")).isEqualTo(message.getString("message_id"));

    Reply inbox = api.get("/messages/" + bob.userId() + "?limit=10", bob.token());
    assertThat(inbox.status()).isEqualTo(200);
    JsonArray messages = inbox.json().getJsonArray("messages");
    assertThat(messages).hasSize(1);
    assertThat(inbox.json().getBoolean("has_more")).isFalse();
    String cursor = inbox.json().getString("next_cursor");
    Reply rest = api.get("/messages/" + bob.userId() + "?after=" + cursor, bob.token());
    assertThat(rest.json().getJsonArray("messages")).isEmpty();
    assertThat(api.get("/messages/" + bob.userId(), alice.token()).code()).isEqualTo("FORBIDDEN");
    assertThat(api.get("/messages/" + bob.userId() + "?limit=0", bob.token()).code())
        .isEqualTo("INVALID_CURSOR");
    assertThat(api.get("/messages/" + bob.userId() + "?since=-5", bob.token()).code())
        .isEqualTo("INVALID_CURSOR");

    Reply history = api.get("/conversations/" + conversation + "/messages?limit=5", alice.token());
    assertThat(history.status()).isEqualTo(200);
    assertThat(history.json().getJsonArray("messages")).hasSize(1);
    assertThat(history.json().getValue("next_before")).isNull();
    assertThat(api.get("/conversations/nonsense/messages", alice.token()).code())
        .isEqualTo("INVALID_ID");

    Reply list = api.get("/conversations", bob.token());
    JsonObject entry = list.json().getJsonArray("conversations").getJsonObject(0);
    assertThat(entry.getString("conversation_id")).isEqualTo(conversation);
    assertThat(entry.getString("type")).isEqualTo("direct");
    assertThat(entry.getString("peer_id")).isEqualTo(alice.userId());
    assertThat(entry.getLong("unread_count")).isEqualTo(1);

    Reply read =
        api.post(
            "/receipts",
            bob.token(),
            new JsonObject()
                .put("type", "read")
                .put("message_ids", new JsonArray().add(message.getString("message_id"))));
    assertThat(read.status()).as(read.text()).isEqualTo(200);
    assertThat(read.json().getInteger("acknowledged")).isEqualTo(1);
    assertThat(
            api.get("/conversations", bob.token())
                .json()
                .getJsonArray("conversations")
                .getJsonObject(0)
                .getLong("unread_count"))
        .isZero();
    assertThat(
            api.get("/conversations/" + conversation + "/messages", alice.token())
                .json()
                .getJsonArray("messages")
                .getJsonObject(0)
                .getString("status"))
        .isEqualTo("read");
  }

  @Test
  void sendRefusesBadInput() {
    Session alice = server.newUser("alice");
    assertThat(api.send(alice, alice.userId(), "me", null).code()).isEqualTo("INVALID_RECIPIENT");
    assertThat(api.send(alice, "424242", "hi", null).code()).isEqualTo("USER_NOT_FOUND");
    assertThat(api.send(alice, "12x", "hi", null).code()).isEqualTo("INVALID_ID");
    Session bob = server.newUser("bob");
    assertThat(api.send(alice, bob.userId(), "  ", null).code()).isEqualTo("CONTENT_EMPTY");
    Reply big = api.send(alice, bob.userId(), "x".repeat(64 * 1024 + 1), null);
    assertThat(big.status()).isEqualTo(413);
    assertThat(big.code()).isEqualTo("CONTENT_TOO_LARGE");
    assertThat(api.send(alice, bob.userId(), "hi", "bad id with spaces").code())
        .isEqualTo("INVALID_FIELD");
    Reply group =
        api.post(
            "/messages/send",
            alice.token(),
            new JsonObject().put("group_id", "5").put("content", "x"));
    assertThat(group.code()).isEqualTo("NOT_FOUND");
  }

  @Test
  void everyErrorUsesTheEnvelope() {
    Session alice = server.newUser("alice");
    Reply notFound = api.get("/nope", alice.token());
    assertThat(notFound.status()).isEqualTo(404);
    assertThat(notFound.code()).isEqualTo("NOT_FOUND");
    assertThat(notFound.headers().get("Content-Type")).startsWith("application/json");

    Reply wrongMethod = api.call(HttpMethod.DELETE, "/messages/send", alice.token(), null);
    assertThat(wrongMethod.status()).isEqualTo(405);
    assertThat(wrongMethod.code()).isEqualTo("METHOD_NOT_ALLOWED");

    Reply tooBig =
        api.post(
            "/messages/send", alice.token(), "{\"content\":\"" + "x".repeat(600 * 1024) + "\"}");
    assertThat(tooBig.status()).isEqualTo(413);
    assertThat(tooBig.code()).isEqualTo("BODY_TOO_LARGE");

    Reply notJson = api.post("/auth/login", null, "username=a");
    assertThat(notJson.status()).isEqualTo(400);
    assertThat(notJson.code()).isEqualTo("INVALID_JSON");
    assertThat(api.post("/auth/login", null, "[]").code()).isEqualTo("INVALID_JSON");
    assertThat(api.post("/auth/login", null, "").code()).isEqualTo("INVALID_JSON");

    Reply unknown =
        api.post(
            "/auth/login", null, "{\"username\":\"abc\",\"password\":\"x\",\"remember\":true}");
    assertThat(unknown.code()).isEqualTo("UNKNOWN_FIELD");
    assertThat(api.post("/auth/login", null, "{\"username\":\"abc\"}").code())
        .isEqualTo("MISSING_FIELD");
    assertThat(api.post("/auth/login", null, "{\"username\":5,\"password\":\"x\"}").code())
        .isEqualTo("INVALID_FIELD");
  }

  @Test
  void protectedRoutesNeedAValidToken() {
    Reply none = api.get("/users/me", null);
    assertThat(none.status()).isEqualTo(401);
    assertThat(none.code()).isEqualTo("UNAUTHORIZED");
    assertThat(none.headers().get("WWW-Authenticate")).isEqualTo("Bearer");
    assertThat(api.get("/users/me", "garbage").code()).isEqualTo("UNAUTHORIZED");
    assertThat(api.get("/conversations", "a.b.c").code()).isEqualTo("UNAUTHORIZED");
  }

  @Test
  void expiredTokenIsTokenExpired() {
    Session alice = server.newUser("alice");
    Clock dayAgo = Clock.fixed(Instant.now().minus(Duration.ofHours(25)), ZoneOffset.UTC);
    String old =
        new JwtTokens(server.vertx, TestServer.SECRET, Duration.ofHours(24), dayAgo)
            .issue(UserId.parse(alice.userId()).orElseThrow())
            .token();
    Reply expired = api.get("/users/me", old);
    assertThat(expired.status()).isEqualTo(401);
    assertThat(expired.code()).isEqualTo("TOKEN_EXPIRED");
  }

  @Test
  void healthMetricsAndHomePage() {
    Reply health = api.get("/health", null);
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.json()).isEqualTo(new JsonObject().put("status", "ok"));
    Session alice = server.newUser("alice");
    Session bob = server.newUser("bob");
    api.send(alice, bob.userId(), "counted", null);
    Reply metrics = api.get("/metrics", null);
    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.text())
        .contains("parley_messages_sent_total")
        .contains("parley_ws_connections")
        .contains("parley_delivery_latency_seconds")
        .contains("vertx_http_server_requests_total");
    Reply home = api.get("/", null);
    assertThat(home.status()).isEqualTo(200);
    assertThat(home.headers().get("Content-Type")).startsWith("text/html");
  }

  @Test
  void authEndpointsAreRateLimitedPerIp() {
    var config =
        TestServer.config().withRateLimits(new RateLimitConfig(true, 100, 100, 100, 100, 1, 2));
    try (TestServer limited = TestServer.start(config)) {
      limited.api.login("someone", "password-1");
      limited.api.login("someone", "password-1");
      Reply refused = limited.api.login("someone", "password-1");
      assertThat(refused.status()).isEqualTo(429);
      assertThat(refused.code()).isEqualTo("RATE_LIMITED");
      assertThat(Long.parseLong(refused.headers().get("Retry-After"))).isBetween(1L, 60L);
      assertThat(refused.json().getJsonObject("error").getLong("retry_after_ms")).isPositive();
    }
  }

  @Test
  void sendsAreRateLimitedPerUser() {
    var config =
        TestServer.config().withRateLimits(new RateLimitConfig(true, 1, 2, 1000, 1000, 100, 100));
    try (TestServer limited = TestServer.start(config)) {
      Session alice = limited.newUser("alice");
      Session bob = limited.newUser("bob");
      assertThat(limited.api.send(alice, bob.userId(), "1", null).status()).isEqualTo(201);
      assertThat(limited.api.send(alice, bob.userId(), "2", null).status()).isEqualTo(201);
      Reply refused = limited.api.send(alice, bob.userId(), "3", null);
      assertThat(refused.status()).isEqualTo(429);
      assertThat(refused.headers().get("Retry-After")).isEqualTo("1");
    }
  }
}
