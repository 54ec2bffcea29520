package io.parley.testkit.store;

import io.parley.core.account.UserStore;
import io.parley.core.group.GroupStore;
import io.parley.core.message.MessageStore;
import java.util.Objects;

/**
 * The storage ports of one adapter under test, and what to close when a test is done with them.
 *
 * @param users the user port
 * @param messages the message port
 * @param groups the group port (group messages go through {@code messages})
 * @param resource closed after each test (and by {@link StoreContractSupport#reopen})
 */
public record Stores(
    UserStore users, MessageStore messages, GroupStore groups, AutoCloseable resource)
    implements AutoCloseable {

  public Stores {
    Objects.requireNonNull(users, "users");
    Objects.requireNonNull(messages, "messages");
    Objects.requireNonNull(groups, "groups");
    Objects.requireNonNull(resource, "resource");
  }

  /** Every port from one object, closed with it if it is {@link AutoCloseable}. */
  public static <S extends UserStore & MessageStore & GroupStore> Stores of(S store) {
    AutoCloseable resource = store instanceof AutoCloseable closeable ? closeable : () -> {};
    return new Stores(store, store, store, resource);
  }

  @Override
  public void close() throws Exception {
    resource.close();
  }
}
