package io.parley.store.cassandra;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import io.parley.core.account.Account;
import io.parley.core.account.User;
import io.parley.core.account.UserStore.CreateResult;
import io.parley.core.account.UserStore.NewAccount;
import io.parley.core.id.UserId;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A registration whose node died between the username claim and the users row leaves a taken name
 * and an account that the first lookup by username completes.
 */
class InterruptedRegistrationTest {

  private static final long CREATED_AT = 1_750_000_000_000L;

  private static CassandraConfig config;
  private static CqlSession session;

  @BeforeAll
  static void openSession() {
    config = CassandraNode.shared().freshConfig(1);
    session = CassandraSessions.open(config);
  }

  @AfterAll
  static void closeSession() {
    if (session != null) session.close();
  }

  @Test
  void aClaimWithoutItsUserRowIsCompletedByTheFirstLookup() {
    var store = new CassandraUserStore(session, config);
    UserId id = UserId.of(4_242_424_242L);
    claimOnly(id, "Orphan", "+4930123456", "hash-of-orphan");
    assertThat(store.findById(id).toCompletableFuture().join()).isEmpty();

    Account account = store.findByUsername("orphan").toCompletableFuture().join().orElseThrow();

    User expected = new User(id, "Orphan", "+4930123456", CREATED_AT, 0);
    assertThat(account).isEqualTo(new Account(expected, "hash-of-orphan"));
    assertThat(store.findById(id).toCompletableFuture().join()).contains(expected);
    assertThat(store.findByUsername("ORPHAN").toCompletableFuture().join()).contains(account);
  }

  @Test
  void theNameOfAnInterruptedRegistrationStaysTaken() {
    var store = new CassandraUserStore(session, config);
    claimOnly(UserId.of(4_343_434_343L), "halfway", null, "hash");

    CreateResult again =
        store
            .create(new NewAccount("Halfway", null, "other-hash", CREATED_AT))
            .toCompletableFuture()
            .join();

    assertThat(again).isInstanceOf(CreateResult.UsernameTaken.class);
  }

  @Test
  void aLastSeenWrittenBeforeTheRepairIsKept() {
    var store = new CassandraUserStore(session, config);
    UserId id = UserId.of(4_444_444_444L);
    claimOnly(id, "early", null, "hash");
    store.updateLastSeen(id, CREATED_AT + 7).toCompletableFuture().join();

    Account account = store.findByUsername("early").toCompletableFuture().join().orElseThrow();

    assertThat(account.user().lastSeen()).isEqualTo(CREATED_AT + 7);
    assertThat(store.findById(id).toCompletableFuture().join()).contains(account.user());
  }

  /** Writes what a node that died right after claiming a username leaves behind. */
  private static void claimOnly(UserId id, String username, String phone, String passwordHash) {
    session.execute(
        "INSERT INTO usernames"
            + " (username_key, user_id, username, phone, password_hash, created_at)"
            + " VALUES (?, ?, ?, ?, ?, ?) IF NOT EXISTS",
        username.toLowerCase(Locale.ROOT),
        id.value(),
        username,
        phone,
        passwordHash,
        CREATED_AT);
  }
}
