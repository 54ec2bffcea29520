package io.parley.store.rocksdb;

import io.parley.testkit.store.GroupStoreContract;
import io.parley.testkit.store.MessageStoreContract;
import io.parley.testkit.store.Stores;
import io.parley.testkit.store.UserStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

/** The RocksDB store keeps the store contracts, each test on a fresh database in a temp dir. */
class RocksDbStoreContractTest {

  static RocksDbConfig smallConfig(Path dir) {
    return new RocksDbConfig(dir, 8, 8, RocksDbConfig.DEFAULT_MAX_BATCH, true);
  }

  @Nested
  class Users extends UserStoreContract {
    @TempDir Path dir;

    @Override
    protected Stores createStores() {
      return Stores.of(RocksDbStore.open(smallConfig(dir)));
    }

    @Override
    protected boolean canReopen() {
      return true;
    }

    @Override
    protected Stores reopen(Stores current) throws Exception {
      current.close();
      return createStores();
    }
  }

  @Nested
  class Messages extends MessageStoreContract {
    @TempDir Path dir;

    @Override
    protected Stores createStores() {
      return Stores.of(RocksDbStore.open(smallConfig(dir)));
    }

    @Override
    protected boolean canReopen() {
      return true;
    }

    @Override
    protected Stores reopen(Stores current) throws Exception {
      current.close();
      return createStores();
    }
  }

  @Nested
  class Groups extends GroupStoreContract {
    @TempDir Path dir;

    @Override
    protected Stores createStores() {
      return Stores.of(RocksDbStore.open(smallConfig(dir)));
    }

    @Override
    protected boolean canReopen() {
      return true;
    }

    @Override
    protected Stores reopen(Stores current) throws Exception {
      current.close();
      return createStores();
    }
  }
}
