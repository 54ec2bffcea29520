package io.parley.testkit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.parley.core.group.Group;
import io.parley.core.group.GroupStore.Announcement;
import io.parley.core.group.GroupStore.Changed;
import io.parley.core.group.GroupStore.NewGroup;
import io.parley.core.group.GroupStore.UpdateResult;
import io.parley.core.group.Invite;
import io.parley.core.group.Member;
import io.parley.core.group.Role;
import io.parley.core.id.GroupId;
import io.parley.core.id.UserId;
import io.parley.core.message.ConversationId;
import io.parley.core.message.GroupReceipts;
import io.parley.core.message.Markers;
import io.parley.core.message.Message;
import io.parley.core.message.MessageStore.AppendResult;
import io.parley.core.message.Receipt;
import io.parley.core.message.SystemEvent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link io.parley.core.group.GroupStore}, run by every adapter: extend it and
 * implement {@link #createStores()}. Membership, compare-and-set changes with their announcements,
 * who sees which part of a group's conversation, group lists and invites. What a group message does
 * to inboxes, markers and receipts is in {@link GroupMessagesContract} (part of {@link
 * MessageStoreContract}).
 */
public abstract class GroupStoreContract extends GroupMembershipContract {

  private static final long CREATED_AT = 1_750_000_000_000L;

  @Test
  void aCreatedGroupHasItsMembersRolesAndVersionOne() {
    UserId a = randomUser();
    UserId b = randomUser();
    UserId c = randomUser();
    var spec =
        new NewGroup(
            "Friends", a, CREATED_AT, Map.of(a, Role.ADMIN, b, Role.MEMBER, c, Role.MEMBER));

    Group group = await(groups().create(spec, created(a, List.of(b, c), "Friends"))).group();

    assertThat(group.name()).isEqualTo("Friends");
    assertThat(group.createdBy()).isEqualTo(a);
    assertThat(group.createdAt()).isEqualTo(CREATED_AT);
    assertThat(group.version()).isEqualTo(1);
    assertThat(group.members())
        .containsOnly(
            Map.entry(a, new Member(a, Role.ADMIN, CREATED_AT, 1)),
            Map.entry(b, new Member(b, Role.MEMBER, CREATED_AT, 1)),
            Map.entry(c, new Member(c, Role.MEMBER, CREATED_AT, 1)));
    assertThat(group(group.id())).isEqualTo(group);
  }

  @Test
  void theCreationIsAnnouncedAtSeqOneInEveryMembersInbox() {
    UserId a = randomUser();
    UserId b = randomUser();
    UserId c = randomUser();

    Changed created = createGroup(a, List.of(b, c));

    Message announcement = created.announcement();
    Group group = created.group();
    assertThat(announcement.seq()).isEqualTo(1);
    assertThat(announcement.conversation()).isEqualTo(ConversationId.group(group.id()));
    assertThat(announcement.group()).isEqualTo(group.id());
    assertThat(announcement.receiver()).isNull();
    assertThat(announcement.sender()).isEqualTo(a);
    assertThat(announcement.isSystem()).isTrue();
    assertThat(announcement.event())
        .isEqualTo(new SystemEvent(SystemEvent.Type.CREATED, a, List.of(b, c), group.name()));
    assertThat(announcement.content()).isEqualTo(a + " created " + group.name());
    assertThat(announcement.receipts()).isEqualTo(new GroupReceipts(2, 0, 0));
    for (UserId member : List.of(a, b, c)) {
      assertThat(readInbox(member, 10)).as("inbox of %s", member).containsExactly(announcement);
    }
    assertThat(markers(group.conversation(), a)).isEqualTo(new Markers(1, 1));
    assertThat(markers(group.conversation(), b)).isEqualTo(Markers.NONE);
    assertThat(conversations(b))
        .singleElement()
        .satisfies(s -> assertThat(s.unreadCount()).isOne())
        .satisfies(s -> assertThat(s.lastMessage()).isEqualTo(announcement));
    assertThat(conversations(a))
        .singleElement()
        .satisfies(s -> assertThat(s.unreadCount()).isZero());
  }

  @Test
  void theCursorOfAChangeContinuesEveryMembersInboxAfterIt() {
    UserId a = randomUser();
    UserId b = randomUser();
    Changed created = createGroup(a, List.of(b));

    Message next = sendToGroup(created.group().id(), b, "first words");

    assertThat(page(a, created.cursor(), 0, 10).messages()).containsExactly(next);
    assertThat(page(b, created.cursor(), 0, 10).messages()).containsExactly(next);
  }

  @Test
  void everyGroupGetsItsOwnId() {
    UserId a = randomUser();

    GroupId first = createGroup(a, List.of()).group().id();
    GroupId second = createGroup(a, List.of()).group().id();

    assertThat(second).isNotEqualTo(first);
    assertThat(second.value()).isGreaterThan(first.value());
  }

  @Test
  void anUnknownGroupIsNotFound() {
    GroupId unknown = GroupId.of(ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE));
    var ghost = new Group(unknown, "ghost", randomUser(), CREATED_AT, 2, Map.of());

    assertThat(await(groups().group(unknown))).isEmpty();
    assertThat(await(groups().update(ghost, renamed(randomUser(), "ghost"))))
        .isInstanceOf(UpdateResult.NotFound.class);
    assertThat(await(groups().markers(unknown))).isEmpty();
    assertThat(await(groups().invites(unknown))).isEmpty();
  }

  @Test
  void anUpdateFromTheCurrentVersionIsStoredWithItsAnnouncement() {
    UserId a = randomUser();
    UserId b = randomUser();
    Changed created = createGroup(a, List.of(b));
    Group group = created.group();

    UpdateResult result =
        await(groups().update(group.next("New name", group.members()), renamed(a, "New name")));

    assertThat(result).isInstanceOf(UpdateResult.Updated.class);
    Changed change = ((UpdateResult.Updated) result).change();
    assertThat(change.group().version()).isEqualTo(2);
    assertThat(change.group().name()).isEqualTo("New name");
    assertThat(change.group().members()).isEqualTo(group.members());
    assertThat(change.announcement().seq()).isEqualTo(2);
    assertThat(change.announcement().event().type()).isEqualTo(SystemEvent.Type.RENAMED);
    assertThat(change.announcement().event().name()).isEqualTo("New name");
    assertThat(group(group.id())).isEqualTo(change.group());
    assertThat(ids(readInbox(b, 10)))
        .containsExactly(created.announcement().id(), change.announcement().id());
  }

  @Test
  void anUpdateFromAStaleVersionIsAConflictAndChangesNothing() {
    UserId a = randomUser();
    Group group = createGroup(a, List.of(randomUser())).group();
    assertThat(await(groups().update(group.next("one", group.members()), renamed(a, "one"))))
        .isInstanceOf(UpdateResult.Updated.class);

    UpdateResult stale =
        await(groups().update(group.next("two", group.members()), renamed(a, "two")));
    var skipping = new Group(group.id(), "three", a, group.createdAt(), 5, group.members());
    UpdateResult ahead = await(groups().update(skipping, renamed(a, "three")));

    assertThat(stale).isInstanceOf(UpdateResult.Conflict.class);
    assertThat(ahead).isInstanceOf(UpdateResult.Conflict.class);
    assertThat(group(group.id()).name()).isEqualTo("one");
    assertThat(group(group.id()).version()).isEqualTo(2);
    assertThat(history(group.conversation(), Long.MAX_VALUE, 10).messages()).hasSize(2);
  }

  @Test
  void concurrentCompareAndSetJoinsNeverLoseAnUpdateNorPassTheCap() {
    int cap = 30;
    UserId creator = randomUser();
    GroupId id = createGroup(creator, List.of()).group().id();
    List<UserId> candidates = randomUsers(50);

    List<Boolean> joined =
        concurrently(
            candidates.size(),
            i -> CompletableFuture.completedFuture(joinUnlessFull(id, candidates.get(i), cap)));

    Group group = group(id);
    List<UserId> admitted = new ArrayList<>();
    for (int i = 0; i < candidates.size(); i++) if (joined.get(i)) admitted.add(candidates.get(i));
    assertThat(admitted).hasSize(cap - 1);
    assertThat(group.members().keySet())
        .containsExactlyInAnyOrderElementsOf(with(creator, admitted));
    assertThat(group.version()).isEqualTo(cap);
    List<Message> log = history(group.conversation(), Long.MAX_VALUE, 100).messages();
    assertThat(log)
        .extracting(Message::seq)
        .containsExactlyElementsOf(
            LongStream.rangeClosed(1, cap).map(s -> cap + 1 - s).boxed().toList());
    for (Message announcement : log.subList(0, cap - 1)) {
      UserId joiner = announcement.event().actor();
      assertThat(admitted).contains(joiner);
      assertThat(group.members().get(joiner).fromSeq()).isEqualTo(announcement.seq());
    }
    assertThat(await(groups().markers(id)).keySet()).isEqualTo(group.members().keySet());
  }

  @Test
  void groupsOfListsTheGroupsAUserBelongsTo() {
    UserId a = randomUser();
    UserId b = randomUser();
    UserId c = randomUser();
    Group ab = createGroup(a, List.of(b)).group();
    Group bc = createGroup(b, List.of(c)).group();
    Group ca = createGroup(c, List.of(a)).group();

    assertThat(await(groups().groupsOf(a))).containsExactlyInAnyOrder(ab, ca);
    assertThat(await(groups().groupsOf(b))).containsExactlyInAnyOrder(ab, bc);
    assertThat(await(groups().groupsOf(randomUser()))).isEmpty();

    Group without = removeMember(ab.id(), a, b).group();

    assertThat(await(groups().groupsOf(b))).containsExactly(bc);
    assertThat(await(groups().groupsOf(a))).containsExactlyInAnyOrder(without, ca);
  }

  @Test
  void aGroupsMarkersHoldOneEntryPerCurrentMember() {
    UserId a = randomUser();
    UserId b = randomUser();
    UserId c = randomUser();
    Group group = createGroup(a, List.of(b, c)).group();
    sendToGroup(group.id(), a, "2");
    sendToGroup(group.id(), a, "3");

    advance(b, group.conversation(), Receipt.DELIVERED, 3);
    advance(c, group.conversation(), Receipt.READ, 2);

    assertThat(await(groups().markers(group.id())))
        .containsOnly(
            Map.entry(a, new Markers(3, 3)),
            Map.entry(b, new Markers(3, 0)),
            Map.entry(c, new Markers(2, 2)));
  }

  @Test
  void invitesCanBeSavedFoundListedAndRevoked() {
    UserId a = randomUser();
    GroupId id = createGroup(a, List.of()).group().id();
    GroupId other = createGroup(a, List.of()).group().id();
    var first = new Invite(randomName("code"), id, a, CREATED_AT);
    var second = new Invite(randomName("code"), id, a, CREATED_AT + 1);
    var elsewhere = new Invite(randomName("code"), other, a, CREATED_AT);
    for (var invite : List.of(second, elsewhere, first)) await(groups().saveInvite(invite));

    assertThat(await(groups().invite(first.code()))).contains(first);
    assertThat(await(groups().invites(id))).containsExactly(first, second);
    assertThat(await(groups().invites(other))).containsExactly(elsewhere);

    assertThat(await(groups().revokeInvite(first.code()))).isTrue();
    assertThat(await(groups().revokeInvite(first.code()))).isFalse();
    assertThat(await(groups().revokeInvite(randomName("never")))).isFalse();
    assertThat(await(groups().invite(first.code()))).isEmpty();
    assertThat(await(groups().invites(id))).containsExactly(second);
  }

  @Test
  void groupsAndInvitesSurviveARestart() throws Exception {
    assumeTrue(canReopen(), "the store is not durable");
    UserId a = randomUser();
    UserId b = randomUser();
    UserId c = randomUser();
    UserId d = randomUser();
    Changed created = createGroup(a, List.of(b, c));
    GroupId id = created.group().id();
    Message message = sendToGroup(id, a, "hello");
    Changed removed = removeMember(id, a, c);
    Group current = addMember(id, a, d).group();
    advance(b, current.conversation(), Receipt.READ, 2);
    var invite = new Invite(randomName("code"), id, a, CREATED_AT);
    await(groups().saveInvite(invite));
    List<Message> inboxOfB = readInbox(b, 10);
    Map<UserId, Markers> markers = await(groups().markers(id));

    restart();

    assertThat(group(id)).isEqualTo(current);
    assertThat(readInbox(b, 10)).isEqualTo(inboxOfB);
    assertThat(readInbox(b, 10).get(0).event()).isEqualTo(created.announcement().event());
    assertThat(ids(readInbox(c, 10)))
        .containsExactly(created.announcement().id(), message.id(), removed.announcement().id());
    assertThat(await(groups().markers(id))).isEqualTo(markers);
    assertThat(await(groups().groupsOf(d))).containsExactly(current);
    assertThat(await(groups().groupsOf(c))).isEmpty();
    assertThat(await(groups().invite(invite.code()))).contains(invite);
    assertThat(appendToGroup(id, c, "still out", null)).isInstanceOf(AppendResult.NotMember.class);
    assertThat(await(groups().update(current.next("x", current.members()), renamed(a, "x"))))
        .isInstanceOf(UpdateResult.Updated.class);
    assertThat(await(groups().update(current.next("y", current.members()), renamed(a, "y"))))
        .isInstanceOf(UpdateResult.Conflict.class);
    Message after = sendToGroup(createGroup(d, List.of(a)).group().id(), d, "new group");
    assertThat(after.id()).isGreaterThan(removed.announcement().id());
  }

  /** One joiner's compare-and-set loop, as a service runs it: read, check the cap, update. */
  private boolean joinUnlessFull(GroupId id, UserId user, int cap) {
    for (int attempt = 0; attempt < 200; attempt++) {
      Group current = group(id);
      if (current.size() >= cap) return false;
      Map<UserId, Member> members = new LinkedHashMap<>(current.members());
      members.put(user, newMember(user));
      var event = new SystemEvent(SystemEvent.Type.JOINED, user, List.of(user), null);
      UpdateResult result =
          await(
              groups()
                  .update(
                      current.next(current.name(), members), new Announcement("joined", event)));
      if (result instanceof UpdateResult.Updated) return true;
      assertThat(result).isInstanceOf(UpdateResult.Conflict.class);
    }
    throw new AssertionError(user + " made no progress in 200 attempts");
  }

  private static Set<UserId> with(UserId one, List<UserId> others) {
    var all = new HashSet<>(others);
    all.add(one);
    return all;
  }

  private static Announcement created(UserId actor, List<UserId> members, String name) {
    return new Announcement(
        actor + " created " + name,
        new SystemEvent(SystemEvent.Type.CREATED, actor, members, name));
  }

  private static Announcement renamed(UserId actor, String name) {
    return new Announcement(
        actor + " renamed the group to " + name,
        new SystemEvent(SystemEvent.Type.RENAMED, actor, List.of(), name));
  }
}
