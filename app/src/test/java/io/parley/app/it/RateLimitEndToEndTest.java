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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
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
  void sendsBeyondTheBurstAreRateLimitedWithRetryAfterAndStoreNothing() {
    Account[] u = newUsers(client, 2);

    // at once, so that the bucket cannot refill between them even on a slow machine
    List<RawResponse> answers = sendAtOnce(client, u[0], u[1], 4);

    List<Integer> statuses = answers.stream().map(RawResponse::status).toList();
    assertThat(statuses).containsOnly(201, 429).contains(429);
    assertThat(statuses.stream().filter(s -> s == 201).count()).isGreaterThanOrEqualTo(2);
    for (RawResponse limited : answers) {
      if (limited.status() == 429) {
        assertThat(assertRateLimited(limited)).isLessThanOrEqualTo(1000);
      }
    }
    assertThat(wholeHistory(client, u[1]))
        .hasSize((int) statuses.stream().filter(s -> s == 201).count());
  }

  /** {@code count} sends from one user to another, all in flight together. */
  private static List<RawResponse> sendAtOnce(ParleyClient c, Account from, Account to, int count) {
    List<CompletableFuture<RawResponse>> pending =
        IntStream.range(0, count)
            .mapToObj(
                i ->
                    c.rawRequest(
                        "POST",
                        "/messages/send",
                        new JsonObject()
                            .put("receiver_id", to.id())
                            .put("content", "m" + i)
                            .encode(),
                        from.token()))
            .toList();
    return pending.stream().map(EndToEnd::join).toList();
  }

  @Test
  void theSendLimitIsPerUser() {
    Account[] u = newUsers(client, 3);
    assertThat(sendAtOnce(client, u[0], u[2], 4)).extracting(RawResponse::status).contains(429);

    RawResponse other = rawSend(client, u[1], u[2].id(), "someone else");

    assertThat(other.status()).isEqualTo(201);
  }

  @Test
  void aLimitedSenderMaySendAgainOnceTheBucketRefills() {
    Account[] u = newUsers(client, 2);
    List<RawResponse> burst = sendAtOnce(client, u[0], u[1], 4);
    RawResponse limited = burst.stream().filter(r -> r.status() == 429).findFirst().orElseThrow();
    long wait = assertRateLimited(limited);
    long stored = burst.stream().filter(r -> r.status() == 201).count();

    EndToEnd.waitFor("a send to be accepted again")
        .pollInterval(Duration.ofMillis(Math.max(50, wait / 4)))
        .until(() -> rawSend(client, u[0], u[1].id(), "again").status() == 201);

    assertThat(wholeHistory(client, u[1])).hasSize((int) stored + 1);
  }

  @Test
  void sendFramesBeyondTheBurstAreRefusedOnTheSocketWhichStaysOpen() {
    Account[] u = newUsers(client, 2);
    try (RawSocket ws = RawSocket.connect(client.vertx(), server.uri(), u[0].token())) {
      for (int i = 1; i <= 4; i++) {
        ws.send(
            new JsonObject()
                .put("type", "send")
                .put("client_msg_id", "r-" + i)
                .put("receiver_id", u[1].id())
                .put("content", "burst " + i));
      }
      EndToEnd.waitFor("an answer to each send")
          .until(() -> ws.frames("ack").size() + ws.frames("error").size() == 4);

      JsonObject error = ws.await("error");
      assertThat(error.getString("client_msg_id")).isIn("r-3", "r-4");
      assertThat(error.getString("request_type")).isEqualTo("send");
      assertThat(error.getJsonObject("error").getString("code")).isEqualTo("RATE_LIMITED");
      assertThat(error.getJsonObject("error").getLong("retry_after_ms")).isPositive();
      ws.awaitAck("r-1");
      ws.awaitAck("r-2");
      ws.send("{\"type\":\"ping\"}");
      ws.await("pong");
      assertThat(wholeHistory(client, u[1])).hasSize(ws.frames("ack").size());
    }
  }

  @Test
  void rejectedSendsAreCountedInTheMetrics() {
    Account[] u = newUsers(client, 2);
    assertThat(sendAtOnce(client, u[0], u[1], 4)).extracting(RawResponse::status).contains(429);

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

      // two users, one address; each user is far below the (generous) per-user limit
      List<RawResponse> answers = new ArrayList<>(sendAtOnce(c, u[0], u[2], 3));
      answers.addAll(sendAtOnce(c, u[1], u[2], 3));

      List<RawResponse> limited = answers.stream().filter(r -> r.status() == 429).toList();
      assertThat(limited).isNotEmpty();
      limited.forEach(RateLimitEndToEndTest::assertRateLimited);
      assertThat(answers).extracting(RawResponse::status).containsOnly(201, 429);
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
