package io.parley.testkit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.parley.core.id.MessageId;
import io.parley.core.id.UserId;
import io.parley.core.message.ConversationId;
import io.parley.core.message.ConversationSummary;
import io.parley.core.message.DeliveryStatus;
import io.parley.core.message.Markers;
import io.parley.core.message.Message;
import io.parley.core.message.MessageStore.AppendResult;
import io.parley.core.message.MessageStore.HistoryPage;
import io.parley.core.message.MessageStore.InboxQuery;
import io.parley.core.message.MessageStore.InboxResult;
import io.parley.core.message.MessageStore.MarkerChange;
import io.parley.core.message.Receipt;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link io.parley.core.message.MessageStore}, run by every adapter: extend it and
 * implement {@link #createStores()}. The concurrent cases live in {@link
 * MessageStoreConcurrencyContract} and group messages in {@link GroupMessagesContract}, which this
 * suite includes.
 */
public abstract class MessageStoreContract extends GroupMessagesContract {

  @Test
  void appendAssignsIncreasingIdsAndGaplessSeqsStartingAtOne() {
    UserId a = randomUser();
    UserId b = randomUser();
    List<Message> sent = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      sent.add(i % 2 == 0 ? send(a, b, "m" + i) : send(b, a, "m" + i));
    }

    assertThat(sent).extracting(Message::seq).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(sent).extracting(Message::id).doesNotHaveDuplicates().isSorted();
  }

  @Test
  void eachConversationCountsItsOwnSeq() {
    UserId a = randomUser();
    UserId b = randomUser();
    UserId c = randomUser();

    assertThat(send(a, b, "1").seq()).isEqualTo(1);
    assertThat(send(a, c, "1").seq()).isEqualTo(1);
    assertThat(send(b, a, "2").seq()).isEqualTo(2);
  }

  @Test
  void anAppendedMessageCarriesWhatWasSent() {
    UserId a = randomUser();
    UserId b = randomUser();
    long now = System.currentTimeMillis();

    AppendResult result = append(a, b, "héllo ✓ 👋", "client-1");

    assertThat(result).isInstanceOf(AppendResult.Appended.class);
    assertThat(((AppendResult.Appended) result).cursor()).isNotBlank();
    Message message = result.message();
    assertThat(message.conversation()).isEqualTo(ConversationId.direct(b, a));
    assertThat(message.sender()).isEqualTo(a);
    assertThat(message.receiver()).isEqualTo(b);
    assertThat(message.group()).isNull();
    assertThat(message.content()).isEqualTo("héllo ✓ 👋");
    assertThat(message.clientMsgId()).isEqualTo("client-1");
    assertThat(message.status()).isEqualTo(DeliveryStatus.SENT);
    assertThat(message.timestamp()).isCloseTo(now, within(5_000L));
  }

  @Test
  void aMessageReachesTheInboxesOfBothParticipants() {
    UserId a = randomUser();
    UserId b = randomUser();

    Message message = send(a, b, "hi");

    assertThat(readInbox(a, 10)).containsExactly(message);
    assertThat(readInbox(b, 10)).containsExactly(message);
    assertThat(await(messages().messages(List.of(message.id()))))
        .containsExactly(Map.entry(message.id(), message));
  }

  @Test
  void inboxHoldsOnlyTheOwnersConversations() {
    UserId a = randomUser();
    UserId b = randomUser();
    Message mine = send(b, a, "for a");
    send(b, randomUser(), "not for a");

    assertThat(readInbox(a, 10)).containsExactly(mine);
  }

  @Test
  void duplicateClientMsgIdReturnsTheOriginalMessage() {
    UserId a = randomUser();
    UserId b = randomUser();
    Message original = append(a, b, "once", "retry-1").message();

    AppendResult again = append(a, b, "edited on retry", "retry-1");

    assertThat(again).isInstanceOf(AppendResult.Duplicate.class);
    assertThat(again.message()).isEqualTo(original);
    assertThat(readInbox(b, 10)).containsExactly(original);
    assertThat(send(a, b, "next").seq()).isEqualTo(2);
  }

  @Test
  void theSameClientMsgIdFromTwoSendersIsTwoMessages() {
    UserId a = randomUser();
    UserId b = randomUser();

    AppendResult fromA = append(a, b, "from a", "shared-id");
    AppendResult fromB = append(b, a, "from b", "shared-id");

    assertThat(fromA).isInstanceOf(AppendResult.Appended.class);
    assertThat(fromB).isInstanceOf(AppendResult.Appended.class);
    assertThat(ids(readInbox(a, 10))).containsExactly(fromA.message().id(), fromB.message().id());
  }

  @Test
  void messagesWithoutClientMsgIdAreNeverDeduplicated() {
    UserId a = randomUser();
    UserId b = randomUser();

    AppendResult first = append(a, b, "same", null);
    AppendResult second = append(a, b, "same", null);

    assertThat(second).isInstanceOf(AppendResult.Appended.class);
    assertThat(second.message().id()).isNotEqualTo(first.message().id());
    assertThat(readInbox(b, 10)).hasSize(2);
  }

  @Test
  void sendingMovesTheSendersReadMarker() {
    UserId a = randomUser();
    UserId b = randomUser();
    ConversationId conversation = ConversationId.direct(a, b);
    send(a, b, "1");
    send(a, b, "2");

    assertThat(markers(conversation, a)).isEqualTo(new Markers(2, 2));
    assertThat(markers(conversation, b)).isEqualTo(Markers.NONE);

    send(b, a, "3");

    assertThat(markers(conversation, b)).isEqualTo(new Markers(3, 3));
    assertThat(markers(conversation, a)).isEqualTo(new Markers(2, 2));
  }

  @Test
  void inboxPagesContinueWithoutGapsOrRepeats() {
    UserId a = randomUser();
    UserId b = randomUser();
    UserId c = randomUser();
    List<Message> expected = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      expected.add(
          switch (i % 3) {
            case 0 -> send(a, b, "ab" + i);
            case 1 -> send(c, a, "ca" + i);
            default -> send(b, a, "ba" + i);
          });
      send(b, c, "not for a " + i);
    }

    List<InboxResult.Page> pages = new ArrayList<>();
    String cursor = null;
    do {
      InboxResult.Page page = page(a, cursor, 0, 7);
      pages.add(page);
      cursor = page.nextCursor();
    } while (pages.get(pages.size() - 1).hasMore() && pages.size() < 10);

    assertThat(pages).extracting(p -> p.messages().size()).containsExactly(7, 7, 7, 4);
    assertThat(pages)
        .extracting(InboxResult.Page::hasMore)
        .containsExactly(true, true, true, false);
    assertThat(ids(pages.stream().flatMap(p -> p.messages().stream()).toList()))
        .containsExactlyElementsOf(ids(expected));
  }

  @Test
  void anEmptyPageKeepsTheCursor() {
    UserId owner = randomUser();
    InboxResult.Page empty = page(owner, null, 0, 10);
    assertThat(empty.messages()).isEmpty();
    assertThat(empty.hasMore()).isFalse();
    assertThat(empty.nextCursor()).isNotNull();

    Message message = send(randomUser(), owner, "first");
    InboxResult.Page first = page(owner, empty.nextCursor(), 0, 10);
    assertThat(first.messages()).containsExactly(message);

    InboxResult.Page after = page(owner, first.nextCursor(), 0, 10);
    assertThat(after.messages()).isEmpty();
    assertThat(after.hasMore()).isFalse();
    assertThat(after.nextCursor()).isEqualTo(first.nextCursor());
  }

  @Test
  void theCursorOfAnAppendContinuesEveryInboxAfterThatMessage() {
    UserId a = randomUser();
    UserId b = randomUser();
    var first = (AppendResult.Appended) append(a, b, "1", null);
    Message second = send(b, a, "2");
    Message third = send(a, b, "3");

    assertThat(ids(page(a, first.cursor(), 0, 10).messages()))
        .containsExactly(second.id(), third.id());
    assertThat(ids(page(b, first.cursor(), 0, 10).messages()))
        .containsExactly(second.id(), third.id());
  }

  @Test
  void sinceSkipsOlderMessages() {
    UserId a = randomUser();
    UserId b = randomUser();
    Message old = send(a, b, "old");
    awaitClockPast(old.timestamp());
    Message recent = send(b, a, "recent");
    Message latest = send(a, b, "latest");

    assertThat(ids(page(a, null, recent.timestamp(), 10).messages()))
        .containsExactly(recent.id(), latest.id());
    assertThat(ids(page(a, null, old.timestamp(), 10).messages()))
        .containsExactly(old.id(), recent.id(), latest.id());
    assertThat(page(a, null, latest.timestamp() + 60_000, 10).messages()).isEmpty();
    InboxResult.Page one = page(a, null, recent.timestamp(), 1);
    assertThat(ids(one.messages())).containsExactly(recent.id());
    assertThat(one.hasMore()).isTrue();
    assertThat(ids(page(a, one.nextCursor(), recent.timestamp(), 1).messages()))
        .containsExactly(latest.id());
  }

  @Test
  void anInvalidCursorIsRejected() {
    InboxResult result =
        await(messages().inbox(randomUser(), new InboxQuery("not a cursor!", 0, 10)));

    assertThat(result).isInstanceOf(InboxResult.InvalidCursor.class);
  }

  @Test
  void historyIsNewestFirstAndPagesBackWithBeforeSeq() {
    UserId a = randomUser();
    UserId b = randomUser();
    ConversationId conversation = ConversationId.direct(a, b);
    for (int i = 1; i <= 5; i++) send(i % 2 == 0 ? a : b, i % 2 == 0 ? b : a, "m" + i);
    send(a, randomUser(), "elsewhere");

    HistoryPage newest = history(conversation, Long.MAX_VALUE, 2);
    HistoryPage older = history(conversation, 4, 2);
    HistoryPage oldest = history(conversation, 2, 2);

    assertThat(newest.messages()).extracting(Message::seq).containsExactly(5L, 4L);
    assertThat(newest.hasMore()).isTrue();
    assertThat(newest.messages().get(0).content()).isEqualTo("m5");
    assertThat(older.messages()).extracting(Message::seq).containsExactly(3L, 2L);
    assertThat(older.hasMore()).isTrue();
    assertThat(oldest.messages()).extracting(Message::seq).containsExactly(1L);
    assertThat(oldest.hasMore()).isFalse();
    assertThat(history(conversation, 1, 2).messages()).isEmpty();
    assertThat(history(conversation, Long.MAX_VALUE, 5).hasMore()).isFalse();
  }

  @Test
  void historyOfAnUnknownConversationIsEmpty() {
    HistoryPage page = history(ConversationId.direct(randomUser(), randomUser()), 10, 10);

    assertThat(page.messages()).isEmpty();
    assertThat(page.hasMore()).isFalse();
  }

  @Test
  void messagesAnswersOnlyTheIdsThatExist() {
    UserId a = randomUser();
    UserId b = randomUser();
    Message one = send(a, b, "one");
    Message two = send(a, b, "two");
    MessageId unknown = MessageId.of(ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE));

    Map<MessageId, Message> found =
        await(messages().messages(List.of(two.id(), unknown, one.id())));

    assertThat(found).containsOnly(Map.entry(one.id(), one), Map.entry(two.id(), two));
    assertThat(await(messages().messages(List.of()))).isEmpty();
  }

  @Test
  void conversationsAreListedMostRecentlyActiveFirst() {
    UserId a = randomUser();
    UserId b = randomUser();
    UserId c = randomUser();
    send(a, b, "1");
    Message fromC = send(c, a, "2");
    Message last = send(a, b, "3");

    List<ConversationSummary> list = conversations(a);

    assertThat(list)
        .extracting(ConversationSummary::conversation)
        .containsExactly(ConversationId.direct(a, b), ConversationId.direct(a, c));
    assertThat(list.get(0).lastMessage()).isEqualTo(last);
    assertThat(list.get(0).lastSeq()).isEqualTo(2);
    assertThat(list.get(0).unreadCount()).isZero();
    assertThat(list.get(1).lastMessage()).isEqualTo(fromC);
    assertThat(list.get(1).unreadCount()).isEqualTo(1);
    assertThat(conversations(b))
        .singleElement()
        .satisfies(s -> assertThat(s.unreadCount()).isEqualTo(2));
    assertThat(conversations(randomUser())).isEmpty();
  }

  @Test
  void unreadCountFallsAsTheOwnerReads() {
    UserId a = randomUser();
    UserId b = randomUser();
    ConversationId conversation = ConversationId.direct(a, b);
    for (int i = 0; i < 3; i++) send(b, a, "m" + i);
    assertThat(conversations(a).get(0).unreadCount()).isEqualTo(3);

    advance(a, conversation, Receipt.READ, 2);
    assertThat(conversations(a).get(0).unreadCount()).isEqualTo(1);

    advance(a, conversation, Receipt.DELIVERED, 3);
    assertThat(conversations(a).get(0).unreadCount()).isEqualTo(1);

    advance(a, conversation, Receipt.READ, 3);
    assertThat(conversations(a).get(0).unreadCount()).isZero();
    assertThat(conversations(a).get(0).markers()).isEqualTo(new Markers(3, 3));
  }

  @Test
  void markersOnlyMoveForwardAndReadAlsoMeansDelivered() {
    UserId a = randomUser();
    UserId b = randomUser();
    ConversationId conversation = ConversationId.direct(a, b);
    for (int i = 0; i < 5; i++) send(b, a, "m" + i);

    MarkerChange delivered = advance(a, conversation, Receipt.DELIVERED, 2);
    MarkerChange read = advance(a, conversation, Receipt.READ, 3);
    MarkerChange backward = advance(a, conversation, Receipt.DELIVERED, 1);
    MarkerChange readAgain = advance(a, conversation, Receipt.READ, 2);
    MarkerChange further = advance(a, conversation, Receipt.DELIVERED, 5);

    assertThat(delivered).isEqualTo(new MarkerChange(Markers.NONE, new Markers(2, 0)));
    assertThat(read).isEqualTo(new MarkerChange(new Markers(2, 0), new Markers(3, 3)));
    assertThat(backward.changed()).isFalse();
    assertThat(backward.after()).isEqualTo(new Markers(3, 3));
    assertThat(readAgain.changed()).isFalse();
    assertThat(further).isEqualTo(new MarkerChange(new Markers(3, 3), new Markers(5, 3)));
    assertThat(markers(conversation, a)).isEqualTo(new Markers(5, 3));
    assertThat(markers(conversation, b)).isEqualTo(new Markers(5, 5));
  }

  @Test
  void markersNeverRunAheadOfTheConversation() {
    UserId a = randomUser();
    UserId b = randomUser();
    ConversationId conversation = ConversationId.direct(a, b);
    send(b, a, "1");
    send(b, a, "2");

    MarkerChange change = advance(a, conversation, Receipt.READ, 10);
    Message next = send(b, a, "3");

    assertThat(change.after()).isEqualTo(new Markers(2, 2));
    assertThat(next.status()).isEqualTo(DeliveryStatus.SENT);
    assertThat(markers(ConversationId.direct(a, randomUser()), a)).isEqualTo(Markers.NONE);
  }

  @Test
  void statusFollowsTheReceiversMarkers() {
    UserId a = randomUser();
    UserId b = randomUser();
    ConversationId conversation = ConversationId.direct(a, b);
    Message m1 = send(a, b, "1");
    Message m2 = send(a, b, "2");
    Message m3 = send(a, b, "3");

    advance(b, conversation, Receipt.DELIVERED, 2);
    advance(b, conversation, Receipt.READ, 1);

    List<Message> expected =
        List.of(
            m1.withStatus(DeliveryStatus.READ),
            m2.withStatus(DeliveryStatus.DELIVERED),
            m3.withStatus(DeliveryStatus.SENT));
    assertThat(readInbox(a, 2)).containsExactlyElementsOf(expected);
    assertThat(readInbox(b, 10)).containsExactlyElementsOf(expected);
    assertThat(history(conversation, Long.MAX_VALUE, 10).messages())
        .containsExactly(expected.get(2), expected.get(1), expected.get(0));
    assertThat(await(messages().messages(List.of(m1.id(), m2.id(), m3.id()))).values())
        .containsExactlyInAnyOrderElementsOf(expected);
    assertThat(conversations(a).get(0).lastMessage().status()).isEqualTo(DeliveryStatus.SENT);

    advance(b, conversation, Receipt.READ, 3);
    assertThat(conversations(a).get(0).lastMessage().status()).isEqualTo(DeliveryStatus.READ);
  }

  @Test
  void aDuplicateCarriesTheCurrentStatus() {
    UserId a = randomUser();
    UserId b = randomUser();
    Message original = append(a, b, "hello", "status-1").message();
    advance(b, ConversationId.direct(a, b), Receipt.READ, original.seq());

    AppendResult again = append(a, b, "hello", "status-1");

    assertThat(again.message()).isEqualTo(original.withStatus(DeliveryStatus.READ));
  }

  @Test
  void messagesSurviveARestart() throws Exception {
    assumeTrue(canReopen(), "the store is not durable");
    UserId a = randomUser();
    UserId b = randomUser();
    ConversationId conversation = ConversationId.direct(a, b);
    Message first = append(a, b, "before", "durable-1").message();
    Message second = send(b, a, "reply");
    advance(a, conversation, Receipt.DELIVERED, 2);
    String cursor = page(a, null, 0, 10).nextCursor();

    restart();

    assertThat(readInbox(a, 10))
        .containsExactly(
            first.withStatus(DeliveryStatus.READ), second.withStatus(DeliveryStatus.DELIVERED));
    assertThat(markers(conversation, a)).isEqualTo(new Markers(2, 1));
    assertThat(append(a, b, "before", "durable-1").message().id()).isEqualTo(first.id());
    Message third = send(a, b, "after");
    assertThat(third.seq()).isEqualTo(3);
    assertThat(third.id()).isGreaterThan(second.id());
    assertThat(page(a, cursor, 0, 10).messages()).containsExactly(third);
    assertThat(conversations(b).get(0).lastSeq()).isEqualTo(3);
  }
}
