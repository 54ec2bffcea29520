package io.parley.app.it;

import static io.parley.app.it.EndToEnd.assertError;
import static io.parley.app.it.EndToEnd.join;
import static io.parley.app.it.EndToEnd.newUsers;
import static io.parley.app.it.EndToEnd.raw;
import static io.parley.app.it.EndToEnd.refusal;
import static io.parley.app.it.EndToEnd.wholeHistory;
import static io.parley.app.it.GroupEndToEnd.conversationOf;
import static io.parley.app.it.GroupEndToEnd.events;
import static io.parley.app.it.GroupEndToEnd.ids;
import static io.parley.app.it.GroupEndToEnd.ofGroup;
import static io.parley.app.it.GroupEndToEnd.timesReceived;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.parley.app.it.EndToEnd.Account;
import io.parley.app.it.GroupEndToEnd.Online;
import io.parley.client.ConversationPage;
import io.parley.client.ConversationSummary;
import io.parley.client.ErrorFrame;
import io.parley.client.Group;
import io.parley.client.GroupMember;
import io.parley.client.GroupSummary;
import io.parley.client.Invite;
import io.parley.client.Message;
import io.parley.client.MessageReceipts;
import io.parley.client.ParleyClient;
import io.parley.client.ParleyException;
import io.parley.client.Receipt;
import io.parley.client.ReceiptCounts;
import io.parley.client.ReceiptType;
import io.parley.client.SendRequest;
import io.parley.client.SystemEvent;
import io.parley.client.Typing;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Group semantics over real HTTP and WebSockets (docs/API.md, "Groups"): who sees what from when,
 * system messages, admin rights, invites, the group list, group receipts and typing.
 */
class GroupsEndToEndTest {

  private static TestServer server;
  private static ParleyClient client;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    client = ParleyClient.create(server.uri().toString());
  }

  @AfterAll
  static void stop() {
    client.close();
    server.close();
  }

  // ---- helpers ----

  private static String name() {
    return "g-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static Group create(Account creator, Account... members) {
    return join(client.groups().create(creator.session(), name(), ids(members)));
  }

  private static Message send(Account from, Group group, String content) {
    return join(client.send(from.session(), SendRequest.toGroup(group.groupId(), content)));
  }

  private static Online[] online(Account... accounts) {
    return GroupEndToEnd.connect(client, accounts, 8, Duration.ofSeconds(30));
  }

  private static List<Message> groupHistory(Account member, Group group) {
    return ofGroup(wholeHistory(client, member), group.groupId());
  }

  private static List<String> messageIds(List<Message> messages) {
    return messages.stream().map(Message::messageId).toList();
  }

  /** Waits until the member's connection has {@code count} messages of the group. */
  private static List<Message> awaitGroupMessages(Online member, Group group, int count) {
    EndToEnd.waitFor(count + " messages of the group at " + member.id())
        .until(() -> ofGroup(member.recorder().messages, group.groupId()).size() >= count);
    return ofGroup(member.recorder().messages, group.groupId());
  }

  /**
   * Sends a 1:1 message from {@code from} to {@code to} and waits until its connection has it:
   * whatever the server published to that connection earlier has arrived by then.
   */
  private static void fence(Account from, Online to) {
    Message fence = join(client.send(from.session(), SendRequest.toUser(to.id(), "fence")));
    to.recorder().awaitMessage(fence.messageId());
  }

  private static String code(CompletableFuture<?> call) {
    return refusal(call).code();
  }

  // ---- history visibility ----

  @Test
  void aNewMemberSeesTheGroupFromTheirJoiningOnInHistoryAndScrollBack() {
    Account[] u = newUsers(client, 4);
    Account alice = u[0], bob = u[1], carol = u[2], dave = u[3];
    Group group = create(alice, bob);
    Message before1 = send(alice, group, "before carol 1");
    Message before2 = send(bob, group, "before carol 2");

    join(client.groups().addMembers(alice.session(), group.groupId(), ids(carol)));
    Invite invite = join(client.groups().createInvite(alice.session(), group.groupId()));
    join(client.groups().join(dave.session(), invite.code()));
    Message after = send(alice, group, "after they came");

    List<Message> carols = groupHistory(carol, group);
    assertThat(carols)
        .extracting(m -> m.event() == null ? "message" : m.event().type())
        .containsExactly("added", "joined", "message");
    assertThat(carols.get(0).event().userIds()).containsExactly(carol.id());
    assertThat(carols.get(2).messageId()).isEqualTo(after.messageId());
    assertThat(messageIds(groupHistory(dave, group)))
        .containsExactly(carols.get(1).messageId(), after.messageId());
    List<Message> bobs = groupHistory(bob, group);
    assertThat(messageIds(bobs))
        .containsSubsequence(before1.messageId(), before2.messageId(), after.messageId())
        .hasSize(6);
    assertThat(bobs).extracting(Message::seq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);

    // Scrolling back stops at the join: two pages of two, newest first, and nothing earlier.
    String conversation = conversationOf(group.groupId());
    ConversationPage first =
        join(client.conversationMessages(carol.session(), conversation, null, 2));
    assertThat(messageIds(first.messages()))
        .containsExactly(after.messageId(), carols.get(1).messageId());
    assertThat(first.hasMore()).isTrue();
    ConversationPage second =
        join(client.conversationMessages(carol.session(), conversation, first.nextBefore(), 2));
    assertThat(messageIds(second.messages())).containsExactly(carols.get(0).messageId());
    assertThat(second.hasMore()).isFalse();
    assertThat(second.nextBefore()).isNull();
    ConversationPage earlier =
        join(
            client.conversationMessages(
                carol.session(), conversation, String.valueOf(carols.get(0).seq()), 50));
    assertThat(earlier.messages()).isEmpty();
    assertThat(earlier.hasMore()).isFalse();
    ConversationPage bobsPage =
        join(client.conversationMessages(bob.session(), conversation, null, 50));
    assertThat(bobsPage.messages()).hasSize(6);
  }

  // ---- system messages ----

  @Test
  void everyMembershipChangeIsDeliveredLiveAsASystemMessageAndKeptInHistory() {
    Account[] u = newUsers(client, 4);
    Account alice = u[0], bob = u[1], carol = u[2], dave = u[3];
    Online[] on = online(bob, carol, dave);
    Online bobOnline = on[0], carolOnline = on[1], daveOnline = on[2];
    String first = name();
    String second = name();

    Group group = join(client.groups().create(alice.session(), first, ids(bob)));
    join(client.groups().rename(alice.session(), group.groupId(), second));
    join(client.groups().addMembers(alice.session(), group.groupId(), ids(carol)));
    join(client.groups().setRole(alice.session(), group.groupId(), bob.id(), "admin"));
    join(client.groups().removeMember(bob.session(), group.groupId(), carol.id()));
    Invite invite = join(client.groups().createInvite(bob.session(), group.groupId()));
    join(client.groups().join(dave.session(), invite.code()));
    join(client.groups().leave(dave.session(), group.groupId()));
    join(client.groups().setRole(alice.session(), group.groupId(), bob.id(), "member"));

    List<Message> live = awaitGroupMessages(bobOnline, group, 8);
    assertThat(live)
        .extracting(Message::event)
        .containsExactly(
            new SystemEvent("created", alice.id(), List.of(bob.id()), first),
            new SystemEvent("renamed", alice.id(), List.of(), second),
            new SystemEvent("added", alice.id(), List.of(carol.id()), null),
            new SystemEvent("promoted", alice.id(), List.of(bob.id()), null),
            new SystemEvent("removed", bob.id(), List.of(carol.id()), null),
            new SystemEvent("joined", dave.id(), List.of(dave.id()), null),
            new SystemEvent("left", dave.id(), List.of(dave.id()), null),
            new SystemEvent("demoted", alice.id(), List.of(bob.id()), null));
    assertThat(live).extracting(Message::seq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
    assertThat(live)
        .allSatisfy(
            m -> {
              assertThat(m.groupId()).isEqualTo(group.groupId());
              assertThat(m.conversationId()).isEqualTo(conversationOf(group.groupId()));
              assertThat(m.content()).isNotBlank();
              assertThat(m.receiverId()).isNull();
            });
    assertThat(groupHistory(bob, group))
        .extracting(Message::messageId, Message::event)
        .containsExactlyElementsOf(
            live.stream().map(m -> tuple(m.messageId(), m.event())).toList());
    assertThat(groupHistory(alice, group)).hasSize(8);

    // Those who were in for a while saw what happened while they were in, their leaving included.
    fence(alice, carolOnline);
    assertThat(ofGroup(carolOnline.recorder().messages, group.groupId()))
        .extracting(m -> m.event().type())
        .containsExactly("added", "promoted", "removed");
    assertThat(groupHistory(carol, group))
        .extracting(m -> m.event().type())
        .containsExactly("added", "promoted", "removed");
    fence(alice, daveOnline);
    assertThat(ofGroup(daveOnline.recorder().messages, group.groupId()))
        .extracting(m -> m.event().type())
        .containsExactly("joined", "left");
  }

  // ---- admin rights ----

  @Test
  void adminOnlyOperationsAnswerNotAdminToMembersAndChangeNothing() {
    Account[] u = newUsers(client, 3);
    Account alice = u[0], bob = u[1], carol = u[2];
    Group group = create(alice, bob);
    String id = group.groupId();
    Invite invite = join(client.groups().createInvite(alice.session(), id));

    assertThat(code(client.groups().rename(bob.session(), id, "mine now"))).isEqualTo("NOT_ADMIN");
    assertThat(code(client.groups().addMembers(bob.session(), id, ids(carol))))
        .isEqualTo("NOT_ADMIN");
    assertThat(code(client.groups().removeMember(bob.session(), id, alice.id())))
        .isEqualTo("NOT_ADMIN");
    assertThat(code(client.groups().setRole(bob.session(), id, bob.id(), "admin")))
        .isEqualTo("NOT_ADMIN");
    assertThat(code(client.groups().setRole(bob.session(), id, alice.id(), "member")))
        .isEqualTo("NOT_ADMIN");
    assertThat(code(client.groups().createInvite(bob.session(), id))).isEqualTo("NOT_ADMIN");
    assertThat(code(client.groups().invites(bob.session(), id))).isEqualTo("NOT_ADMIN");
    assertThat(code(client.groups().revokeInvite(bob.session(), invite.code())))
        .isEqualTo("NOT_ADMIN");
    assertError(
        raw(
            client,
            "PATCH",
            "/groups/" + id,
            new JsonObject().put("name", "x").encode(),
            bob.token()),
        403,
        "NOT_ADMIN");

    Group unchanged = join(client.groups().get(bob.session(), id));
    assertThat(unchanged.name()).isEqualTo(group.name());
    assertThat(unchanged.memberIds()).containsExactlyInAnyOrder(alice.id(), bob.id());
    assertThat(unchanged.roleOf(alice.id())).isEqualTo("admin");
    assertThat(unchanged.roleOf(bob.id())).isEqualTo("member");
    assertThat(groupHistory(alice, group)).hasSize(1); // "created" only
    assertThat(join(client.groups().join(carol.session(), invite.code())).memberIds())
        .contains(carol.id()); // the invite bob tried to revoke still works

    // The last admin cannot step down; once promoted, bob may do what admins do.
    ParleyException lastAdmin =
        refusal(client.groups().setRole(alice.session(), id, alice.id(), "member"));
    assertThat(lastAdmin.code()).isEqualTo("LAST_ADMIN");
    assertThat(lastAdmin.httpStatus()).isEqualTo(409);
    join(client.groups().setRole(alice.session(), id, bob.id(), "admin"));
    assertThat(join(client.groups().rename(bob.session(), id, "bob's")).name()).isEqualTo("bob's");
  }

  @Test
  void nonMembersAreRefusedWithNotMemberOnSendTypingAndMembershipCalls() {
    Account[] u = newUsers(client, 3);
    Account alice = u[0], bob = u[1], mallory = u[2];
    Group group = create(alice, bob);
    String id = group.groupId();
    Online malloryOnline = online(mallory)[0];

    assertError(
        raw(
            client,
            "POST",
            "/messages/send",
            new JsonObject().put("group_id", id).put("content", "hi").encode(),
            mallory.token()),
        403,
        "NOT_MEMBER");
    assertThat(code(malloryOnline.connection().sendToGroup(id, "hi", "m-1")))
        .isEqualTo("NOT_MEMBER");
    join(malloryOnline.connection().typingInGroup(id, true));
    ErrorFrame typing = malloryOnline.recorder().awaitError(0);
    assertThat(typing.code()).isEqualTo("NOT_MEMBER");
    assertThat(typing.requestType()).isEqualTo("typing");
    assertThat(code(client.groups().leave(mallory.session(), id))).isEqualTo("NOT_MEMBER");
    assertThat(code(client.groups().addMembers(mallory.session(), id, ids(mallory))))
        .isEqualTo("NOT_MEMBER");
    assertThat(code(client.groups().removeMember(mallory.session(), id, bob.id())))
        .isEqualTo("NOT_MEMBER");
    assertThat(code(client.groups().get(mallory.session(), id))).isEqualTo("NOT_FOUND");
    assertThat(join(client.groups().get(alice.session(), id)).memberIds())
        .containsExactlyInAnyOrder(alice.id(), bob.id());
  }

  // ---- invites ----

  @Test
  void aRevokedInviteAdmitsNoOneWhileOtherInvitesStillWork() {
    Account[] u = newUsers(client, 3);
    Account alice = u[0], bob = u[1], carol = u[2];
    Group group = create(alice);
    Invite revoked = join(client.groups().createInvite(alice.session(), group.groupId()));
    Invite kept = join(client.groups().createInvite(alice.session(), group.groupId()));
    assertThat(revoked.groupId()).isEqualTo(group.groupId());
    assertThat(revoked.createdBy()).isEqualTo(alice.id());
    assertThat(revoked.code()).isNotEqualTo(kept.code());
    assertThat(join(client.groups().invites(alice.session(), group.groupId())))
        .extracting(Invite::code)
        .containsExactlyInAnyOrder(revoked.code(), kept.code());

    join(client.groups().revokeInvite(alice.session(), revoked.code()));

    ParleyException refused = refusal(client.groups().join(bob.session(), revoked.code()));
    assertThat(refused.code()).isEqualTo("INVITE_NOT_FOUND");
    assertThat(refused.httpStatus()).isEqualTo(404);
    assertError(
        raw(client, "POST", "/invites/" + revoked.code() + "/join", null, carol.token()),
        404,
        "INVITE_NOT_FOUND");
    assertThat(code(client.groups().revokeInvite(alice.session(), revoked.code())))
        .isEqualTo("INVITE_NOT_FOUND");
    assertThat(join(client.groups().invites(alice.session(), group.groupId())))
        .extracting(Invite::code)
        .containsExactly(kept.code());
    assertThat(join(client.groups().get(alice.session(), group.groupId())).memberIds())
        .containsExactly(alice.id());

    Group joined = join(client.groups().join(bob.session(), kept.code()));
    assertThat(joined.memberIds()).containsExactlyInAnyOrder(alice.id(), bob.id());
    assertThat(joined.roleOf(bob.id())).isEqualTo("member");
    join(client.groups().join(bob.session(), kept.code())); // again: already in, nothing changes
    assertThat(events(groupHistory(alice, group), group.groupId(), "joined")).hasSize(1);
  }

  // ---- the group list ----

  @Test
  void theGroupListShowsEachGroupWithItsLastMessageAndUnreadCount() {
    Account[] u = newUsers(client, 2);
    Account alice = u[0], bob = u[1];
    Group one = create(alice, bob);
    Group two = create(alice, bob);
    Message a1 = send(alice, one, "one 1");
    send(alice, one, "one 2");
    Message a3 = send(alice, one, "one 3");
    Message b1 = send(alice, two, "two 1");

    join(client.receipts(bob.session(), ReceiptType.READ, List.of(a1.messageId())));

    List<GroupSummary> bobs = join(client.groups().list(bob.session()));
    assertThat(bobs)
        .extracting(GroupSummary::groupId)
        .containsExactlyInAnyOrder(one.groupId(), two.groupId());
    assertThat(bobs)
        .isSortedAccordingTo(Comparator.comparingLong(GroupSummary::lastActivity).reversed());
    GroupSummary bobsOne = summary(bobs, one);
    assertThat(bobsOne.name()).isEqualTo(one.name());
    assertThat(bobsOne.role()).isEqualTo("member");
    assertThat(bobsOne.memberCount()).isEqualTo(2);
    assertThat(bobsOne.lastMessage().messageId()).isEqualTo(a3.messageId());
    assertThat(bobsOne.unreadCount()).isEqualTo(2);
    assertThat(bobsOne.lastActivity()).isEqualTo(a3.timestamp());
    assertThat(summary(bobs, two).lastMessage().messageId()).isEqualTo(b1.messageId());
    if (b1.timestamp() > a3.timestamp()) {
      assertThat(bobs.get(0).groupId()).isEqualTo(two.groupId());
    }
    List<GroupSummary> alices = join(client.groups().list(alice.session()));
    assertThat(summary(alices, one).role()).isEqualTo("admin");
    assertThat(summary(alices, one).unreadCount()).isZero(); // her own messages moved her marker
    assertThat(summary(alices, two).unreadCount()).isZero();

    join(client.receipts(bob.session(), ReceiptType.READ, List.of(b1.messageId())));
    assertThat(summary(join(client.groups().list(bob.session())), two).unreadCount()).isZero();
    ConversationSummary conversation =
        join(client.conversations(bob.session())).stream()
            .filter(c -> conversationOf(one.groupId()).equals(c.conversationId()))
            .findFirst()
            .orElseThrow();
    assertThat(conversation.type()).isEqualTo("group");
    assertThat(conversation.groupId()).isEqualTo(one.groupId());
    assertThat(conversation.name()).isEqualTo(one.name());
    assertThat(conversation.unreadCount()).isEqualTo(2);

    // A group one has left is no longer listed.
    join(client.groups().leave(bob.session(), one.groupId()));
    assertThat(join(client.groups().list(bob.session())))
        .extracting(GroupSummary::groupId)
        .containsExactly(two.groupId());
  }

  private static GroupSummary summary(List<GroupSummary> list, Group group) {
    return list.stream()
        .filter(s -> s.groupId().equals(group.groupId()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("group " + group.groupId() + " not listed"));
  }

  // ---- receipts and typing ----

  @Test
  void membersReceiptsReachTheSenderWithCountsAndPerMemberDetail() {
    Account[] u = newUsers(client, 4);
    Account alice = u[0], bob = u[1], carol = u[2], dave = u[3];
    Group group = create(alice, bob, carol, dave);
    Online[] on = online(alice, bob, carol);
    Online aliceOnline = on[0], bobOnline = on[1], carolOnline = on[2];

    Message sent =
        join(aliceOnline.connection().sendToGroup(group.groupId(), "did you get it?", null));
    bobOnline.recorder().awaitMessage(sent.messageId());
    carolOnline.recorder().awaitMessage(sent.messageId());

    join(bobOnline.connection().delivered(List.of(sent.messageId())));
    assertThat(awaitReceipt(aliceOnline, sent, bob, "delivered").counts())
        .isEqualTo(new ReceiptCounts(3, 1, 0));
    join(carolOnline.connection().delivered(List.of(sent.messageId())));
    assertThat(awaitReceipt(aliceOnline, sent, carol, "delivered").counts())
        .isEqualTo(new ReceiptCounts(3, 2, 0));
    join(bobOnline.connection().read(List.of(sent.messageId())));
    Receipt read = awaitReceipt(aliceOnline, sent, bob, "read");
    assertThat(read.counts()).isEqualTo(new ReceiptCounts(3, 2, 1));
    assertThat(read.conversationId()).isEqualTo(conversationOf(group.groupId()));

    MessageReceipts detail = join(client.messageReceipts(alice.session(), sent.messageId()));
    assertThat(detail.messageId()).isEqualTo(sent.messageId());
    assertThat(detail.counts()).isEqualTo(new ReceiptCounts(3, 2, 1));
    assertThat(detail.receipts())
        .containsExactlyInAnyOrder(
            new MessageReceipts.Member(bob.id(), "read"),
            new MessageReceipts.Member(carol.id(), "delivered"),
            new MessageReceipts.Member(dave.id(), "sent"));
    assertThat(join(client.messageReceipts(dave.session(), sent.messageId())).counts())
        .isEqualTo(new ReceiptCounts(3, 2, 1)); // any member who can see it may ask
    Message inHistory = find(groupHistory(alice, group), sent);
    assertThat(inHistory.receipts()).isEqualTo(new ReceiptCounts(3, 2, 1));
    assertThat(inHistory.status()).isEqualTo("sent"); // dave has not received it yet

    // Over HTTP too; once every recipient has it, it is delivered, once all read it, read.
    join(client.receipts(dave.session(), ReceiptType.DELIVERED, List.of(sent.messageId())));
    assertThat(awaitReceipt(aliceOnline, sent, dave, "delivered").counts())
        .isEqualTo(new ReceiptCounts(3, 3, 1));
    assertThat(find(groupHistory(alice, group), sent).status()).isEqualTo("delivered");
    join(client.receipts(carol.session(), ReceiptType.READ, List.of(sent.messageId())));
    join(client.receipts(dave.session(), ReceiptType.READ, List.of(sent.messageId())));
    awaitReceipt(aliceOnline, sent, carol, "read");
    awaitReceipt(aliceOnline, sent, dave, "read");
    Message allRead = find(groupHistory(alice, group), sent);
    assertThat(allRead.receipts()).isEqualTo(new ReceiptCounts(3, 3, 3));
    assertThat(allRead.status()).isEqualTo("read");
  }

  private static Receipt awaitReceipt(Online sender, Message message, Account from, String status) {
    Predicate<Receipt> match =
        r ->
            r.messageId().equals(message.messageId())
                && r.userId().equals(from.id())
                && r.status().equals(status);
    return sender.recorder().awaitReceipt(match, status + " receipt of " + from.id());
  }

  private static Message find(List<Message> history, Message message) {
    return history.stream()
        .filter(m -> m.messageId().equals(message.messageId()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("not in history: " + message.messageId()));
  }

  @Test
  void typingInAGroupReachesTheOtherMembers() {
    Account[] u = newUsers(client, 3);
    Group group = create(u[0], u[1], u[2]);
    Online[] on = online(u);
    String conversation = conversationOf(group.groupId());

    join(on[1].connection().typingInGroup(group.groupId(), true));
    for (Online other : List.of(on[0], on[2])) {
      Typing typing =
          other.recorder().awaitTyping(t -> t.userId().equals(u[1].id()) && t.typing(), "typing");
      assertThat(typing).isEqualTo(new Typing(conversation, u[1].id(), true));
    }
    join(on[1].connection().typingInGroup(group.groupId(), false));
    on[0].recorder().awaitTyping(t -> t.userId().equals(u[1].id()) && !t.typing(), "stopped");
    on[2].recorder().awaitTyping(t -> t.userId().equals(u[1].id()) && !t.typing(), "stopped");
  }

  // ---- leaving ----

  @Test
  void aMemberWhoLeavesGetsNothingAfterwardsButKeepsWhatCameBefore() {
    Account[] u = newUsers(client, 3);
    Account alice = u[0], bob = u[1], carol = u[2];
    Group group = create(alice, bob, carol);
    Online bobOnline = online(bob)[0];
    Message before = send(alice, group, "while bob is in");
    bobOnline.recorder().awaitMessage(before.messageId());

    var left = raw(client, "POST", "/groups/" + group.groupId() + "/leave", null, bob.token());
    Message after = send(alice, group, "after bob left");

    assertThat(left.status()).isEqualTo(200);
    assertThat(left.json())
        .isEqualTo(new JsonObject().put("group_id", group.groupId()).put("left", true));
    fence(alice, bobOnline);
    assertThat(ofGroup(bobOnline.recorder().messages, group.groupId()))
        .extracting(m -> m.event() == null ? m.content() : m.event().type())
        .containsExactly("while bob is in", "left");
    assertThat(timesReceived(bobOnline.recorder(), after.messageId())).isZero();
    assertThat(messageIds(groupHistory(bob, group)))
        .contains(before.messageId())
        .doesNotContain(after.messageId());
    assertThat(code(bobOnline.connection().sendToGroup(group.groupId(), "let me back", null)))
        .isEqualTo("NOT_MEMBER");
    assertError(
        raw(
            client,
            "GET",
            "/conversations/" + conversationOf(group.groupId()) + "/messages",
            null,
            bob.token()),
        403,
        "FORBIDDEN");
    assertThat(code(client.groups().get(bob.session(), group.groupId()))).isEqualTo("NOT_FOUND");

    // The last admin leaving hands the group to the longest-standing member.
    join(client.groups().leave(alice.session(), group.groupId()));
    Group handedOver = join(client.groups().get(carol.session(), group.groupId()));
    assertThat(handedOver.members())
        .extracting(GroupMember::userId, GroupMember::role)
        .containsExactly(tuple(carol.id(), "admin"));
  }

  @Test
  void aGroupSendWithTheSameClientMsgIdIsStoredOnce() {
    Account[] u = newUsers(client, 2);
    Group group = create(u[0], u[1]);
    SendRequest request = SendRequest.toGroup(group.groupId(), "once").withClientMsgId("k-1");

    Message first = join(client.send(u[0].session(), request));
    Message again = join(client.send(u[0].session(), request));

    assertThat(again.messageId()).isEqualTo(first.messageId());
    assertThat(again.seq()).isEqualTo(first.seq());
    assertThat(groupHistory(u[1], group))
        .extracting(Message::content)
        .containsExactly(groupHistory(u[1], group).get(0).content(), "once");
  }
}
