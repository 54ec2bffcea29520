package io.parley.store.cassandra;

import io.parley.testkit.store.GroupStoreContract;
import io.parley.testkit.store.Stores;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Cassandra group store keeps the group store contract against a real Cassandra node, on a
 * keyspace of its own (see {@link CassandraContractStores}).
 */
class CassandraGroupStoreTest extends GroupStoreContract {

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
