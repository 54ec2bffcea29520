package io.parley.app.it;

import static io.parley.app.it.EndToEnd.assertError;
import static io.parley.app.it.EndToEnd.conversationId;
import static io.parley.app.it.EndToEnd.join;
import static io.parley.app.it.EndToEnd.newUser;
import static io.parley.app.it.EndToEnd.newUsers;
import static io.parley.app.it.EndToEnd.raw;
import static io.parley.app.it.EndToEnd.rawSend;
import static io.parley.app.it.EndToEnd.wholeHistory;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.parley.app.it.EndToEnd.Account;
import io.parley.client.ConversationPage;
import io.parley.client.ConversationSummary;
import io.parley.client.HistoryQuery;
import io.parley.client.Message;
import io.parley.client.Page;
import io.parley.client.ParleyClient;
import io.parley.client.RawResponse;
import io.parley.client.ReceiptType;
import io.parley.client.SendRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Sending, history, conversations and receipts over real HTTP (docs/API.md, "Messages"). */
class MessagingEndToEndTest {

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

  private static Message send(Account from, Account to, String content) {
    return join(client.send(from.session(), SendRequest.toUser(to.id(), content)));
  }

  private static List<String> ids(List<Message> messages) {
    return messages.stream().map(Message::messageId).toList();
  }

  // ---- POST /messages/send ----

  @Test
  void sendAnswers201WithTheStoredMessageWhoseIdsAreStrings() {
    Account[] users = newUsers(client, 2);
    Account alice = users[0];
    Account bob = users[1];
    long before = System.currentTimeMillis();
    String body =
        new JsonObject()
            .put("receiver_id", bob.id())
            .put("content", "hello bob")
            .put("client_msg_id", "c-1")
            .encode();

    RawResponse response = raw(client, "POST", "/messages/send", body, alice.token());

    assertThat(response.status()).isEqualTo(201);
    JsonObject m = response.json();
    assertThat(m.getValue("message_id")).isInstanceOf(String.class);
    assertThat(m.getString("message_id")).matches("[1-9][0-9]{0,18}");
    assertThat(m.getValue("sender_id")).isEqualTo(alice.id());
    assertThat(m.getValue("receiver_id")).isEqualTo(bob.id());
    assertThat(m.containsKey("group_id")).isFalse();
    assertThat(m.getString("conversation_id")).isEqualTo(conversationId(alice, bob));
    assertThat(m.getValue("seq")).isEqualTo(1);
    assertThat(m.getString("content")).isEqualTo("hello bob");
    assertThat(m.getString("status")).isEqualTo("sent");
    assertThat(m.getString("client_msg_id")).isEqualTo("c-1");
    assertThat(m.getLong("timestamp")).isCloseTo(before, within(60_000L));
  }

  @Test
  void aMessageWithoutClientMsgIdHasNoClientMsgIdField() {
    Account[] users = newUsers(client, 2);
    Account alice = users[0];
    Account bob = users[1];

    RawResponse response = rawSend(client, alice, bob.id(), "no key");

    assertThat(response.status()).isEqualTo(201);
    assertThat(response.json().containsKey("client_msg_id")).isFalse();
  }

  @Test
  void theConversationIdIsTheLowerUserIdThenTheHigher() {
    Account[] users = newUsers(client, 2);
    Account alice = users[0];
    Account bob = users[1];

    Message ab = send(alice, bob, "a to b");
    Message ba = send(bob, alice, "b to a");

    String expected = conversationId(alice, bob);
    assertThat(ab.conversationId()).isEqualTo(expected);
    assertThat(ba.conversationId()).isEqualTo(expected);
    long low = Math.min(Long.parseLong(alice.id()), Long.parseLong(bob.id()));
    assertThat(expected).startsWith("d-" + low + "-");
  }

  @Test
  void seqCountsFromOneWithoutGapsInEachConversationWhoeverSends() {
    Account[] users = newUsers(client, 3);
    Account alice = users[0];
    Account bob = users[1];
    Account carol = users[2];

    List<Long> withBob = new ArrayList<>();
    withBob.add(send(alice, bob, "1").seq());
    withBob.add(send(bob, alice, "2").seq());
    long withCarol = send(alice, carol, "other conversation").seq();
    withBob.add(send(alice, bob, "3").seq());
    withBob.add(send(bob, alice, "4").seq());

    assertThat(withBob).containsExactly(1L, 2L, 3L, 4L);
    assertThat(withCarol).isEqualTo(1L);
  }

  @Test
  void concurrentSendsToOneConversationGetDistinctGaplessSeqs() {
    Account[] users = newUsers(client, 2);
    Account alice = users[0];
    Account bob = users[1];

    List<CompletableFuture<Message>> sends =
        IntStream.range(0, 20)
            .mapToObj(
                i ->
                    client.send(
                        (i % 2 == 0 ? alice : bob).session(),
                        SendRequest.toUser((i % 2 == 0 ? bob : alice).id(), "m" + i)))
            .toList();

    List<Long> seqs = sends.stream().map(EndToEnd::join).map(Message::seq).sorted().toList();
    assertThat(seqs).containsExactlyElementsOf(LongStream.rangeClosed(1, 20).boxed().toList());
  }

  @Test
  void retryingWithTheSameClientMsgIdReturnsTheSameMessageAndStoresItOnce() {
    Account[] users = newUsers(client, 2);
    Account alice = users[0];
    Account bob = users[1];
    SendRequest request = SendRequest.toUser(bob.id(), "only once").withClientMsgId("retry-1");

    Message first = join(client.send(alice.session(), request));
    Message again = join(client.send(alice.session(), request));

    assertThat(again).isEqualTo(first);
    assertThat(wholeHistory(client, bob))
        .extracting(Message::messageId)
        .containsExactly(first.messageId());
    assertThat(wholeHistory(client, alice))
        .extracting(Message::messageId)
        .containsExactly(first.messageId());
  }

  @Test
  void concurrentRetriesWithTheSameClientMsgIdStoreOneMessage() {
    Account[] users = newUsers(client, 2);
    Account alice = users[0];
    Account bob = users[1];
    SendRequest request = SendRequest.toUser(bob.id(), "racing retries").withClientMsgId("race:1");

    List<CompletableFuture<Message>> retries =
        IntStream.range(0, 8).mapToObj(i -> client.send(alice.session(), request)).toList();

    List<String> answered = retries.stream().map(EndToEnd::join).map(Message::messageId).toList();
    assertThat(answered).containsOnly(answered.get(0));
    assertThat(ids(wholeHistory(client, bob))).containsExactly(answered.get(0));
  }

  @Test
  void aClientMsgIdIsTheSendersOwnKey() {
    Account[] users = newUsers(client, 3);
    Account alice = users[0];
    Account carol = users[1];
    Account bob = users[2];

    Message fromAlice =
        join(client.send(alice.session(), SendRequest.toUser(bob.id(), "a").withClientMsgId("k")));
    Message fromCarol =
        join(client.send(carol.session(), SendRequest.toUser(bob.id(), "c").withClientMsgId("k")));

    assertThat(fromCarol.messageId()).isNotEqualTo(fromAlice.messageId());
    assertThat(fromCarol.senderId()).isEqualTo(carol.id());
    assertThat(fromCarol.content()).isEqualTo("c");
    assertThat(wholeHistory(client, bob)).hasSize(2);
  }

  // ---- GET /messages/{user_id} ----

  @Test
  void historyAnswersTheMessagesOldestFirstWithStringIds() {
    Account[] users = newUsers(client, 2);
    Account alice = users[0];
    Account bob = users[1];
    Message m1 = send(alice, bob, "one");
    Message m2 = send(bob, alice, "two");

    RawResponse response = raw(client, "GET", "/messages/" + alice.id(), null, alice.token());

    assertThat(response.status()).isEqualTo(200);
    JsonObject page = response.json();
    JsonArray messages = page.getJsonArray("messages");
    assertThat(messages).hasSize(2);
    assertThat(messages.getJsonObject(0).getValue("message_id")).isEqualTo(m1.messageId());
    assertThat(messages.getJsonObject(1).getValue("message_id")).isEqualTo(m2.messageId());
    assertThat(page.getValue("has_more")).isEqualTo(false);
    assertThat(page.getValue("next_cursor")).isInstanceOf(String.class);
  }

  @Test
  void historyPagesFollowEachOtherWithoutGapsOrRepeatsAcrossConversations() {
    Account[] users = newUsers(client, 3);
    Account alice = users[0];
    Account bob = users[1];
    Account carol = users[2];
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      Message m =
          switch (i % 3) {
            case 0 -> send(alice, bob, "to bob " + i);
            case 1 -> send(carol, alice, "from carol " + i);
            default -> send(bob, alice, "from bob " + i);
          };
      sent.add(m.messageId());
    }

    List<String> read = new ArrayList<>();
    List<Boolean> hasMore = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    String after = null;
    do {
      Page page = join(client.history(alice.session(), alice.id(), HistoryQuery.after(after, 3)));
      read.addAll(ids(page.messages()));
      hasMore.add(page.hasMore());
      sizes.add(page.messages().size());
      after = page.nextCursor();
    } while (hasMore.get(hasMore.size() - 1) && hasMore.size() < 10);

    assertThat(read).containsExactlyElementsOf(sent);
    assertThat(sizes).containsExactly(3, 3, 1);
    assertThat(hasMore).containsExactly(true, true, false);
  }

  @Test
  void theLastCursorContinuesWithMessagesSentLater() {
    Account[] users = newUsers(client, 2);
    Account alice = users[0];
    Account bob = users[1];
    send(alice, bob, "before");
    Page first = join(client.history(bob.session(), bob.id(), HistoryQuery.FIRST));
    assertThat(first.hasMore()).isFalse();

    Page nothingYet =
        join(client.history(bob.session(), bob.id(), HistoryQuery.after(first.nextCursor(), 50)));
    Message later = send(alice, bob, "later");
    Page next =
        join(client.history(bob.session(), bob.id(), HistoryQuery.after(first.nextCursor(), 50)));

    assertThat(nothingYet.messages()).isEmpty();
    assertThat(nothingYet.hasMore()).isFalse();
    assertThat(ids(next.messages())).containsExactly(later.messageId());
  }

  @Test
  void historySinceSkipsOlderMessages() {
    Account[] users = newUsers(client, 2);
    Account alice = users[0];
    Account bob = users[1];
    send(alice, bob, "old 1");
    Message old2 = send(alice, bob, "old 2");
    long since = old2.timestamp() + 1;
    EndToEnd.waitFor("the clock passes the old messages")
        .until(() -> System.currentTimeMillis() > since);
    Message new1 = send(bob, alice, "new 1");
    Message new2 = send(alice, bob, "new 2");

    Page page = join(client.history(alice.session(), alice.id(), HistoryQuery.since(since, 50)));
    Page all = join(client.history(alice.session(), alice.id(), HistoryQuery.since(0, 50)));
    Page future =
        join(
            client.history(
                alice.session(), alice.id(), HistoryQuery.since(new2.timestamp() + 60_000, 50)));

    assertThat(ids(page.messages())).containsExactly(new1.messageId(), new2.messageId());
    assertThat(all.messages()).hasSize(4);
    assertThat(future.messages()).isEmpty();
  }

  @Test
  void historyPagesHoldFiftyMessagesByDefault() {
    Account[] users = newUsers(client, 2);
    Account alice = users[0];
    Account bob = users[1];
    List<CompletableFuture<Message>> sends =
        IntStream.range(0, 51)
            .mapToObj(i -> client.send(alice.session(), SendRequest.toUser(bob.id(), "n" + i)))
            .toList();
    sends.forEach(EndToEnd::join);

    Page page = join(client.history(bob.session(), bob.id(), HistoryQuery.FIRST));

    assertThat(page.messages()).hasSize(50);
    assertThat(page.hasMore()).isTrue();
  }

  // ---- GET /conversations ----

  @Test
  void conversationsAreListedMostRecentlyActiveFirstWithTheirLastMessage() {
    Account[] users = newUsers(client, 3);
    Account alice = users[0];
    Account bob = users[1];
    Account carol = users[2];
    send(alice, bob, "hi bob");
    Message toCarol = send(alice, carol, "hi carol");

    List<ConversationSummary> list = join(client.conversations(alice.session()));
    assertThat(list).extracting(ConversationSummary::peerId).containsExactly(carol.id(), bob.id());
    ConversationSummary first = list.get(0);
    assertThat(first.conversationId()).isEqualTo(conversationId(alice, carol));
    assertThat(first.type()).isEqualTo("direct");
    assertThat(first.lastMessage()).isEqualTo(toCarol);
    assertThat(first.lastActivity()).isEqualTo(toCarol.timestamp());

    Message fromBob = send(bob, alice, "bob again");

    List<ConversationSummary> after = join(client.conversations(alice.session()));
    assertThat(after).extracting(ConversationSummary::peerId).containsExactly(bob.id(), carol.id());
    assertThat(after.get(0).lastMessage()).isEqualTo(fromBob);
  }

  @Test
  void conversationsListIsRawJsonWithStringIds() {
    Account[] users = newUsers(client, 2);
    Account alice = users[0];
    Account bob = users[1];
    Message m = send(bob, alice, "hi");

    RawResponse response = raw(client, "GET", "/conversations", null, alice.token());

    assertThat(response.status()).isEqualTo(200);
    JsonObject c = response.json().getJsonArray("conversations").getJsonObject(0);
    assertThat(c.getValue("conversation_id")).isEqualTo(conversationId(alice, bob));
    assertThat(c.getValue("type")).isEqualTo("direct");
    assertThat(c.getValue("peer_id")).isEqualTo(bob.id());
    assertThat(c.getJsonObject("last_message").getValue("message_id")).isEqualTo(m.messageId());
    assertThat(c.getValue("unread_count")).isEqualTo(1);
    assertThat(c.getValue("last_activity")).isInstanceOf(Number.class);
  }

  @Test
  void aNewUserHasNoConversations() {
    Account alice = newUser(client);

    assertThat(join(client.conversations(alice.session()))).isEmpty();
  }

  @Test
  void unreadCountDropsToZeroAfterAReadReceiptOnTheLatestMessage() {
    Account[] users = newUsers(client, 2);
    Account alice = users[0];
    Account bob = users[1];
    send(alice, bob, "1");
    send(alice, bob, "2");
    Message third = send(alice, bob, "3");
    assertThat(unread(bob, alice)).isEqualTo(3);
    assertThat(unread(alice, bob)).isZero(); // her own messages

    join(client.receipts(bob.session(), ReceiptType.DELIVERED, List.of(third.messageId())));
    assertThat(unread(bob, alice)).as("delivered is not read").isEqualTo(3);

    join(client.receipts(bob.session(), ReceiptType.READ, List.of(third.messageId())));
    assertThat(unread(bob, alice)).isZero();

    send(alice, bob, "4");
    assertThat(unread(bob, alice)).isEqualTo(1);
  }

  @Test
  void readingAnOlderMessageLeavesTheLaterOnesUnread() {
    Account[] users = newUsers(client, 2);
    Account alice = users[0];
    Account bob = users[1];
    Message first = send(alice, bob, "1");
    send(alice, bob, "2");
    send(alice, bob, "3");

    join(client.receipts(bob.session(), ReceiptType.READ, List.of(first.messageId())));

    assertThat(unread(bob, alice)).isEqualTo(2);
  }

  @Test
  void replyingMovesTheRepliersReadMarker() {
    Account[] users = newUsers(client, 2);
    Account alice = users[0];
    Account bob = users[1];
    send(alice, bob, "1");
    send(alice, bob, "2");

    send(bob, alice, "reply");

    assertThat(unread(bob, alice)).isZero();
    assertThat(unread(alice, bob)).isEqualTo(1);
  }

  private static long unread(Account user, Account peer) {
    return join(client.conversations(user.session())).stream()
        .filter(c -> peer.id().equals(c.peerId()))
        .findFirst()
        .orElseThrow()
        .unreadCount();
  }

  // ---- GET /conversations/{id}/messages ----

  @Test
  void aConversationReadsNewestFirstAndScrollsBackWithBefore() {
    Account[] users = newUsers(client, 2);
    Account alice = users[0];
    Account bob = users[1];
    List<Message> sent = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      sent.add(i % 2 == 0 ? send(bob, alice, "m" + i) : send(alice, bob, "m" + i));
    }
    String conversation = conversationId(alice, bob);

    ConversationPage p1 = join(client.conversationMessages(alice.session(), conversation, null, 2));
    ConversationPage p2 =
        join(client.conversationMessages(alice.session(), conversation, p1.nextBefore(), 2));
    ConversationPage p3 =
        join(client.conversationMessages(alice.session(), conversation, p2.nextBefore(), 2));

    assertThat(p1.messages()).extracting(Message::seq).containsExactly(5L, 4L);
    assertThat(p2.messages()).extracting(Message::seq).containsExactly(3L, 2L);
    assertThat(p3.messages()).extracting(Message::seq).containsExactly(1L);
    assertThat(List.of(p1.hasMore(), p2.hasMore(), p3.hasMore()))
        .containsExactly(true, true, false);
    assertThat(p3.nextBefore()).isNull();
    List<Message> all = new ArrayList<>(p1.messages());
    all.addAll(p2.messages());
    all.addAll(p3.messages());
    List<String> newestFirst = new ArrayList<>(ids(sent));
    Collections.reverse(newestFirst);
    assertThat(ids(all)).containsExactlyElementsOf(newestFirst);
  }

  @Test
  void aConversationPageIsRawJsonWithAStringNextBefore() {
    Account[] users = newUsers(client, 2);
    Account alice = users[0];
    Account bob = users[1];
    send(alice, bob, "1");
    send(alice, bob, "2");

    RawResponse response =
        raw(
            client,
            "GET",
            "/conversations/" + conversationId(alice, bob) + "/messages?limit=1",
            null,
            bob.token());

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().getValue("next_before")).isInstanceOf(String.class);
    assertThat(response.json().getValue("has_more")).isEqualTo(true);
    assertThat(response.json().getJsonArray("messages")).hasSize(1);
  }

  @Test
  void bothParticipantsReadTheSameConversation() {
    Account[] users = newUsers(client, 2);
    Account alice = users[0];
    Account bob = users[1];
    send(alice, bob, "1");
    send(bob, alice, "2");
    String conversation = conversationId(alice, bob);

    ConversationPage forAlice =
        join(client.conversationMessages(alice.session(), conversation, null, null));
    ConversationPage forBob =
        join(client.conversationMessages(bob.session(), conversation, null, null));

    assertThat(ids(forAlice.messages())).containsExactlyElementsOf(ids(forBob.messages()));
    assertThat(forAlice.messages()).hasSize(2);
  }

  // ---- POST /receipts ----

  @Test
  void receiptsMoveTheStatusFromSentToDeliveredToReadInHistory() {
    Account[] users = newUsers(client, 2);
    Account alice = users[0];
    Account bob = users[1];
    Message m = send(alice, bob, "track me");

    int delivered =
        join(client.receipts(bob.session(), ReceiptType.DELIVERED, List.of(m.messageId())));
    assertThat(delivered).isEqualTo(1);
    assertThat(statusIn(alice, m)).isEqualTo("delivered");
    assertThat(statusIn(bob, m)).isEqualTo("delivered");

    int read = join(client.receipts(bob.session(), ReceiptType.READ, List.of(m.messageId())));
    assertThat(read).isEqualTo(1);
    assertThat(statusIn(alice, m)).isEqualTo("read");
  }

  @Test
  void theStatusNeverMovesBackwards() {
    Account[] users = newUsers(client, 2);
    Account alice = users[0];
    Account bob = users[1];
    Message m = send(alice, bob, "read first");

    join(client.receipts(bob.session(), ReceiptType.READ, List.of(m.messageId())));
    join(client.receipts(bob.session(), ReceiptType.DELIVERED, List.of(m.messageId())));

    assertThat(statusIn(alice, m)).isEqualTo("read");
  }

  @Test
  void aReceiptCoversEveryEarlierMessageOfTheConversation() {
    Account[] users = newUsers(client, 2);
    Account alice = users[0];
    Account bob = users[1];
    Message m1 = send(alice, bob, "1");
    Message m2 = send(alice, bob, "2");
    Message m3 = send(alice, bob, "3");
    Message m4 = send(alice, bob, "4");

    join(client.receipts(bob.session(), ReceiptType.READ, List.of(m3.messageId())));

    assertThat(statusIn(alice, m1)).isEqualTo("read");
    assertThat(statusIn(alice, m2)).isEqualTo("read");
    assertThat(statusIn(alice, m3)).isEqualTo("read");
    assertThat(statusIn(alice, m4)).isEqualTo("sent");
  }

  @Test
  void receiptsForYourOwnMessagesAreIgnored() {
    Account[] users = newUsers(client, 2);
    Account alice = users[0];
    Account bob = users[1];
    Message m = send(alice, bob, "mine");

    RawResponse response =
        raw(
            client,
            "POST",
            "/receipts",
            new JsonObject()
                .put("type", "read")
                .put("message_ids", new JsonArray().add(m.messageId()))
                .encode(),
            alice.token());

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().getValue("acknowledged")).isEqualTo(0);
    assertThat(statusIn(alice, m)).isEqualTo("sent");
  }

  @Test
  void aReceiptForAnUnknownMessageIsNotFoundAndChangesNothing() {
    Account[] users = newUsers(client, 2);
    Account alice = users[0];
    Account bob = users[1];
    Message m = send(alice, bob, "real");
    String body =
        new JsonObject()
            .put("type", "read")
            .put("message_ids", new JsonArray().add(m.messageId()).add("4611686018427387904"))
            .encode();

    assertError(raw(client, "POST", "/receipts", body, bob.token()), 404, "NOT_FOUND");

    assertThat(statusIn(alice, m)).isEqualTo("sent");
  }

  private static String statusIn(Account owner, Message message) {
    return wholeHistory(client, owner).stream()
        .filter(x -> x.messageId().equals(message.messageId()))
        .findFirst()
        .orElseThrow()
        .status();
  }
}
