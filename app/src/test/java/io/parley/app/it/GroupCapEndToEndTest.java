package io.parley.app.it;

import static io.parley.app.it.EndToEnd.join;
import static io.parley.app.it.EndToEnd.refusal;
import static io.parley.app.it.EndToEnd.wholeHistory;
import static io.parley.app.it.GroupEndToEnd.events;
import static io.parley.app.it.GroupEndToEnd.ids;
import static org.assertj.core.api.Assertions.assertThat;

import io.parley.app.it.EndToEnd.Account;
import io.parley.client.Group;
import io.parley.client.Invite;
import io.parley.client.Message;
import io.parley.client.ParleyClient;
import io.parley.client.ParleyException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The member cap under concurrency, on a server whose cap is small ({@code groups.max-members} =
 * 20): however many joins and adds race, a group never has more members than the cap, and every
 * refusal says {@code GROUP_FULL}.
 */
class GroupCapEndToEndTest {

  private static final int CAP = 20;

  private static TestServer server;
  private static ParleyClient client;

  /** Shared by the tests (registering costs a password hash each); every test makes its groups. */
  private static Account[] users;

  @BeforeAll
  static void start() {
    server = TestServer.start(Map.of("groups.max-members", String.valueOf(CAP)));
    client = ParleyClient.create(server.uri().toString());
    users = GroupEndToEnd.users(client, 45);
  }

  @AfterAll
  static void stop() {
    client.close();
    server.close();
  }

  private static Group groupOf(Account creator, Account[] others) {
    String name = "cap-" + UUID.randomUUID().toString().substring(0, 8);
    return join(client.groups().create(creator.session(), name, ids(others)));
  }

  /** What a call ended with: null when it succeeded, else the code it was refused with. */
  private static String outcome(CompletableFuture<?> call) {
    try {
      call.join();
      return null;
    } catch (CompletionException e) {
      if (e.getCause() instanceof ParleyException p) return p.code();
      throw e;
    }
  }

  @Test
  void concurrentJoinsByInviteNeverExceedTheCap() {
    Account admin = users[0];
    Group group = groupOf(admin, Arrays.copyOfRange(users, 1, 15)); // room for 5 more
    Invite invite = join(client.groups().createInvite(admin.session(), group.groupId()));
    Account[] joiners = Arrays.copyOfRange(users, 15, 45);

    List<CompletableFuture<Group>> joins = new ArrayList<>();
    for (Account joiner : joiners) joins.add(client.groups().join(joiner.session(), invite.code()));
    CompletableFuture.allOf(joins.toArray(CompletableFuture[]::new)).handle((v, e) -> null).join();

    List<String> outcomes = joins.stream().map(GroupCapEndToEndTest::outcome).toList();
    assertThat(outcomes.stream().filter(o -> o == null)).as("joins that succeeded").hasSize(5);
    assertThat(outcomes.stream().filter(o -> o != null)).hasSize(25).containsOnly("GROUP_FULL");
    Group after = join(client.groups().get(admin.session(), group.groupId()));
    assertThat(after.memberIds()).hasSize(CAP);
    Set<String> succeeded = new HashSet<>();
    for (int i = 0; i < joiners.length; i++) {
      if (outcomes.get(i) == null) succeeded.add(joiners[i].id());
    }
    assertThat(after.memberIds()).containsAll(succeeded);
    List<Message> joined = events(wholeHistory(client, admin), group.groupId(), "joined");
    assertThat(joined)
        .extracting(m -> m.event().actorId())
        .containsExactlyInAnyOrderElementsOf(succeeded);
  }

  @Test
  void concurrentAddsAndJoinsTogetherNeverExceedTheCap() {
    Account admin = users[0];
    Group group = groupOf(admin, Arrays.copyOfRange(users, 1, 16)); // 16 members: room for 4
    Invite invite = join(client.groups().createInvite(admin.session(), group.groupId()));
    Account[] joiners = Arrays.copyOfRange(users, 16, 28);
    Account[] added = Arrays.copyOfRange(users, 28, 40);

    List<CompletableFuture<Group>> joins = new ArrayList<>();
    List<CompletableFuture<Group>> adds = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      joins.add(client.groups().join(joiners[i].session(), invite.code()));
      if (i % 2 == 0) {
        adds.add(
            client
                .groups()
                .addMembers(admin.session(), group.groupId(), ids(added[i], added[i + 1])));
      }
    }
    List<CompletableFuture<Group>> all = new ArrayList<>(joins);
    all.addAll(adds);
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).handle((v, e) -> null).join();

    long joinedOk = joins.stream().filter(c -> outcome(c) == null).count();
    long addsOk = adds.stream().filter(c -> outcome(c) == null).count();
    assertThat(all.stream().map(GroupCapEndToEndTest::outcome).filter(o -> o != null))
        .containsOnly("GROUP_FULL");
    Group after = join(client.groups().get(admin.session(), group.groupId()));
    assertThat(16 + joinedOk + 2 * addsOk).isEqualTo(after.memberIds().size());
    // A join is refused only when no room is left, and there are more joiners than room: full.
    assertThat(after.memberIds()).hasSize(CAP);
    List<Message> history = wholeHistory(client, admin);
    assertThat(events(history, group.groupId(), "joined")).hasSize((int) joinedOk);
    assertThat(events(history, group.groupId(), "added")).hasSize((int) addsOk);
  }

  @Test
  void aGroupCanBeCreatedAtTheCapButNotBeyondIt() {

    ParleyException tooMany =
        refusal(
            client
                .groups()
                .create(
                    users[0].session(), "too many", ids(Arrays.copyOfRange(users, 1, CAP + 1))));
    Group full = groupOf(users[0], Arrays.copyOfRange(users, 1, CAP));

    assertThat(tooMany.code()).isEqualTo("GROUP_FULL");
    assertThat(tooMany.httpStatus()).isEqualTo(409);
    assertThat(full.memberIds()).hasSize(CAP);
    assertThat(
            refusal(client.groups().addMembers(users[0].session(), full.groupId(), ids(users[CAP])))
                .code())
        .isEqualTo("GROUP_FULL");
  }
}
