package io.parley.app.it;

import static io.parley.app.it.EndToEnd.assertError;
import static io.parley.app.it.EndToEnd.conversationId;
import static io.parley.app.it.EndToEnd.join;
import static io.parley.app.it.EndToEnd.newUsers;
import static io.parley.app.it.EndToEnd.raw;
import static io.parley.app.it.EndToEnd.wholeHistory;
import static org.assertj.core.api.Assertions.assertThat;

import io.parley.app.it.EndToEnd.Account;
import io.parley.client.ErrorFrame;
import io.parley.client.Message;
import io.parley.client.ParleyClient;
import io.parley.client.ParleyConnection;
import io.parley.client.RawResponse;
import io.parley.client.SendRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of bad input is answered with its stable code from the catalogue of docs/API.md, and
 * leaves the connection and the data as they were: after each bad WebSocket frame, a good send on
 * the same socket still succeeds; after each bad HTTP request, nothing was stored.
 */
class BadInputEndToEndTest {

  /** The largest content: 64 KiB of UTF-8. */
  private static final int MAX_CONTENT = 64 * 1024;

  /** 22,000 three-byte characters: 66,000 bytes, over the limit although only 22,000 chars. */
  private static final String EURO_22000 = "€".repeat(22_000);

  /** An id no user has. */
  private static final String NOBODY = "4611686018427387904";

  private static TestServer server;
  private static ParleyClient client;

  /** HTTP: Alice's bad requests to Bob must never store anything between them. */
  private static Account alice;

  private static Account bob;

  /** WebSocket: one socket of Carol's takes every bad frame, and a good send to Dave after each. */
  private static Account carol;

  private static Account dave;
  private static RawSocket carolSocket;
  private static final AtomicInteger goodSends = new AtomicInteger();

  @BeforeAll
  static void start() {
    server = TestServer.start();
    client = ParleyClient.create(server.uri().toString());
    Account[] u = newUsers(client, 4);
    alice = u[0];
    bob = u[1];
    carol = u[2];
    dave = u[3];
    carolSocket = RawSocket.connect(client.vertx(), server.uri(), carol.token());
  }

  @AfterAll
  static void stop() {
    carolSocket.close();
    client.close();
    server.close();
  }

  // ---- HTTP: POST /messages/send ----

  static Stream<Arguments> badSendBodies() {
    String to = "{\"receiver_id\":\"" + "%s" + "\",";
    return Stream.of(
        bad("malformed JSON", "{\"receiver_id\": \"1\", \"content\": ", 400, "INVALID_JSON"),
        bad("an empty body", "", 400, "INVALID_JSON"),
        bad("a JSON array", "[{\"receiver_id\":\"1\",\"content\":\"hi\"}]", 400, "INVALID_JSON"),
        bad("a JSON string", "\"hello\"", 400, "INVALID_JSON"),
        bad("JSON null", "null", 400, "INVALID_JSON"),
        bad(
            "an unknown field",
            to + "\"content\":\"hi\",\"colour\":\"red\"}",
            400,
            "UNKNOWN_FIELD"),
        bad("content as a number", to + "\"content\":42}", 400, "INVALID_FIELD"),
        bad("content as an object", to + "\"content\":{\"text\":\"hi\"}}", 400, "INVALID_FIELD"),
        bad("content as an array", to + "\"content\":[\"hi\"]}", 400, "INVALID_FIELD"),
        bad(
            "receiver_id as a number",
            "{\"receiver_id\":%s,\"content\":\"hi\"}",
            400,
            "INVALID_ID"),
        bad("no content", to.substring(0, to.length() - 1) + "}", 400, "MISSING_FIELD"),
        bad("content null", to + "\"content\":null}", 400, "MISSING_FIELD"),
        bad("no recipient", "{\"content\":\"hi\"}", 400, "INVALID_RECIPIENT"),
        bad(
            "receiver_id \"abc\"",
            "{\"receiver_id\":\"abc\",\"content\":\"hi\"}",
            400,
            "INVALID_ID"),
        bad("receiver_id \"-1\"", "{\"receiver_id\":\"-1\",\"content\":\"hi\"}", 400, "INVALID_ID"),
        bad("receiver_id \"0\"", "{\"receiver_id\":\"0\",\"content\":\"hi\"}", 400, "INVALID_ID"),
        bad(
            "receiver_id of 20 digits",
            "{\"receiver_id\":\"12345678901234567890\",\"content\":\"hi\"}",
            400,
            "INVALID_ID"),
        bad(
            "receiver_id over 2^63-1",
            "{\"receiver_id\":\"9223372036854775808\",\"content\":\"hi\"}",
            400,
            "INVALID_ID"),
        bad("receiver_id empty", "{\"receiver_id\":\"\",\"content\":\"hi\"}", 400, "INVALID_ID"),
        bad(
            "receiver_id with a sign",
            "{\"receiver_id\":\"+5\",\"content\":\"hi\"}",
            400,
            "INVALID_ID"),
        bad(
            "an unknown receiver",
            "{\"receiver_id\":\"" + NOBODY + "\",\"content\":\"hi\"}",
            404,
            "USER_NOT_FOUND"),
        bad("empty content", to + "\"content\":\"\"}", 400, "CONTENT_EMPTY"),
        bad("blank content", to + "\"content\":\"  \\n\\t \"}", 400, "CONTENT_EMPTY"),
        bad(
            "22,000 three-byte characters",
            to + "\"content\":\"" + EURO_22000 + "\"}",
            413,
            "CONTENT_TOO_LARGE"),
        bad(
            "64 KiB + 1 byte",
            to + "\"content\":\"" + "a".repeat(MAX_CONTENT + 1) + "\"}",
            413,
            "CONTENT_TOO_LARGE"),
        bad(
            "16,385 four-byte characters",
            to + "\"content\":\"" + "😀".repeat(16_385) + "\"}",
            413,
            "CONTENT_TOO_LARGE"),
        bad(
            "a client_msg_id with a space",
            to + "\"content\":\"hi\",\"client_msg_id\":\"a b\"}",
            400,
            "INVALID_FIELD"),
        bad(
            "a client_msg_id of 65 characters",
            to + "\"content\":\"hi\",\"client_msg_id\":\"" + "k".repeat(65) + "\"}",
            400,
            "INVALID_FIELD"),
        bad(
            "an empty client_msg_id",
            to + "\"content\":\"hi\",\"client_msg_id\":\"\"}",
            400,
            "INVALID_FIELD"),
        bad(
            "a body over 512 KiB",
            to + "\"content\":\"" + "a".repeat(600_000) + "\"}",
            413,
            "BODY_TOO_LARGE"));
  }

  private static Arguments bad(String what, String body, int status, String code) {
    return Arguments.of(what, body, status, code);
  }

  @ParameterizedTest(name = "{0} is {3}")
  @MethodSource("badSendBodies")
  void aBadSendIsRefusedWithItsCodeAndStoresNothing(
      String what, String bodyTemplate, int status, String code) {
    String body = bodyTemplate.replace("%s", bob.id());

    RawResponse response = raw(client, "POST", "/messages/send", body, alice.token());

    assertError(response, status, code);
    assertThat(wholeHistory(client, bob)).as("bob's history").isEmpty();
  }

  @Test
  void sendingToYourselfIsInvalidRecipient() {
    String body = new JsonObject().put("receiver_id", alice.id()).put("content", "me").encode();

    assertError(
        raw(client, "POST", "/messages/send", body, alice.token()), 400, "INVALID_RECIPIENT");
    assertThat(wholeHistory(client, alice)).isEmpty();
  }

  @Test
  void bothReceiverAndGroupIsInvalidRecipient() {
    String body =
        new JsonObject()
            .put("receiver_id", bob.id())
            .put("group_id", "12345")
            .put("content", "hi")
            .encode();

    assertError(
        raw(client, "POST", "/messages/send", body, alice.token()), 400, "INVALID_RECIPIENT");
  }

  @Test
  void contentRightAtTheLimitIsAccepted() {
    Account[] u = newUsers(client, 2);
    SendRequest ascii = SendRequest.toUser(u[1].id(), "a".repeat(MAX_CONTENT));
    SendRequest euros = SendRequest.toUser(u[1].id(), "€".repeat(MAX_CONTENT / 3)); // 65,535 bytes
    SendRequest emoji = SendRequest.toUser(u[1].id(), "😀".repeat(MAX_CONTENT / 4));

    Message a = join(client.send(u[0].session(), ascii));
    Message e = join(client.send(u[0].session(), euros));
    Message m = join(client.send(u[0].session(), emoji));

    assertThat(a.content().getBytes(StandardCharsets.UTF_8)).hasSize(MAX_CONTENT);
    assertThat(e.content()).isEqualTo(euros.content());
    assertThat(m.content()).isEqualTo(emoji.content());
    assertThat(wholeHistory(client, u[1]))
        .extracting(Message::content)
        .containsExactly(ascii.content(), euros.content(), emoji.content());
  }

  @Test
  void aGoodSendAfterBadOnesSucceedsOnTheSameHttpClient() {
    Account[] u = newUsers(client, 2);
    for (String body :
        new String[] {"{oops", "[]", "{\"receiver_id\":\"abc\",\"content\":\"x\"}"}) {
      assertThat(raw(client, "POST", "/messages/send", body, u[0].token()).status()).isEqualTo(400);
    }

    Message ok = join(client.send(u[0].session(), SendRequest.toUser(u[1].id(), "fine")));

    assertThat(ok.seq()).isEqualTo(1);
  }

  // ---- HTTP: cursors, limits, ids in paths ----

  static Stream<Arguments> badQueries() {
    return Stream.of(
        Arguments.of("/messages/%me?limit=0", "INVALID_CURSOR"),
        Arguments.of("/messages/%me?limit=501", "INVALID_CURSOR"),
        Arguments.of("/messages/%me?limit=-1", "INVALID_CURSOR"),
        Arguments.of("/messages/%me?limit=ten", "INVALID_CURSOR"),
        Arguments.of("/messages/%me?limit=", "INVALID_CURSOR"),
        Arguments.of("/messages/%me?after=not-a-cursor", "INVALID_CURSOR"),
        Arguments.of("/messages/%me?since=-5", "INVALID_CURSOR"),
        Arguments.of("/messages/%me?since=yesterday", "INVALID_CURSOR"),
        Arguments.of("/messages/%me?since=1.5", "INVALID_CURSOR"),
        Arguments.of("/conversations/%conv/messages?before=abc", "INVALID_CURSOR"),
        Arguments.of("/conversations/%conv/messages?before=0", "INVALID_CURSOR"),
        Arguments.of("/conversations/%conv/messages?before=-3", "INVALID_CURSOR"),
        Arguments.of("/conversations/%conv/messages?limit=0", "INVALID_CURSOR"),
        Arguments.of("/conversations/%conv/messages?limit=501", "INVALID_CURSOR"),
        Arguments.of("/messages/abc", "INVALID_ID"),
        Arguments.of("/messages/0", "INVALID_ID"),
        Arguments.of("/messages/-1", "INVALID_ID"),
        Arguments.of("/messages/12345678901234567890", "INVALID_ID"),
        Arguments.of("/conversations/x-1-2/messages", "INVALID_ID"),
        Arguments.of("/conversations/d-abc-2/messages", "INVALID_ID"),
        Arguments.of("/conversations/d-1/messages", "INVALID_ID"));
  }

  @ParameterizedTest(name = "GET {0} is {1}")
  @MethodSource("badQueries")
  void aBadCursorLimitOrIdIsRefusedWithItsCode(String template, String code) {
    String path = template.replace("%me", alice.id()).replace("%conv", conversationId(alice, bob));

    assertError(raw(client, "GET", path, null, alice.token()), 400, code);
  }

  @Test
  void limitsOfOneAndOfFiveHundredAreAccepted() {
    for (String limit : new String[] {"1", "500"}) {
      assertThat(
              raw(client, "GET", "/messages/" + alice.id() + "?limit=" + limit, null, alice.token())
                  .status())
          .isEqualTo(200);
      assertThat(
              raw(
                      client,
                      "GET",
                      "/conversations/" + conversationId(alice, bob) + "/messages?limit=" + limit,
                      null,
                      alice.token())
                  .status())
          .isEqualTo(200);
    }
  }

  // ---- HTTP: receipts and accounts ----

  static Stream<Arguments> badReceipts() {
    String many =
        new JsonArray(
                IntStream.range(0, 1001).mapToObj(i -> (Object) String.valueOf(i + 1)).toList())
            .encode();
    return Stream.of(
        Arguments.of("{\"type\":\"seen\",\"message_ids\":[\"1\"]}", 400, "INVALID_FIELD"),
        Arguments.of("{\"type\":\"read\",\"message_ids\":[]}", 400, "INVALID_FIELD"),
        Arguments.of("{\"type\":\"read\",\"message_ids\":" + many + "}", 400, "INVALID_FIELD"),
        Arguments.of("{\"type\":\"read\",\"message_ids\":\"1\"}", 400, "INVALID_FIELD"),
        Arguments.of("{\"type\":\"read\",\"message_ids\":[\"abc\"]}", 400, "INVALID_ID"),
        Arguments.of("{\"type\":\"read\",\"message_ids\":[1]}", 400, "INVALID_ID"),
        Arguments.of("{\"type\":\"read\"}", 400, "MISSING_FIELD"),
        Arguments.of("{\"message_ids\":[\"1\"]}", 400, "MISSING_FIELD"),
        Arguments.of(
            "{\"type\":\"read\",\"message_ids\":[\"1\"],\"all\":true}", 400, "UNKNOWN_FIELD"),
        Arguments.of("{\"type\":\"read\",\"message_ids\":[\"" + NOBODY + "\"]}", 404, "NOT_FOUND"),
        Arguments.of("not json", 400, "INVALID_JSON"));
  }

  @ParameterizedTest(name = "receipt {0} is {2}")
  @MethodSource("badReceipts")
  void aBadReceiptIsRefusedWithItsCode(String body, int status, String code) {
    assertError(raw(client, "POST", "/receipts", body, bob.token()), status, code);
  }

  static Stream<Arguments> badRegistrations() {
    return Stream.of(
        Arguments.of(
            "{\"username\":\"%n\",\"password\":\"long-enough\",\"admin\":true}", "UNKNOWN_FIELD"),
        Arguments.of("{\"username\":\"%n\"}", "MISSING_FIELD"),
        Arguments.of("{\"password\":\"long-enough\"}", "MISSING_FIELD"),
        Arguments.of("{\"username\":42,\"password\":\"long-enough\"}", "INVALID_FIELD"),
        Arguments.of("{\"username\":\"%n\",\"password\":12345678}", "INVALID_FIELD"),
        Arguments.of(
            "{\"username\":\"%n\",\"password\":\"long-enough\",\"phone\":14155550123}",
            "INVALID_FIELD"),
        Arguments.of("{\"username\":", "INVALID_JSON"),
        Arguments.of("[]", "INVALID_JSON"));
  }

  @ParameterizedTest(name = "registration {0} is {1}")
  @MethodSource("badRegistrations")
  void aBadRegistrationIsRefusedWithItsCode(String template, String code) {
    String body = template.replace("%n", EndToEnd.randomName());

    assertError(raw(client, "POST", "/auth/register", body, null), 400, code);
  }

  // ---- HTTP: paths and methods ----

  @Test
  void anUnknownPathIsNotFoundInTheJsonEnvelope() {
    assertError(raw(client, "GET", "/no/such/path", null, alice.token()), 404, "NOT_FOUND");
    assertError(raw(client, "POST", "/messages/send/now", "{}", alice.token()), 404, "NOT_FOUND");
  }

  @Test
  void aWrongMethodIsMethodNotAllowedInTheJsonEnvelope() {
    assertError(
        raw(client, "DELETE", "/messages/send", null, alice.token()), 405, "METHOD_NOT_ALLOWED");
    assertError(raw(client, "GET", "/auth/login", null, null), 405, "METHOD_NOT_ALLOWED");
    assertError(
        raw(client, "PUT", "/conversations", "{}", alice.token()), 405, "METHOD_NOT_ALLOWED");
  }

  // ---- WebSocket: one socket, every bad frame, a good send after each ----

  static Stream<Arguments> badFrames() {
    String send = "{\"type\":\"send\",\"client_msg_id\":\"%id\",\"receiver_id\":\"%to\",";
    return Stream.of(
        frame("malformed JSON", "{\"type\":\"send\",", "INVALID_JSON", null, false),
        frame("an empty frame", "", "INVALID_JSON", null, false),
        frame("a JSON array", "[{\"type\":\"ping\"}]", "INVALID_JSON", null, false),
        frame("a JSON number", "42", "INVALID_JSON", null, false),
        frame("no type", "{\"content\":\"hi\"}", "MISSING_FIELD", null, false),
        frame("a numeric type", "{\"type\":7}", "INVALID_FIELD", null, false),
        frame("an unknown type", "{\"type\":\"launch\"}", "UNKNOWN_FRAME_TYPE", "launch", false),
        frame(
            "send with an unknown field",
            send + "\"content\":\"hi\",\"colour\":\"red\"}",
            "UNKNOWN_FIELD",
            "send",
            true),
        frame("content as a number", send + "\"content\":42}", "INVALID_FIELD", "send", true),
        frame(
            "receiver_id as a number",
            "{\"type\":\"send\",\"client_msg_id\":\"%id\",\"receiver_id\":5,\"content\":\"hi\"}",
            "INVALID_ID",
            "send",
            true),
        frame(
            "no content",
            send.substring(0, send.length() - 1) + "}",
            "MISSING_FIELD",
            "send",
            true),
        frame(
            "no client_msg_id",
            "{\"type\":\"send\",\"receiver_id\":\"%to\",\"content\":\"hi\"}",
            "MISSING_FIELD",
            "send",
            false),
        frame(
            "no recipient",
            "{\"type\":\"send\",\"client_msg_id\":\"%id\",\"content\":\"hi\"}",
            "INVALID_RECIPIENT",
            "send",
            true),
        frame("receiver_id \"abc\"", sendTo("abc"), "INVALID_ID", "send", true),
        frame("receiver_id \"-1\"", sendTo("-1"), "INVALID_ID", "send", true),
        frame("receiver_id \"0\"", sendTo("0"), "INVALID_ID", "send", true),
        frame(
            "receiver_id of 20 digits", sendTo("12345678901234567890"), "INVALID_ID", "send", true),
        frame("an unknown receiver", sendTo(NOBODY), "USER_NOT_FOUND", "send", true),
        frame("sending to yourself", sendTo("%me"), "INVALID_RECIPIENT", "send", true),
        frame("empty content", send + "\"content\":\"\"}", "CONTENT_EMPTY", "send", true),
        frame("blank content", send + "\"content\":\" \\t\\n \"}", "CONTENT_EMPTY", "send", true),
        frame(
            "22,000 three-byte characters",
            send + "\"content\":\"" + EURO_22000 + "\"}",
            "CONTENT_TOO_LARGE",
            "send",
            true),
        frame(
            "an invalid client_msg_id",
            "{\"type\":\"send\",\"client_msg_id\":\"a"
                + " b\",\"receiver_id\":\"%to\",\"content\":\"x\"}",
            "INVALID_FIELD",
            "send",
            false),
        frame(
            "sync from a bad cursor",
            "{\"type\":\"sync\",\"after\":\"not-a-cursor\"}",
            "INVALID_CURSOR",
            "sync",
            false),
        frame(
            "sync with limit 0",
            "{\"type\":\"sync\",\"limit\":0}",
            "INVALID_CURSOR",
            "sync",
            false),
        frame(
            "sync with limit 501",
            "{\"type\":\"sync\",\"limit\":501}",
            "INVALID_CURSOR",
            "sync",
            false),
        frame("sync since -1", "{\"type\":\"sync\",\"since\":-1}", "INVALID_CURSOR", "sync", false),
        frame(
            "sync with an unknown field",
            "{\"type\":\"sync\",\"before\":\"1\"}",
            "UNKNOWN_FIELD",
            "sync",
            false),
        frame(
            "read without ids",
            "{\"type\":\"read\",\"message_ids\":[]}",
            "INVALID_FIELD",
            "read",
            false),
        frame(
            "delivered with a bad id",
            "{\"type\":\"delivered\",\"message_ids\":[\"abc\"]}",
            "INVALID_ID",
            "delivered",
            false),
        frame(
            "delivered for an unknown message",
            "{\"type\":\"delivered\",\"message_ids\":[\"" + NOBODY + "\"]}",
            "NOT_FOUND",
            "delivered",
            false),
        frame("read without message_ids", "{\"type\":\"read\"}", "MISSING_FIELD", "read", false),
        frame(
            "typing without typing",
            "{\"type\":\"typing\",\"receiver_id\":\"%to\"}",
            "MISSING_FIELD",
            "typing",
            false),
        frame(
            "typing as a string",
            "{\"type\":\"typing\",\"receiver_id\":\"%to\",\"typing\":\"yes\"}",
            "INVALID_FIELD",
            "typing",
            false),
        frame(
            "typing to yourself",
            "{\"type\":\"typing\",\"receiver_id\":\"%me\",\"typing\":true}",
            "INVALID_RECIPIENT",
            "typing",
            false),
        frame(
            "typing to nobody",
            "{\"type\":\"typing\",\"receiver_id\":\"" + NOBODY + "\",\"typing\":true}",
            "USER_NOT_FOUND",
            "typing",
            false),
        frame("ping with a field", "{\"type\":\"ping\",\"at\":1}", "UNKNOWN_FIELD", "ping", false));
  }

  private static String sendTo(String receiver) {
    return "{\"type\":\"send\",\"client_msg_id\":\"%id\",\"receiver_id\":\""
        + receiver
        + "\",\"content\":\"hi\"}";
  }

  private static Arguments frame(
      String what, String text, String code, String requestType, boolean echoesId) {
    return Arguments.of(what, text, code, requestType, echoesId);
  }

  @ParameterizedTest(name = "{0} is {2}")
  @MethodSource("badFrames")
  void aBadFrameIsAnsweredWithAnErrorFrameAndTheSameSocketStillSends(
      String what, String template, String code, String requestType, boolean echoesId) {
    String clientMsgId = "bad-" + goodSends.incrementAndGet();
    String text =
        template.replace("%id", clientMsgId).replace("%to", dave.id()).replace("%me", carol.id());
    int errorsBefore = carolSocket.frames("error").size();

    carolSocket.send(text);

    EndToEnd.waitFor(what + " refused")
        .until(() -> carolSocket.frames("error").size() > errorsBefore);
    JsonObject error = carolSocket.frames("error").get(errorsBefore);
    assertThat(error.getJsonObject("error").getString("code")).as("code").isEqualTo(code);
    assertThat(error.getJsonObject("error").getString("message")).isNotBlank();
    if (requestType != null) {
      assertThat(error.getString("request_type")).as("request_type").isEqualTo(requestType);
    }
    if (echoesId) {
      assertThat(error.getString("client_msg_id")).as("client_msg_id").isEqualTo(clientMsgId);
    }
    assertGoodSendStillWorks();
  }

  @Test
  void aBinaryFrameIsAnsweredWithInvalidJsonAndTheSocketStillSends() {
    int errorsBefore = carolSocket.frames("error").size();

    carolSocket.sendBinary("{\"type\":\"ping\"}".getBytes(StandardCharsets.UTF_8));

    EndToEnd.waitFor("binary refused")
        .until(() -> carolSocket.frames("error").size() > errorsBefore);
    assertThat(
            carolSocket.frames("error").get(errorsBefore).getJsonObject("error").getString("code"))
        .isEqualTo("INVALID_JSON");
    assertGoodSendStillWorks();
  }

  private static void assertGoodSendStillWorks() {
    String id = "good-" + goodSends.incrementAndGet();
    carolSocket.send(
        new JsonObject()
            .put("type", "send")
            .put("client_msg_id", id)
            .put("receiver_id", dave.id())
            .put("content", "still fine " + id));
    JsonObject ack = carolSocket.awaitAck(id);
    assertThat(ack.getJsonObject("message").getString("content")).isEqualTo("still fine " + id);
  }

  @Test
  void badFramesStoreNothing() {
    // every message between Carol and Dave is one of the good sends made after a bad frame
    assertThat(wholeHistory(client, dave))
        .extracting(Message::content)
        .allMatch(content -> content.startsWith("still fine good-"));
  }

  @Test
  void aFrameOverTheSizeLimitClosesTheSocketWith1009AndHarmsNothingElse() {
    Account[] u = newUsers(client, 2);
    Account sender = u[0];
    Account receiver = u[1];
    Recorder otherTab = new Recorder();
    ParleyConnection sendersOtherTab = join(client.connect(sender.session(), otherTab));
    try (RawSocket ws = RawSocket.connect(client.vertx(), server.uri(), sender.token())) {
      String huge =
          new JsonObject()
              .put("type", "send")
              .put("client_msg_id", "huge")
              .put("receiver_id", receiver.id())
              .put("content", "a".repeat(600 * 1024))
              .encode();

      ws.sendAndForget(huge);

      assertThat(ws.awaitClose()).isEqualTo(1009);
    }
    Message after = join(sendersOtherTab.send(receiver.id(), "the other tab is fine", null));
    assertThat(after.seq()).isEqualTo(1);
    assertThat(wholeHistory(client, receiver))
        .extracting(Message::messageId)
        .containsExactly(after.messageId());
    try (RawSocket again = RawSocket.connect(client.vertx(), server.uri(), sender.token())) {
      assertThat(again.frames("ready")).hasSize(1);
    }
    join(sendersOtherTab.close());
  }

  @Test
  void aMessageFragmentedIntoSmallFramesButOverTheSizeLimitClosesTheSocketWith1009() {
    Account[] u = newUsers(client, 2);
    try (RawSocket ws =
        RawSocket.connect(client.vertx(), server.uri(), u[0].token(), 0, 64 * 1024)) {
      String huge =
          new JsonObject()
              .put("type", "send")
              .put("client_msg_id", "fragments")
              .put("receiver_id", u[1].id())
              .put("content", "a".repeat(600 * 1024))
              .encode();

      ws.sendAndForget(huge);

      assertThat(ws.awaitClose()).isEqualTo(1009);
    }
    assertThat(wholeHistory(client, u[1])).isEmpty();
  }

  @Test
  void theSdksRawFramesReportRefusalsToTheListener() {
    Account[] u = newUsers(client, 2);
    Recorder events = new Recorder();
    ParleyConnection ws = join(client.connect(u[0].session(), events));

    join(ws.sendRaw("{\"type\":\"launch\"}"));
    ErrorFrame error = events.awaitError(0);
    Message ok = join(ws.send(u[1].id(), "fine", null));

    assertThat(error.code()).isEqualTo("UNKNOWN_FRAME_TYPE");
    assertThat(error.requestType()).isEqualTo("launch");
    assertThat(ok.status()).isEqualTo("sent");
    join(ws.close());
  }
}
