package io.parley.store.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import io.parley.testkit.store.Stores;

/**
 * What a contract test class runs on: one session on a keyspace of its own on the shared test node,
 * and the Cassandra stores handed to the contract. A restart opens a new session on the same
 * keyspace.
 */
final class CassandraContractStores implements AutoCloseable {

  private final CassandraConfig config = CassandraNode.shared().freshConfig(1);
  private final CqlSession session = CassandraSessions.open(config);

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

  @Override
  public void close() {
    session.close();
  }
}
