package io.parley.store.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import io.parley.testkit.store.Stores;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What a contract test class runs on, registered as its static extension: one session on a keyspace
 * of its own on the shared test node (opened before the class's tests, closed after them), and the
 * Cassandra stores handed to the contract. A restart opens a new session on the same keyspace.
 */
final class CassandraContractStores implements BeforeAllCallback, AfterAllCallback {

  private CassandraConfig config;
  private CqlSession session;

  @Override
  public void beforeAll(ExtensionContext context) {
    config = CassandraNode.shared().freshConfig(1);
    session = CassandraSessions.open(config);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (session != null) session.close();
  }

  /** Stores on the class's shared session (closing them leaves the session open). */
  Stores shared() {
    return stores(session, () -> {});
  }

  /** Closes {@code current} and answers stores on a new session, as after a restart. */
  Stores reopen(Stores current) throws Exception {
    current.close();
    CqlSession reopened = CassandraSessions.open(config);
    return stores(reopened, reopened);
  }

  private Stores stores(CqlSession on, AutoCloseable resource) {
    var messages = new CassandraMessageStore(on, config);
    return new Stores(new CassandraUserStore(on, config), messages, messages.groups(), resource);
  }
}
