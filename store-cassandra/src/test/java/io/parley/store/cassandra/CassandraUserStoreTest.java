package io.parley.store.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import io.parley.testkit.store.InMemoryStore;
import io.parley.testkit.store.Stores;
import io.parley.testkit.store.UserStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The Cassandra user store keeps the user store contract against a real Cassandra node. Its tests
 * share one session on a keyspace of their own; a restart opens a new session.
 */
class CassandraUserStoreTest extends UserStoreContract {

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

  @Override
  protected Stores createStores() {
    return stores(session, () -> {});
  }

  @Override
  protected boolean canReopen() {
    return true;
  }

  @Override
  protected Stores reopen(Stores current) throws Exception {
    current.close();
    CqlSession reopened = CassandraSessions.open(config);
    return stores(reopened, reopened);
  }

  /** The contract suite uses only the user port; the other ports are fakes until they move here. */
  private static Stores stores(CqlSession session, AutoCloseable resource) {
    InMemoryStore otherPorts = new InMemoryStore();
    return new Stores(new CassandraUserStore(session, config), otherPorts, otherPorts, resource);
  }
}
