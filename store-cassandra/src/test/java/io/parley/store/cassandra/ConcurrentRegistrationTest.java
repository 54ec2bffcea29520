package io.parley.store.cassandra;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import io.parley.core.account.User;
import io.parley.core.account.UserStore;
import io.parley.core.account.UserStore.CreateResult;
import io.parley.core.account.UserStore.NewAccount;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two Parley nodes, each with its own session and node id, race to register the same names. */
class ConcurrentRegistrationTest {

  private static final int ROUNDS = 40;
  private static final int ATTEMPTS_PER_NODE = 2;
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private static CqlSession sessionA;
  private static CqlSession sessionB;
  private static UserStore nodeA;
  private static UserStore nodeB;

  @BeforeAll
  static void startTwoNodes() {
    CassandraNode cassandra = CassandraNode.shared();
    CassandraConfig configA = cassandra.freshConfig(1);
    CassandraConfig configB = cassandra.configFor(configA.keyspace(), 2);
    sessionA = CassandraSessions.open(configA);
    sessionB = CassandraSessions.open(configB);
    nodeA = new CassandraUserStore(sessionA, configA);
    nodeB = new CassandraUserStore(sessionB, configB);
  }

  @AfterAll
  static void stopTwoNodes() {
    if (sessionA != null) sessionA.close();
    if (sessionB != null) sessionB.close();
  }

  @Test
  void exactlyOneNodeWinsEachRaceForAUsername() throws Exception {
    for (int round = 0; round < ROUNDS; round++) {
      String name = "race" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 50), 36);
      List<CompletableFuture<CreateResult>> attempts = new ArrayList<>();
      for (int i = 0; i < ATTEMPTS_PER_NODE; i++) {
        // the same name, differently cased, from both nodes at once
        attempts.add(nodeA.create(account(name)).toCompletableFuture());
        attempts.add(nodeB.create(account(name.toUpperCase(Locale.ROOT))).toCompletableFuture());
      }
      CompletableFuture.allOf(attempts.toArray(CompletableFuture[]::new))
          .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

      List<User> winners = new ArrayList<>();
      for (CompletableFuture<CreateResult> attempt : attempts) {
        if (attempt.join() instanceof CreateResult.Created created) winners.add(created.user());
      }
      assertThat(winners).as("winners of %s", name).hasSize(1);
      User winner = winners.get(0);
      assertThat(nodeA.findByUsername(name).toCompletableFuture().join().orElseThrow().user())
          .isEqualTo(winner);
      assertThat(nodeB.findByUsername(name).toCompletableFuture().join().orElseThrow().user())
          .isEqualTo(winner);
      assertThat(nodeB.findById(winner.id()).toCompletableFuture().join()).contains(winner);
    }
  }

  private static NewAccount account(String username) {
    return new NewAccount(username, null, "hash-of-" + username, System.currentTimeMillis());
  }
}
