package io.parley.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.parley.client.HistoryQuery;
import io.parley.client.Message;
import io.parley.client.Page;
import io.parley.client.ParleyClient;
import io.parley.client.ParleyException;
import io.parley.client.RawResponse;
import io.parley.client.Registration;
import io.parley.client.Session;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/**
 * Shared helpers of the end-to-end suite: random users, waiting on the SDK's futures, raw HTTP
 * calls. Every test makes its own users, so tests never depend on each other or on their order.
 */
final class EndToEnd {

  /** The longest any single call or condition may take before a test fails. */
  static final Duration TIMEOUT = Duration.ofSeconds(10);

  static final String PASSWORD = "correct-horse-battery";

  private EndToEnd() {}

  /** A registered, logged-in user. */
  record Account(String username, String password, Session session) {
    String id() {
      return session.userId();
    }

    String token() {
      return session.token();
    }
  }

  /** A fresh username nobody else uses: "u" and 12 random hex digits. */
  static String randomName() {
    byte[] bytes = new byte[6];
    ThreadLocalRandom.current().nextBytes(bytes);
    return "u" + HexFormat.of().formatHex(bytes);
  }

  /**
   * Registers a new user with a random name and gives them a session. The token is minted with the
   * test server's secret, exactly as {@code POST /auth/login} would issue it: hashing a password
   * costs ~0.1 s, so logging every user in would double the suite's time (login itself is tested in
   * {@link AccountsEndToEndTest}).
   */
  static Account newUser(ParleyClient client) {
    return newUsers(client, 1)[0];
  }

  /** Registers {@code count} new users at once, each with a session (see {@link #newUser}). */
  static Account[] newUsers(ParleyClient client, int count) {
    List<CompletableFuture<Account>> pending = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String name = randomName();
      pending.add(
          client
              .register(name, PASSWORD)
              .thenApply(registration -> new Account(name, PASSWORD, session(registration))));
    }
    return pending.stream().map(EndToEnd::join).toArray(Account[]::new);
  }

  /** A day-long session for a registered user, signed with the test server's secret. */
  static Session session(Registration registration) {
    long expiresAt = System.currentTimeMillis() / 1000 + 24 * 3600;
    String token = Tokens.hs256(TestServer.JWT_SECRET, registration.userId(), expiresAt);
    return new Session(token, registration.userId(), expiresAt * 1000);
  }

  /**
   * Waits until a condition holds, for at most {@link #TIMEOUT}, checking it every few milliseconds
   * (Awaitility's default first check comes after 100 ms, which adds up).
   */
  static ConditionFactory waitFor(String what) {
    return Awaitility.await(what)
        .atMost(TIMEOUT)
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(5));
  }

  /** Waits for a future of the SDK; fails the test on timeout, rethrows its failure. */
  static <T> T join(CompletableFuture<T> future) {
    try {
      return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError("no answer within " + TIMEOUT, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The {@link ParleyException} a future fails with; fails the test if it succeeds. */
  static ParleyException refusal(CompletableFuture<?> future) {
    try {
      Object value = join(future);
      return fail("expected a refusal, got " + value);
    } catch (ParleyException e) {
      return e;
    }
  }

  /** Any HTTP request, answered as received. */
  static RawResponse raw(
      ParleyClient client, String method, String path, String body, String token) {
    return join(client.rawRequest(method, path, body, token));
  }

  /** {@code POST /messages/send} as raw JSON. */
  static RawResponse rawSend(ParleyClient client, Account from, String receiverId, String content) {
    String body = new JsonObject().put("receiver_id", receiverId).put("content", content).encode();
    return raw(client, "POST", "/messages/send", body, from.token());
  }

  /** Asserts an error answer: the status, the JSON envelope and its stable code. */
  static void assertError(RawResponse response, int status, String code) {
    assertThat(response.status()).as("status of %s", response.body()).isEqualTo(status);
    assertThat(response.header("Content-Type")).as("content type").startsWith("application/json");
    JsonObject error = response.json().getJsonObject("error");
    assertThat(error).as("error envelope of %s", response.body()).isNotNull();
    assertThat(error.getString("code")).as("code of %s", response.body()).isEqualTo(code);
    assertThat(error.getString("message")).as("message of %s", response.body()).isNotBlank();
  }

  /** The whole history of a user, every page followed, oldest first. */
  static List<Message> wholeHistory(ParleyClient client, Account owner) {
    List<Message> all = new ArrayList<>();
    String after = null;
    for (int pages = 0; pages < 1000; pages++) {
      Page page = join(client.history(owner.session(), owner.id(), HistoryQuery.after(after, 500)));
      all.addAll(page.messages());
      if (!page.hasMore()) {
        return all;
      }
      after = page.nextCursor();
    }
    throw new AssertionError("history does not end");
  }

  /** The direct conversation id of two users: {@code d-<lower>-<higher>}. */
  static String conversationId(Account a, Account b) {
    long x = Long.parseLong(a.id());
    long y = Long.parseLong(b.id());
    return "d-" + Math.min(x, y) + "-" + Math.max(x, y);
  }
}
