package io.parley.app.cluster;

import io.parley.app.it.Tokens;
import io.parley.client.HistoryQuery;
import io.parley.client.Message;
import io.parley.client.Page;
import io.parley.client.ParleyClient;
import io.parley.client.Registration;
import io.parley.client.Session;
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
 * Shared helpers of the cluster tests: users, waiting, whole histories. Every test makes its own
 * users with random names, so tests never depend on each other.
 */
final class ClusterEndToEnd {

  /**
   * The longest a call or a condition may take. Longer than the embedded suite's: a node's users
   * outlive it in Redis for {@link LocalCluster#NODE_TTL}, and a client's reconnect backs off.
   */
  static final Duration TIMEOUT = Duration.ofSeconds(30);

  static final String PASSWORD = "correct-horse-battery";

  private ClusterEndToEnd() {}

  /** A registered user with a session. */
  record User(String name, Session session) {
    String id() {
      return session.userId();
    }
  }

  /** A fresh username nobody else uses: "u" and 12 random hex digits. */
  static String randomName() {
    byte[] bytes = new byte[6];
    ThreadLocalRandom.current().nextBytes(bytes);
    return "u" + HexFormat.of().formatHex(bytes);
  }

  /**
   * Registers {@code count} users at once through {@code client}, each with a session minted with
   * the cluster's secret exactly as {@code POST /auth/login} would (logging in costs a password
   * hash per user; login is tested elsewhere).
   */
  static User[] register(ParleyClient client, int count) {
    List<CompletableFuture<User>> pending = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String name = randomName();
      pending.add(
          client.register(name, PASSWORD).thenApply(r -> new User(name, session(r.userId()))));
    }
    return pending.stream().map(ClusterEndToEnd::join).toArray(User[]::new);
  }

  /** A day-long session of {@code userId}, signed with {@link LocalCluster#JWT_SECRET}. */
  static Session session(String userId) {
    long expiresAt = System.currentTimeMillis() / 1000 + 24 * 3600;
    String token = Tokens.hs256(LocalCluster.JWT_SECRET, userId, expiresAt);
    return new Session(token, userId, expiresAt * 1000);
  }

  /** A session for a registration. */
  static Session session(Registration registration) {
    return session(registration.userId());
  }

  /** A user's whole history ({@code GET /messages/{me}}, every page), oldest first. */
  static List<Message> wholeHistory(ParleyClient client, User owner) {
    List<Message> all = new ArrayList<>();
    String after = null;
    for (int pages = 0; pages < 1000; pages++) {
      Page page = join(client.history(owner.session(), owner.id(), HistoryQuery.after(after, 500)));
      all.addAll(page.messages());
      if (!page.hasMore()) return all;
      after = page.nextCursor();
    }
    throw new AssertionError("the history of " + owner.name() + " does not end");
  }

  /** Waits until a condition holds, checking it often, for at most {@link #TIMEOUT}. */
  static ConditionFactory waitFor(String what) {
    return Awaitility.await(what)
        .atMost(TIMEOUT)
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(10));
  }

  /** Waits for a future of the SDK; fails the test on timeout, rethrows its failure. */
  static <T> T join(CompletableFuture<T> future) {
    try {
      return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) throw runtime;
      throw new IllegalStateException(e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError("no answer within " + TIMEOUT, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
