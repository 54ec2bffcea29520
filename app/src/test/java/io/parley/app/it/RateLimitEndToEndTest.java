package io.parley.app.it;

import static io.parley.app.it.EndToEnd.assertError;
import static io.parley.app.it.EndToEnd.join;
import static io.parley.app.it.EndToEnd.newUsers;
import static io.parley.app.it.EndToEnd.randomName;
import static io.parley.app.it.EndToEnd.raw;
import static io.parley.app.it.EndToEnd.rawSend;
import static io.parley.app.it.EndToEnd.wholeHistory;
import static org.assertj.core.api.Assertions.assertThat;

import io.parley.app.it.EndToEnd.Account;
import io.parley.client.ParleyClient;
import io.parley.client.RawResponse;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Rate limits answer 429 {@code RATE_LIMITED} with {@code Retry-After} (whole seconds, rounded up)
 * and {@code retry_after_ms}, and store nothing (docs/API.md, "Rate limits").
 */
class RateLimitEndToEndTest {

  /** One message per second per user, bursts of two. */
  private static TestServer server;

  private static ParleyClient client;

  @BeforeAll
  static void start() {
    server =
        TestServer.start(
            Map.of("ratelimit.send-per-user", "1", "ratelimit.send-per-user-burst", "2"));
    client = ParleyClient.create(server.uri().toString());
  }

  @AfterAll
  static void stop() {
    client.close();
    server.close();
  }

  /** Asserts a 429 in the contract's form; answers the advised wait in milliseconds. */
  private static long assertRateLimited(RawResponse response) {
    assertError(response, 429, "RATE_LIMITED");
    long retryAfterMs = response.json().getJsonObject("error").getLong("retry_after_ms");
    String header = response.header("Retry-After");
    assertThat(header).as("Retry-After header").isNotNull().matches("[0-9]+");
    assertThat(retryAfterMs).isPositive();
    assertThat(Long.parseLong(header))
        .as("Retry-After is retry_after_ms in whole seconds, rounded up")
        .isEqualTo((retryAfterMs + 999) / 1000)
        .isPositive();
    return retryAfterMs;
  }

  @Test
  void sendsBeyondTheBurstAreRateLimitedWithRetryAfter() {
    Account[] u = newUsers(client, 2);

    assertThat(rawSend(client, u[0], u[1].id(), "1").status()).isEqualTo(201);
    assertThat(rawSend(client, u[0], u[1].id(), "2").status()).isEqualTo(201);
    RawResponse third = rawSend(client, u[0], u[1].id(), "3");

    long wait = assertRateLimited(third);
    assertThat(wait).isLessThanOrEqualTo(1000);
    assertThat(wholeHistory(client, u[1])).hasSize(2);
  }

  @Test
  void theSendLimitIsPerUser() {
    Account[] u = newUsers(client, 3);
    rawSend(client, u[0], u[2].id(), "1");
    rawSend(client, u[0], u[2].id(), "2");
    assertRateLimited(rawSend(client, u[0], u[2].id(), "3"));

    RawResponse other = rawSend(client, u[1], u[2].id(), "someone else");

    assertThat(other.status()).isEqualTo(201);
  }

  @Test
  void aLimitedSenderMaySendAgainOnceTheBucketRefills() {
    Account[] u = newUsers(client, 2);
    rawSend(client, u[0], u[1].id(), "1");
    rawSend(client, u[0], u[1].id(), "2");
    long wait = assertRateLimited(rawSend(client, u[0], u[1].id(), "3"));

    EndToEnd.waitFor("a send to be accepted again")
        .pollInterval(Duration.ofMillis(Math.max(50, wait / 4)))
        .until(() -> rawSend(client, u[0], u[1].id(), "again").status() == 201);

    assertThat(wholeHistory(client, u[1])).hasSize(3);
  }

  @Test
  void sendFramesBeyondTheBurstAreRefusedOnTheSocketWhichStaysOpen() {
    Account[] u = newUsers(client, 2);
    try (RawSocket ws = RawSocket.connect(client.vertx(), server.uri(), u[0].token())) {
      for (int i = 1; i <= 3; i++) {
        ws.send(
            new JsonObject()
                .put("type", "send")
                .put("client_msg_id", "r-" + i)
                .put("receiver_id", u[1].id())
                .put("content", "burst " + i));
      }

      JsonObject error = ws.await("error");
      assertThat(error.getString("client_msg_id")).isEqualTo("r-3");
      assertThat(error.getString("request_type")).isEqualTo("send");
      assertThat(error.getJsonObject("error").getString("code")).isEqualTo("RATE_LIMITED");
      assertThat(error.getJsonObject("error").getLong("retry_after_ms")).isPositive();
      ws.awaitAck("r-1");
      ws.awaitAck("r-2");
      ws.send("{\"type\":\"ping\"}");
      ws.await("pong");
      assertThat(ws.frames("ack")).hasSize(2);
    }
    assertThat(wholeHistory(client, u[1])).hasSize(2);
  }

  @Test
  void rejectedSendsAreCountedInTheMetrics() {
    Account[] u = newUsers(client, 2);
    for (int i = 0; i < 3; i++) {
      rawSend(client, u[0], u[1].id(), "m" + i);
    }

    String metrics = join(client.metrics());

    assertThat(ObservabilityEndToEndTest.value(metrics, "parley_ratelimit_rejected_total"))
        .isGreaterThanOrEqualTo(1);
  }

  @Test
  void sendsBeyondThePerIpLimitAreRateLimitedWhateverTheUser() {
    try (TestServer perIp =
            TestServer.start(
                Map.of("ratelimit.send-per-ip", "1", "ratelimit.send-per-ip-burst", "3"));
        ParleyClient c = ParleyClient.create(perIp.uri().toString())) {
      Account[] u = newUsers(c, 3);
      assertThat(rawSend(c, u[0], u[2].id(), "1").status()).isEqualTo(201);
      assertThat(rawSend(c, u[0], u[2].id(), "2").status()).isEqualTo(201);
      assertThat(rawSend(c, u[1], u[2].id(), "3").status()).isEqualTo(201);

      assertRateLimited(rawSend(c, u[1], u[2].id(), "4, same address, fresh user"));
    }
  }

  @Test
  void loginAndRegisterBeyondThePerIpLimitAreRateLimited() {
    try (TestServer auth =
            TestServer.start(
                Map.of(
                    "ratelimit.auth-per-ip-per-minute", "3", "ratelimit.auth-per-ip-burst", "3"));
        ParleyClient c = ParleyClient.create(auth.uri().toString())) {
      String login =
          new JsonObject().put("username", randomName()).put("password", "wrong-password").encode();
      for (int i = 0; i < 3; i++) {
        assertError(raw(c, "POST", "/auth/login", login, null), 401, "INVALID_CREDENTIALS");
      }

      RawResponse limitedLogin = raw(c, "POST", "/auth/login", login, null);
      String register =
          new JsonObject().put("username", randomName()).put("password", "long-enough-1").encode();
      RawResponse limitedRegister = raw(c, "POST", "/auth/register", register, null);

      assertThat(assertRateLimited(limitedLogin)).isGreaterThan(1000);
      assertRateLimited(limitedRegister);
    }
  }
}
