package io.parley.testkit.store;

import org.junit.jupiter.api.Nested;

/** The in-memory fake keeps the same contract as the real stores. */
class InMemoryStoreContractTest {

  @Nested
  class Users extends UserStoreContract {
    @Override
    protected Stores createStores() {
      return Stores.of(new InMemoryStore());
    }
  }

  @Nested
  class Messages extends MessageStoreContract {
    @Override
    protected Stores createStores() {
      return Stores.of(new InMemoryStore());
    }
  }

  @Nested
  class Groups extends GroupStoreContract {
    @Override
    protected Stores createStores() {
      return Stores.of(new InMemoryStore());
    }
  }
}
