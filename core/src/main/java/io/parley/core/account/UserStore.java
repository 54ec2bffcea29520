package io.parley.core.account;

import io.parley.core.id.UserId;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** Port: where accounts live. Usernames are unique case-insensitively. */
public interface UserStore {

  /**
   * Creates the account unless its username (compared case-insensitively) is taken; the store
   * assigns the user id. Completes once the account is durable.
   */
  CompletionStage<CreateResult> create(NewAccount account);

  CompletionStage<Optional<Account>> findByUsername(String username);

  CompletionStage<Optional<User>> findById(UserId id);

  /** The users among {@code ids} that exist. */
  CompletionStage<Map<UserId, User>> findAll(Collection<UserId> ids);

  CompletionStage<Void> updateLastSeen(UserId id, long epochMillis);

  /** What {@link #create} is given. */
  record NewAccount(String username, String phone, String passwordHash, long createdAt) {}

  /** What {@link #create} answers. */
  sealed interface CreateResult {
    record Created(User user) implements CreateResult {}

    record UsernameTaken() implements CreateResult {}
  }
}
