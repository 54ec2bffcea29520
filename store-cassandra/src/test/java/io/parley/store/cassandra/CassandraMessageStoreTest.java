package io.parley.store.cassandra;

import io.parley.testkit.store.MessageStoreContract;
import io.parley.testkit.store.Stores;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Cassandra message store keeps the message store contract (with its concurrency part) against
 * a real Cassandra node. Its tests share one session on a keyspace of their own; a restart opens a
 * new session and a new store on the same keyspace. The group part of the contract ({@link
 * io.parley.testkit.store.GroupMessagesContract}) runs too, with the Cassandra group store.
 */
class CassandraMessageStoreTest extends MessageStoreContract {

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
