package io.parley.core.account;

import io.parley.core.error.ErrorCode;
import io.parley.core.error.Problem;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Registration and password login. Token issuance is the gateway's business. */
public final class AccountService {

  private final UserStore users;
  private final PasswordHasher hasher;
  private final Clock clock;
  private volatile String decoyHash;

  public AccountService(UserStore users, PasswordHasher hasher, Clock clock) {
    this.users = users;
    this.hasher = hasher;
    this.clock = clock;
  }

  public CompletionStage<RegisterResult> register(String username, String password, String phone) {
    Optional<Problem> invalid =
        AccountRules.checkUsername(username)
            .or(() -> AccountRules.checkPassword(password))
            .or(() -> AccountRules.checkPhone(phone));
    if (invalid.isPresent()) {
      return CompletableFuture.completedFuture(new RegisterResult.Rejected(invalid.get()));
    }
    return hasher
        .hash(password)
        .thenCompose(
            hash ->
                users.create(new UserStore.NewAccount(username, phone, hash, clock.millis())))
        .thenApply(
            created ->
                created instanceof UserStore.CreateResult.Created c
                    ? new RegisterResult.Registered(c.user())
                    : new RegisterResult.Rejected(Problem.of(ErrorCode.USERNAME_TAKEN)));
  }

  /**
   * Checks a username and password. An unknown username costs the same hashing work as a wrong
   * password, so that response times do not reveal which usernames exist.
   */
  public CompletionStage<LoginResult> login(String username, String password) {
    if (username == null
        || password == null
        || AccountRules.checkUsername(username).isPresent()
        || password.length() > AccountRules.MAX_PASSWORD) {
      return CompletableFuture.completedFuture(new LoginResult.InvalidCredentials());
    }
    return users
        .findByUsername(username)
        .thenCompose(
            found -> {
              if (found.isEmpty()) {
                return decoy()
                    .thenCompose(hash -> hasher.verify(password, hash))
                    .thenApply(ignored -> (LoginResult) new LoginResult.InvalidCredentials());
              }
              Account account = found.get();
              return hasher
                  .verify(password, account.passwordHash())
                  .thenApply(
                      ok ->
                          ok
                              ? new LoginResult.Authenticated(account.user())
                              : new LoginResult.InvalidCredentials());
            });
  }

  private CompletionStage<String> decoy() {
    String hash = decoyHash;
    if (hash != null) return CompletableFuture.completedFuture(hash);
    return hasher.hash("decoy-password-never-matches").thenApply(h -> decoyHash = h);
  }

  /** What {@link #register} answers. */
  public sealed interface RegisterResult {
    record Registered(User user) implements RegisterResult {}

    record Rejected(Problem problem) implements RegisterResult {}
  }

  /** What {@link #login} answers. */
  public sealed interface LoginResult {
    record Authenticated(User user) implements LoginResult {}

    record InvalidCredentials() implements LoginResult {}
  }
}
