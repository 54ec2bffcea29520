package io.parley.app.it;

import static io.parley.app.it.EndToEnd.assertError;
import static io.parley.app.it.EndToEnd.conversationId;
import static io.parley.app.it.EndToEnd.join;
import static io.parley.app.it.EndToEnd.newUser;
import static io.parley.app.it.EndToEnd.raw;
import static io.parley.app.it.EndToEnd.refusal;
import static org.assertj.core.api.Assertions.assertThat;

import io.parley.app.it.EndToEnd.Account;
import io.parley.client.ParleyClient;
import io.parley.client.ParleyConnection;
import io.parley.client.ParleyException;
import io.parley.client.RawResponse;
import io.parley.client.Session;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bearer tokens over HTTP and on the WebSocket upgrade: missing, malformed, forged and expired
 * tokens are 401 with {@code UNAUTHORIZED} or {@code TOKEN_EXPIRED} (docs/API.md, "Auth").
 */
class AuthenticationEndToEndTest {

  private static final String OTHER_SECRET = "another-secret-another-secret-0123456789abcdef";

  private static TestServer server;
  private static ParleyClient client;
  private static Account alice;
  private static Account bob;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    client = ParleyClient.create(server.uri().toString());
    // read-only users: no test here changes them
    alice = newUser(client);
    bob = newUser(client);
  }

  @AfterAll
  static void stop() {
    client.close();
    server.close();
  }

  private static long inOneHour() {
    return System.currentTimeMillis() / 1000 + 3600;
  }

  private static long anHourAgo() {
    return System.currentTimeMillis() / 1000 - 3600;
  }

  /** Every endpoint that needs a token, with a body that would otherwise be acceptable. */
  static Stream<Arguments> protectedEndpoints() {
    String send = "{\"receiver_id\":\"1\",\"content\":\"hi\"}";
    String receipts = "{\"type\":\"read\",\"message_ids\":[\"1\"]}";
    return Stream.of(
        Arguments.of("GET", "/users/me", null),
        Arguments.of("GET", "/users/1", null),
        Arguments.of("GET", "/users?username=someone", null),
        Arguments.of("POST", "/messages/send", send),
        Arguments.of("GET", "/messages/1", null),
        Arguments.of("GET", "/conversations", null),
        Arguments.of("GET", "/conversations/d-1-2/messages", null),
        Arguments.of("POST", "/receipts", receipts));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("protectedEndpoints")
  void withoutATokenEveryProtectedEndpointIsUnauthorized(String method, String path, String body) {
    RawResponse response = raw(client, method, path, body, null);

    assertError(response, 401, "UNAUTHORIZED");
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("protectedEndpoints")
  void withAForgedTokenEveryProtectedEndpointIsUnauthorized(
      String method, String path, String body) {
    String forged = Tokens.hs256(OTHER_SECRET, alice.id(), inOneHour());

    assertError(raw(client, method, path, body, forged), 401, "UNAUTHORIZED");
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("protectedEndpoints")
  void withAnExpiredTokenEveryProtectedEndpointIsTokenExpired(
      String method, String path, String body) {
    String expired = Tokens.hs256(TestServer.JWT_SECRET, alice.id(), anHourAgo());

    assertError(raw(client, method, path, body, expired), 401, "TOKEN_EXPIRED");
  }

  @ParameterizedTest(name = "token \"{0}\"")
  @ValueSource(
      strings = {
        "not-a-jwt",
        "a.b.c",
        "eyJhbGciOiJIUzI1NiJ9.e30.",
        "eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.",
        "....",
        "%%%"
      })
  void aMalformedTokenIsUnauthorized(String token) {
    assertError(raw(client, "GET", "/users/me", null, token), 401, "UNAUTHORIZED");
  }

  @Test
  void anUnsignedTokenWithAlgNoneIsUnauthorized() {
    java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
    String header = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes());
    String payload =
        b64.encodeToString(
            ("{\"sub\":\"" + alice.id() + "\",\"iss\":\"parley\",\"exp\":" + inOneHour() + "}")
                .getBytes());

    assertError(
        raw(client, "GET", "/users/me", null, header + "." + payload + "."), 401, "UNAUTHORIZED");
  }

  @Test
  void aTokenWithATamperedSubjectIsUnauthorized() {
    String genuine = alice.token();
    String[] parts = genuine.split("\\.");
    String bobsPayload =
        java.util.Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                ("{\"sub\":\"" + bob.id() + "\",\"iss\":\"parley\",\"exp\":" + inOneHour() + "}")
                    .getBytes());

    String tampered = parts[0] + "." + bobsPayload + "." + parts[2];

    assertError(raw(client, "GET", "/users/me", null, tampered), 401, "UNAUTHORIZED");
  }

  @Test
  void aForgedTokenThatIsAlsoExpiredIsUnauthorizedNotExpired() {
    String forgedAndExpired = Tokens.hs256(OTHER_SECRET, alice.id(), anHourAgo());

    assertError(raw(client, "GET", "/users/me", null, forgedAndExpired), 401, "UNAUTHORIZED");
  }

  @Test
  void aTokenMintedWithTheServersSecretIsAccepted() {
    String minted = Tokens.hs256(TestServer.JWT_SECRET, alice.id(), inOneHour());

    RawResponse response = raw(client, "GET", "/users/me", null, minted);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().getString("user_id")).isEqualTo(alice.id());
  }

  @Test
  void aValidlySignedTokenForAUserWhoDoesNotExistIsUnauthorized() {
    // docs/API.md: "no token, or a malformed, forged or unknown one" is 401 UNAUTHORIZED
    String ghost = Tokens.hs256(TestServer.JWT_SECRET, "4611686018427387904", inOneHour());

    assertError(raw(client, "GET", "/users/me", null, ghost), 401, "UNAUTHORIZED");
  }

  @Test
  void aValidlySignedTokenForAUserWhoDoesNotExistCannotSend() {
    String ghost = Tokens.hs256(TestServer.JWT_SECRET, "4611686018427387905", inOneHour());
    String send = new JsonObject().put("receiver_id", bob.id()).put("content", "boo").encode();

    assertError(raw(client, "POST", "/messages/send", send, ghost), 401, "UNAUTHORIZED");
  }

  @Test
  void theAuthEndpointsHealthAndMetricsNeedNoToken() {
    assertThat(raw(client, "GET", "/health", null, null).status()).isEqualTo(200);
    assertThat(raw(client, "GET", "/metrics", null, null).status()).isEqualTo(200);
    String login =
        new JsonObject()
            .put("username", alice.username())
            .put("password", alice.password())
            .encode();
    assertThat(raw(client, "POST", "/auth/login", login, null).status()).isEqualTo(200);
  }

  @Test
  void aRefusedTokenChangesNothing() {
    String forged = Tokens.hs256(OTHER_SECRET, alice.id(), inOneHour());
    String send = new JsonObject().put("receiver_id", bob.id()).put("content", "forged").encode();

    assertError(raw(client, "POST", "/messages/send", send, forged), 401, "UNAUTHORIZED");

    String conversation = conversationId(alice, bob);
    RawResponse history =
        raw(client, "GET", "/conversations/" + conversation + "/messages", null, bob.token());
    assertThat(history.status()).isEqualTo(200);
    assertThat(history.json().getJsonArray("messages")).isEqualTo(new JsonArray());
  }

  // ---- the WebSocket upgrade ----

  @Test
  void theWebSocketUpgradeWithoutATokenIsUnauthorized() {
    assertError(raw(client, "GET", "/ws", null, null), 401, "UNAUTHORIZED");
  }

  @Test
  void theWebSocketUpgradeWithAnEmptyTokenIsRefusedWithUnauthorized() {
    ParleyException refused =
        refusal(client.connect(new Session("", alice.id(), 0), new Recorder()));

    assertThat(refused.httpStatus()).isEqualTo(401);
    assertThat(refused.code()).isEqualTo("UNAUTHORIZED");
  }

  @Test
  void theWebSocketUpgradeWithAMalformedTokenIsRefusedWithUnauthorized() {
    ParleyException refused =
        refusal(client.connect(new Session("not-a-jwt", alice.id(), 0), new Recorder()));

    assertThat(refused.httpStatus()).isEqualTo(401);
    assertThat(refused.code()).isEqualTo("UNAUTHORIZED");
  }

  @Test
  void theWebSocketUpgradeWithAForgedTokenIsRefusedWithUnauthorized() {
    String forged = Tokens.hs256(OTHER_SECRET, alice.id(), inOneHour());

    ParleyException refused =
        refusal(client.connect(new Session(forged, alice.id(), 0), new Recorder()));

    assertThat(refused.httpStatus()).isEqualTo(401);
    assertThat(refused.code()).isEqualTo("UNAUTHORIZED");
  }

  @Test
  void theWebSocketUpgradeWithAnExpiredTokenIsRefusedWithTokenExpired() {
    String expired = Tokens.hs256(TestServer.JWT_SECRET, alice.id(), anHourAgo());

    ParleyException refused =
        refusal(client.connect(new Session(expired, alice.id(), 0), new Recorder()));

    assertThat(refused.httpStatus()).isEqualTo(401);
    assertThat(refused.code()).isEqualTo("TOKEN_EXPIRED");
  }

  @Test
  void theWebSocketUpgradeAnswersTheJsonErrorEnvelope() {
    String expired = Tokens.hs256(TestServer.JWT_SECRET, alice.id(), anHourAgo());

    assertError(raw(client, "GET", "/ws?token=" + expired, null, null), 401, "TOKEN_EXPIRED");
  }

  @Test
  void aGoodTokenOpensTheWebSocket() {
    ParleyConnection ws = join(client.connect(alice.session(), new Recorder()));

    assertThat(ws.ready().userId()).isEqualTo(alice.id());
    join(ws.close());
  }
}
