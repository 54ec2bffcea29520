package io.parley.testkit.store;

import io.parley.core.account.UserStore;
import io.parley.core.message.MessageStore;
import java.util.Objects;

/**
 * The storage ports of one adapter under test, and what to close when a test is done with them.
 *
 * @param users the user port
 * @param messages the message port
 * @param resource closed after each test (and by {@link StoreContractSupport#reopen})
 */
public record Stores(UserStore users, MessageStore messages, AutoCloseable resource)
    implements AutoCloseable {

  public Stores {
    Objects.requireNonNull(users, "users");
    Objects.requireNonNull(messages, "messages");
    Objects.requireNonNull(resource, "resource");
  }

  /** Both ports from one object, closed with it if it is {@link AutoCloseable}. */
  public static <S extends UserStore & MessageStore> Stores of(S store) {
    AutoCloseable resource = store instanceof AutoCloseable closeable ? closeable : () -> {};
    return new Stores(store, store, resource);
  }

  @Override
  public void close() throws Exception {
    resource.close();
  }
}
