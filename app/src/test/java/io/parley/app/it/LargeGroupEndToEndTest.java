package io.parley.app.it;

import static io.parley.app.it.EndToEnd.assertError;
import static io.parley.app.it.EndToEnd.join;
import static io.parley.app.it.EndToEnd.raw;
import static io.parley.app.it.EndToEnd.refusal;
import static io.parley.app.it.GroupEndToEnd.conversationOf;
import static io.parley.app.it.GroupEndToEnd.events;
import static io.parley.app.it.GroupEndToEnd.ids;
import static io.parley.app.it.GroupEndToEnd.ofGroup;
import static io.parley.app.it.GroupEndToEnd.timesReceived;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.parley.app.it.EndToEnd.Account;
import io.parley.app.it.GroupEndToEnd.Online;
import io.parley.client.Group;
import io.parley.client.GroupSummary;
import io.parley.client.HistoryQuery;
import io.parley.client.Invite;
import io.parley.client.Message;
import io.parley.client.ParleyClient;
import io.parley.client.ParleyClientOptions;
import io.parley.client.ParleyException;
import io.parley.client.SendRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A group at the 1,000-member cap with every member online over a real WebSocket (1,000 SDK
 * connections on the client's one Vert.x), against a real embedded server. The users and their
 * connections are made once for the class (registering costs an Argon2 hash each); every test
 * creates its own group of them, so tests never see each other's groups.
 *
 * <p>The SDK de-duplicates messages per connection, so "exactly once" is also checked below it: a
 * sample of members has a second, raw socket that keeps every frame as the server sent it.
 */
class LargeGroupEndToEndTest {

  private static final int CAP = 1000;
  private static final int RAW_SAMPLES = 12;

  /** A generous bound for conditions over 1,000 connections on a busy 2-core machine. */
  private static final Duration FAN_OUT = Duration.ofSeconds(30);

  private static final Duration SETUP = Duration.ofMinutes(3);

  private static TestServer server;
  private static ParleyClient client;

  /** members[0] is every group's creator and admin. */
  private static Online[] members;

  /** members[0]'s second connection: a sender's other devices receive its messages too. */
  private static Online creatorsOtherDevice;

  /** Raw second sockets of a sample of members, by index in {@link #members}. */
  private static Map<Integer, RawSocket> raw;

  /** Online, but a member of no group of this class. */
  private static Online outsider;

  /** A user who tries to become the 1,001st member. */
  private static Account newcomer;

  @BeforeAll
  static void start() {
    server =
        TestServer.start(
            Map.of(
                "auth.hash-threads", String.valueOf(Runtime.getRuntime().availableProcessors())));
    client =
        ParleyClient.create(
            new ParleyClientOptions().baseUri(server.uri().toString()).httpPoolSize(16));
    long started = System.nanoTime();
    Account[] accounts = GroupEndToEnd.register(client, CAP + 2, 8, SETUP);
    long registered = System.nanoTime();
    members = GroupEndToEnd.connect(client, Arrays.copyOf(accounts, CAP), 64, SETUP);
    System.out.printf(
        "%d users registered in %d ms, %d connected in %d ms%n",
        accounts.length,
        (registered - started) / 1_000_000,
        CAP,
        (System.nanoTime() - registered) / 1_000_000);
    Online[] extra =
        GroupEndToEnd.connect(client, new Account[] {accounts[0], accounts[CAP]}, 2, SETUP);
    creatorsOtherDevice = extra[0];
    outsider = extra[1];
    newcomer = accounts[CAP + 1];
    raw = new java.util.LinkedHashMap<>();
    for (int i = 0; i < RAW_SAMPLES; i++) {
      int index = 1 + i * (CAP - 1) / RAW_SAMPLES;
      raw.put(
          index, RawSocket.connect(client.vertx(), server.uri(), members[index].account().token()));
    }
  }

  @AfterAll
  static void stop() {
    if (raw != null) raw.values().forEach(RawSocket::close);
    if (client != null) client.close();
    if (server != null) server.close();
  }

  // ---- helpers ----

  private static Account admin() {
    return members[0].account();
  }

  /** A new group of all 1,000 members, created by members[0]. */
  private static Group fullGroup() {
    List<String> others = Arrays.stream(members).skip(1).map(Online::id).toList();
    Group group = join(client.groups().create(admin().session(), groupName(), others));
    assertThat(group.memberIds()).hasSize(CAP);
    return group;
  }

  private static String groupName() {
    return "big-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static Message sendHttp(Account from, String groupId, String content) {
    return join(client.send(from.session(), SendRequest.toGroup(groupId, content)));
  }

  private static List<String> missing(Online[] who, String messageId) {
    return Arrays.stream(who)
        .filter(o -> timesReceived(o.recorder(), messageId) == 0)
        .map(Online::id)
        .toList();
  }

  /** Waits until every one of {@code who} received the message over the SDK. */
  private static void awaitEveryone(Online[] who, String messageId) {
    await("message " + messageId + " at all " + who.length + " connections")
        .atMost(FAN_OUT)
        .untilAsserted(
            () -> assertThat(missing(who, messageId)).as("members still waiting").isEmpty());
  }

  private static void awaitRaw(RawSocket socket, String messageId) {
    await("message " + messageId + " on a raw socket")
        .atMost(FAN_OUT)
        .until(() -> rawCount(socket, messageId) > 0);
  }

  private static long rawCount(RawSocket socket, String messageId) {
    return socket.frames("message").stream()
        .filter(f -> messageId.equals(f.getJsonObject("message").getString("message_id")))
        .count();
  }

  private static Online[] except(int index) {
    return IntStream.range(0, CAP)
        .filter(i -> i != index)
        .mapToObj(i -> members[i])
        .toArray(Online[]::new);
  }

  /**
   * Sends a 1:1 message to {@code to} and waits until its connection has it: anything the server
   * published to that connection before it has arrived by then.
   */
  private static Message fence(Online to) {
    Message fence = join(client.send(admin().session(), SendRequest.toUser(to.id(), "fence")));
    to.recorder().awaitMessage(fence.messageId());
    return fence;
  }

  // ---- tests ----

  @Test
  void oneMessageReachesEveryMemberExactlyOnceAndTheSendersOtherDevice() {
    Group group = fullGroup();

    Message sent = join(members[0].connection().sendToGroup(group.groupId(), "hello all", null));

    awaitEveryone(members, sent.messageId());
    creatorsOtherDevice.recorder().awaitMessage(sent.messageId());
    // A second message behind the first: once it is in, any duplicate of the first would be too.
    Message behind = join(members[0].connection().sendToGroup(group.groupId(), "behind", null));
    awaitEveryone(members, behind.messageId());
    raw.values().forEach(socket -> awaitRaw(socket, behind.messageId()));

    for (Online member : members) {
      assertThat(timesReceived(member.recorder(), sent.messageId()))
          .as("deliveries to %s", member.id())
          .isEqualTo(1);
    }
    assertThat(timesReceived(creatorsOtherDevice.recorder(), sent.messageId())).isEqualTo(1);
    raw.forEach(
        (index, socket) ->
            assertThat(rawCount(socket, sent.messageId()))
                .as("frames of the message on the raw socket of member #%d", index)
                .isEqualTo(1));
    Message received = members[CAP - 1].recorder().awaitMessage(sent.messageId());
    assertThat(received.groupId()).isEqualTo(group.groupId());
    assertThat(received.conversationId()).isEqualTo(conversationOf(group.groupId()));
    assertThat(received.senderId()).isEqualTo(admin().id());
    assertThat(received.content()).isEqualTo("hello all");
    assertThat(received.receiverId()).isNull();
    fence(outsider);
    assertThat(ofGroup(outsider.recorder().messages, group.groupId())).isEmpty();
  }

  @Test
  void everyMembersHistoryHasTheMessageOnceFannedOutOnWrite() {
    Group group = fullGroup();
    Message sent = sendHttp(members[7].account(), group.groupId(), "into every inbox");

    List<List<Message>> histories =
        GroupEndToEnd.inParallel(
            CAP,
            16,
            FAN_OUT,
            i ->
                client
                    .history(
                        members[i].account().session(),
                        members[i].id(),
                        HistoryQuery.since(group.createdAt(), 500))
                    .thenApply(page -> ofGroup(page.messages(), group.groupId())));

    for (int i = 0; i < CAP; i++) {
      List<Message> history = histories.get(i);
      assertThat(history)
          .as("group history of member #%d", i)
          .extracting(Message::messageId)
          .containsExactly(history.get(0).messageId(), sent.messageId());
      assertThat(history.get(0).event().type()).isEqualTo("created");
    }
  }

  @Test
  void theThousandAndFirstMemberIsRefusedOnCreateAddAndJoin() {
    Group group = fullGroup();
    Invite invite = join(client.groups().createInvite(admin().session(), group.groupId()));

    ParleyException added =
        refusal(client.groups().addMembers(admin().session(), group.groupId(), ids(newcomer)));
    ParleyException joined = refusal(client.groups().join(newcomer.session(), invite.code()));
    JsonArray tooMany = new JsonArray();
    Arrays.stream(members).skip(1).forEach(m -> tooMany.add(m.id()));
    tooMany.add(newcomer.id());
    var created =
        raw(
            client,
            "POST",
            "/groups/create",
            new JsonObject().put("name", groupName()).put("member_ids", tooMany).encode(),
            admin().token());

    assertThat(added.code()).isEqualTo("GROUP_FULL");
    assertThat(added.httpStatus()).isEqualTo(409);
    assertThat(joined.code()).isEqualTo("GROUP_FULL");
    assertThat(joined.httpStatus()).isEqualTo(409);
    assertError(created, 409, "GROUP_FULL");
    Group after = join(client.groups().get(admin().session(), group.groupId()));
    assertThat(after.memberIds()).hasSize(CAP).doesNotContain(newcomer.id());
    assertThat(refusal(client.groups().get(newcomer.session(), group.groupId())).code())
        .isEqualTo("NOT_FOUND");

    // The cap counts the members of now: once one leaves, one may join, and then it is full again.
    Account leaver = members[CAP - 1].account();
    join(client.groups().leave(leaver.session(), group.groupId()));
    assertThat(join(client.groups().join(newcomer.session(), invite.code())).memberIds())
        .hasSize(CAP)
        .contains(newcomer.id());
    assertThat(refusal(client.groups().join(leaver.session(), invite.code())).code())
        .isEqualTo("GROUP_FULL");
    assertThat(
            refusal(client.groups().addMembers(admin().session(), group.groupId(), ids(leaver)))
                .code())
        .isEqualTo("GROUP_FULL");
  }

  @Test
  void aRemovedMemberStopsReceivingAtOnceWhileTheOthersGoOn() {
    Group group = fullGroup();
    int removedIndex = raw.keySet().stream().skip(RAW_SAMPLES / 2).findFirst().orElseThrow();
    Online removed = members[removedIndex];
    RawSocket removedRaw = raw.get(removedIndex);

    Group after =
        join(client.groups().removeMember(admin().session(), group.groupId(), removed.id()));
    Message later = sendHttp(admin(), group.groupId(), "after the removal");

    assertThat(after.memberIds()).hasSize(CAP - 1).doesNotContain(removed.id());
    awaitEveryone(except(removedIndex), later.messageId());
    await("the removed member's 'removed' message")
        .atMost(FAN_OUT)
        .until(() -> !events(removed.recorder().messages, group.groupId(), "removed").isEmpty());
    Message removal = events(removed.recorder().messages, group.groupId(), "removed").get(0);
    assertThat(removal.event().userIds()).containsExactly(removed.id());
    assertThat(removal.event().actorId()).isEqualTo(admin().id());
    Message fence = fence(removed);
    awaitRaw(removedRaw, fence.messageId());
    assertThat(timesReceived(removed.recorder(), later.messageId())).isZero();
    assertThat(rawCount(removedRaw, later.messageId())).isZero();
    assertThat(rawCount(removedRaw, removal.messageId())).isEqualTo(1);
    List<Message> history =
        ofGroup(EndToEnd.wholeHistory(client, removed.account()), group.groupId());
    assertThat(history)
        .extracting(Message::messageId)
        .contains(removal.messageId())
        .doesNotContain(later.messageId());

    ParleyException send =
        refusal(removed.connection().sendToGroup(group.groupId(), "still here?", null));
    assertThat(send.code()).isEqualTo("NOT_MEMBER");
  }

  @Test
  void aNonMemberIsRefusedOnSendAndSeesNothing() {
    Group group = fullGroup();
    String body =
        new JsonObject().put("group_id", group.groupId()).put("content", "let me in").encode();

    var overHttp = raw(client, "POST", "/messages/send", body, outsider.account().token());
    ParleyException overWs =
        refusal(outsider.connection().sendToGroup(group.groupId(), "let me in", null));
    Message sent = sendHttp(members[3].account(), group.groupId(), "members only");

    assertError(overHttp, 403, "NOT_MEMBER");
    assertThat(overWs.code()).isEqualTo("NOT_MEMBER");
    assertThat(overWs.httpStatus()).isEqualTo(403);
    awaitEveryone(members, sent.messageId());
    fence(outsider);
    assertThat(ofGroup(outsider.recorder().messages, group.groupId())).isEmpty();
    assertThat(EndToEnd.wholeHistory(client, outsider.account()))
        .as("the outsider's history (in no group at all)")
        .noneMatch(Message::isGroup);
    assertError(
        raw(client, "GET", "/groups/" + group.groupId(), null, outsider.account().token()),
        404,
        "NOT_FOUND");
    assertError(
        raw(
            client,
            "GET",
            "/conversations/" + conversationOf(group.groupId()) + "/messages",
            null,
            outsider.account().token()),
        403,
        "FORBIDDEN");
    assertThat(join(client.groups().list(outsider.account().session())))
        .extracting(GroupSummary::groupId)
        .doesNotContain(group.groupId());
    assertThat(join(client.conversations(outsider.account().session())))
        .noneMatch(c -> group.groupId().equals(c.groupId()));
    // API.md gives receipt detail "to anyone who can see the message", without naming the refusal.
    var receipts =
        raw(
            client,
            "GET",
            "/messages/" + sent.messageId() + "/receipts",
            null,
            outsider.account().token());
    assertThat(receipts.status()).as("receipt detail for an outsider").isIn(403, 404);
  }
}
