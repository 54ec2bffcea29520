package io.parley.store.cassandra;

import io.parley.testkit.store.Stores;
import io.parley.testkit.store.UserStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Cassandra user store keeps the user store contract against a real Cassandra node. Its tests
 * share one session on a keyspace of their own; a restart opens a new session.
 */
class CassandraUserStoreTest extends UserStoreContract {

  @RegisterExtension static final CassandraContractStores cassandra = new CassandraContractStores();

  @Override
  protected Stores createStores() {
    return cassandra.shared();
  }

  @Override
  protected boolean canReopen() {
    return true;
  }

  @Override
  protected Stores reopen(Stores current) throws Exception {
    return cassandra.reopen(current);
  }
}
