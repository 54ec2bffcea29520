package io.parley.testkit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.parley.core.account.Account;
import io.parley.core.account.User;
import io.parley.core.account.UserStore.CreateResult;
import io.parley.core.account.UserStore.NewAccount;
import io.parley.core.id.UserId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link io.parley.core.account.UserStore}, run by every adapter: extend it and
 * implement {@link #createStores()}.
 */
public abstract class UserStoreContract extends StoreContractSupport {

  private static final long CREATED_AT = 1_750_000_000_000L;

  @Test
  void createdUserCanBeFoundByIdAndByUsername() {
    String name = randomName("Alice");
    User user = created(new NewAccount(name, "+14155550123", "hash-of-alice", CREATED_AT));

    assertThat(user.username()).isEqualTo(name);
    assertThat(user.phone()).isEqualTo("+14155550123");
    assertThat(user.createdAt()).isEqualTo(CREATED_AT);
    assertThat(user.lastSeen()).isZero();
    assertThat(await(users().findById(user.id()))).contains(user);
    assertThat(await(users().findByUsername(name))).contains(new Account(user, "hash-of-alice"));
  }

  @Test
  void phoneIsOptional() {
    User user = create(randomName("nophone"));

    assertThat(user.phone()).isNull();
    assertThat(await(users().findById(user.id())).orElseThrow().phone()).isNull();
  }

  @Test
  void everyUserGetsItsOwnId() {
    Set<UserId> ids = new HashSet<>();
    for (int i = 0; i < 10; i++) {
      ids.add(create(randomName("user")).id());
    }
    assertThat(ids).hasSize(10);
  }

  @Test
  void usernameIsUniqueIgnoringCase() {
    String name = randomName("Bob");
    User first = create(name);

    CreateResult again = await(users().create(account(name.toUpperCase(Locale.ROOT))));
    CreateResult lower = await(users().create(account(name.toLowerCase(Locale.ROOT))));

    assertThat(again).isInstanceOf(CreateResult.UsernameTaken.class);
    assertThat(lower).isInstanceOf(CreateResult.UsernameTaken.class);
    assertThat(await(users().findByUsername(name)).orElseThrow().user()).isEqualTo(first);
  }

  @Test
  void findByUsernameIgnoresCaseAndKeepsTheOriginalSpelling() {
    String name = randomName("CamelCase");
    User user = create(name);

    Account found = await(users().findByUsername(name.toUpperCase(Locale.ROOT))).orElseThrow();

    assertThat(found.user()).isEqualTo(user);
    assertThat(found.user().username()).isEqualTo(name);
  }

  @Test
  void concurrentCreatesOfOneUsernameCreateExactlyOneUser() {
    String name = randomName("race");

    List<CreateResult> results =
        concurrently(
            20, i -> users().create(account(i % 2 == 0 ? name : name.toUpperCase(Locale.ROOT))));

    List<User> created = new ArrayList<>();
    for (CreateResult result : results) {
      if (result instanceof CreateResult.Created c) created.add(c.user());
    }
    assertThat(created).hasSize(1);
    assertThat(results).filteredOn(r -> r instanceof CreateResult.UsernameTaken).hasSize(19);
    assertThat(await(users().findByUsername(name)).orElseThrow().user()).isEqualTo(created.get(0));
  }

  @Test
  void unknownUsersAreNotFound() {
    assertThat(await(users().findById(randomUser()))).isEmpty();
    assertThat(await(users().findByUsername(randomName("nobody")))).isEmpty();
  }

  @Test
  void findAllAnswersOnlyTheUsersThatExist() {
    User one = create(randomName("one"));
    User two = create(randomName("two"));
    UserId unknown = randomUser();

    Map<UserId, User> found = await(users().findAll(List.of(one.id(), unknown, two.id())));

    assertThat(found).containsOnly(Map.entry(one.id(), one), Map.entry(two.id(), two));
    assertThat(await(users().findAll(List.of()))).isEmpty();
  }

  @Test
  void lastSeenIsUpdatedEverywhere() {
    String name = randomName("seen");
    User user = create(name);

    await(users().updateLastSeen(user.id(), CREATED_AT + 5_000));
    await(users().updateLastSeen(user.id(), CREATED_AT + 9_000));

    User expected = user.withLastSeen(CREATED_AT + 9_000);
    assertThat(await(users().findById(user.id()))).contains(expected);
    assertThat(await(users().findByUsername(name)).orElseThrow().user()).isEqualTo(expected);
    assertThat(await(users().findAll(List.of(user.id())))).containsEntry(user.id(), expected);
  }

  @Test
  void updatingTheLastSeenOfAnUnknownUserCreatesNothing() {
    UserId unknown = randomUser();

    await(users().updateLastSeen(unknown, CREATED_AT));

    assertThat(await(users().findById(unknown))).isEmpty();
  }

  @Test
  void usersSurviveARestart() throws Exception {
    assumeTrue(canReopen(), "the store is not durable");
    String name = randomName("durable");
    User user = created(new NewAccount(name, "+4930123456", "hash", CREATED_AT));
    await(users().updateLastSeen(user.id(), CREATED_AT + 1));

    restart();

    User expected = user.withLastSeen(CREATED_AT + 1);
    assertThat(await(users().findById(user.id()))).contains(expected);
    assertThat(await(users().findByUsername(name.toUpperCase(Locale.ROOT))))
        .contains(new Account(expected, "hash"));
    assertThat(await(users().create(account(name)))).isInstanceOf(CreateResult.UsernameTaken.class);
    assertThat(create(randomName("later")).id()).isNotEqualTo(user.id());
  }

  private static NewAccount account(String username) {
    return new NewAccount(username, null, "hash-of-" + username, CREATED_AT);
  }

  private User create(String username) {
    return created(account(username));
  }

  private User created(NewAccount account) {
    CreateResult result = await(users().create(account));
    assertThat(result).isInstanceOf(CreateResult.Created.class);
    return ((CreateResult.Created) result).user();
  }
}
