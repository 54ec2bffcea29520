package io.parley.testkit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.parley.core.group.GroupStore.Changed;
import io.parley.core.id.GroupId;
import io.parley.core.id.MessageId;
import io.parley.core.id.UserId;
import io.parley.core.message.ConversationId;
import io.parley.core.message.DeliveryStatus;
import io.parley.core.message.GroupReceipts;
import io.parley.core.message.Markers;
import io.parley.core.message.Message;
import io.parley.core.message.MessageStore.AppendResult;
import io.parley.core.message.MessageStore.NewMessage;
import io.parley.core.message.Receipt;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The group part of the {@link io.parley.core.message.MessageStore} contract: fan-out on write to
 * the members of the moment, membership checked at the write, idempotent sends, the sender's marker
 * and receipt counts. Included in {@link MessageStoreContract}; adapters extend that one.
 */
public abstract class GroupMessagesContract extends MessageStoreConcurrencyContract {

  @Test
  void aGroupMessageIsStoredOnceAndReachesEveryMembersInbox() {
    UserId a = randomUser();
    UserId b = randomUser();
    UserId c = randomUser();
    Changed created = createGroup(a, List.of(b, c));
    GroupId id = created.group().id();

    AppendResult result = appendToGroup(id, b, "hello all", "b-1");

    assertThat(result).isInstanceOf(AppendResult.Appended.class);
    Message sent = result.message();
    assertThat(sent.conversation()).isEqualTo(ConversationId.group(id));
    assertThat(sent.seq()).isEqualTo(2);
    assertThat(sent.group()).isEqualTo(id);
    assertThat(sent.receiver()).isNull();
    assertThat(sent.sender()).isEqualTo(b);
    assertThat(sent.content()).isEqualTo("hello all");
    assertThat(sent.clientMsgId()).isEqualTo("b-1");
    assertThat(sent.isSystem()).isFalse();
    assertThat(sent.receipts()).isEqualTo(new GroupReceipts(2, 0, 0));
    assertThat(sent.status()).isEqualTo(DeliveryStatus.SENT);
    for (UserId member : List.of(a, b, c)) {
      assertThat(page(member, created.cursor(), 0, 10).messages()).containsExactly(sent);
    }
    assertThat(await(messages().messages(List.of(sent.id()))))
        .containsExactly(Map.entry(sent.id(), sent));
    assertThat(ids(history(sent.conversation(), Long.MAX_VALUE, 10).messages()))
        .containsExactly(sent.id(), created.announcement().id());
  }

  @Test
  void anAppendAnswersTheMembersAtTheWriteAsItsAudience() {
    UserId a = randomUser();
    UserId b = randomUser();
    UserId c = randomUser();
    GroupId id = createGroup(a, List.of(b, c)).group().id();

    var before = (AppendResult.Appended) appendToGroup(id, a, "to three", null);
    removeMember(id, a, c);
    var after = (AppendResult.Appended) appendToGroup(id, a, "to two", null);

    assertThat(before.audience()).containsExactlyInAnyOrder(a, b, c);
    assertThat(after.audience()).containsExactlyInAnyOrder(a, b);
    assertThat(after.message().receipts()).isEqualTo(new GroupReceipts(1, 0, 0));
    assertThat(page(b, before.cursor(), 0, 10).messages()).hasSize(2).endsWith(after.message());
  }

  @Test
  void aThousandMemberGroupFansOutToEveryMemberOnce() {
    List<UserId> members = randomUsers(1000);
    Changed created = createGroup(members.get(0), members.subList(1, 1000));
    GroupId id = created.group().id();

    Message sent = sendToGroup(id, members.get(500), "to a thousand");
    Message reply = sendToGroup(id, members.get(999), "one back");

    assertThat(sent.receipts()).isEqualTo(new GroupReceipts(999, 0, 0));
    for (UserId member : members) {
      assertThat(page(member, created.cursor(), 0, 10).messages())
          .as("inbox of %s", member)
          .extracting(Message::id)
          .containsExactly(sent.id(), reply.id());
    }
    assertThat(conversations(members.get(1)))
        .singleElement()
        .satisfies(s -> assertThat(s.unreadCount()).isEqualTo(3));
  }

  @Test
  void aGroupSendIsIdempotentOnTheSendersClientMsgId() {
    UserId a = randomUser();
    UserId b = randomUser();
    GroupId id = createGroup(a, List.of(b)).group().id();
    Message original = appendToGroup(id, a, "once", "retry-1").message();

    AppendResult again = appendToGroup(id, a, "edited on retry", "retry-1");
    AppendResult fromB = appendToGroup(id, b, "b's own", "retry-1");

    assertThat(again).isInstanceOf(AppendResult.Duplicate.class);
    assertThat(again.message()).isEqualTo(original);
    assertThat(fromB).isInstanceOf(AppendResult.Appended.class);
    assertThat(fromB.message().seq()).isEqualTo(3);
    assertThat(ids(readInbox(b, 10))).containsOnlyOnce(original.id()).hasSize(3);
  }

  @Test
  void concurrentDuplicateGroupSendsStoreOneMessage() {
    UserId a = randomUser();
    UserId b = randomUser();
    GroupId id = createGroup(a, List.of(b)).group().id();

    List<AppendResult> results =
        concurrently(
            20, i -> messages().append(NewMessage.toGroup(id, a, "retried", "same-client-id")));

    assertThat(results).filteredOn(r -> r instanceof AppendResult.Appended).hasSize(1);
    assertThat(results)
        .extracting(r -> r.message().id())
        .containsOnly(results.get(0).message().id());
    assertThat(readInbox(b, 10)).hasSize(2);
  }

  @Test
  void aDuplicateCarriesTheCurrentReceipts() {
    UserId a = randomUser();
    UserId b = randomUser();
    UserId c = randomUser();
    GroupId id = createGroup(a, List.of(b, c)).group().id();
    Message original = appendToGroup(id, a, "hello", "receipts-1").message();
    advance(b, original.conversation(), Receipt.READ, original.seq());

    AppendResult again = appendToGroup(id, a, "hello", "receipts-1");

    assertThat(again.message().receipts()).isEqualTo(new GroupReceipts(2, 1, 1));
    assertThat(again.message()).isEqualTo(original.withReceipts(new GroupReceipts(2, 1, 1)));
  }

  @Test
  void sendingToAGroupMovesOnlyTheSendersReadMarker() {
    UserId a = randomUser();
    UserId b = randomUser();
    UserId c = randomUser();
    GroupId id = createGroup(a, List.of(b, c)).group().id();
    ConversationId conversation = ConversationId.group(id);

    sendToGroup(id, b, "2");
    sendToGroup(id, b, "3");

    assertThat(markers(conversation, b)).isEqualTo(new Markers(3, 3));
    assertThat(markers(conversation, a)).isEqualTo(new Markers(1, 1));
    assertThat(markers(conversation, c)).isEqualTo(Markers.NONE);
    assertThat(conversations(c))
        .singleElement()
        .satisfies(s -> assertThat(s.unreadCount()).isEqualTo(3));
    assertThat(conversations(b))
        .singleElement()
        .satisfies(s -> assertThat(s.unreadCount()).isZero());
  }

  @Test
  void receiptsCountTheRecipientsWhoReceivedAndRead() {
    UserId a = randomUser();
    UserId b = randomUser();
    UserId c = randomUser();
    UserId d = randomUser();
    GroupId id = createGroup(a, List.of(b, c, d)).group().id();
    ConversationId conversation = ConversationId.group(id);
    Message sent = sendToGroup(id, a, "status?");

    advance(b, conversation, Receipt.DELIVERED, 2);
    advance(c, conversation, Receipt.READ, 2);

    Message counted = sent.withReceipts(new GroupReceipts(3, 2, 1));
    assertThat(counted.status()).isEqualTo(DeliveryStatus.SENT);
    assertThat(await(messages().messages(List.of(sent.id())))).containsEntry(sent.id(), counted);
    assertThat(readInbox(a, 10)).endsWith(counted);
    assertThat(readInbox(d, 10)).endsWith(counted);
    assertThat(history(conversation, Long.MAX_VALUE, 1).messages()).containsExactly(counted);
    assertThat(conversations(a).get(0).lastMessage()).isEqualTo(counted);

    advance(d, conversation, Receipt.DELIVERED, 2);
    assertThat(history(conversation, Long.MAX_VALUE, 1).messages().get(0).status())
        .isEqualTo(DeliveryStatus.DELIVERED);

    advance(b, conversation, Receipt.READ, 2);
    advance(d, conversation, Receipt.READ, 2);
    Message read = history(conversation, Long.MAX_VALUE, 1).messages().get(0);
    assertThat(read.receipts()).isEqualTo(new GroupReceipts(3, 3, 3));
    assertThat(read.status()).isEqualTo(DeliveryStatus.READ);
  }

  @Test
  void receiptsCountOnlyCurrentMembersWhoCouldSeeTheMessage() {
    UserId a = randomUser();
    UserId b = randomUser();
    UserId c = randomUser();
    UserId d = randomUser();
    GroupId id = createGroup(a, List.of(b, c)).group().id();
    ConversationId conversation = ConversationId.group(id);
    Message sent = sendToGroup(id, a, "before d");

    addMember(id, a, d);
    assertThat(receiptsOf(sent)).isEqualTo(new GroupReceipts(2, 0, 0));

    removeMember(id, a, c);
    advance(b, conversation, Receipt.READ, sent.seq());
    assertThat(receiptsOf(sent)).isEqualTo(new GroupReceipts(1, 1, 1));

    Message later = sendToGroup(id, b, "after");
    assertThat(later.receipts()).isEqualTo(new GroupReceipts(2, 0, 0));
    advance(d, conversation, Receipt.DELIVERED, later.seq());
    assertThat(receiptsOf(later)).isEqualTo(new GroupReceipts(2, 1, 0));
  }

  @Test
  void groupMarkersNeverRunAheadAndStrangersHaveNone() {
    UserId a = randomUser();
    UserId b = randomUser();
    UserId stranger = randomUser();
    GroupId id = createGroup(a, List.of(b)).group().id();
    ConversationId conversation = ConversationId.group(id);
    sendToGroup(id, a, "2");

    assertThat(advance(b, conversation, Receipt.READ, 100).after()).isEqualTo(new Markers(2, 2));
    assertThat(advance(stranger, conversation, Receipt.READ, 2).changed()).isFalse();
    assertThat(markers(conversation, stranger)).isEqualTo(Markers.NONE);
    assertThat(conversations(stranger)).isEmpty();
    assertThat(await(groups().markers(id))).doesNotContainKey(stranger);
  }

  @Test
  void concurrentGroupSendsGetGaplessSeqsAndReachEveryoneInOrder() {
    List<UserId> members = randomUsers(5);
    GroupId id = createGroup(members.get(0), members.subList(1, 5)).group().id();

    List<AppendResult> results =
        concurrently(
            60, i -> messages().append(NewMessage.toGroup(id, members.get(i % 5), "m" + i, null)));

    assertThat(results)
        .extracting(r -> r.message().seq())
        .containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(2, 61).boxed().toList());
    for (UserId member : members) {
      List<Message> inbox = readInbox(member, 17);
      assertThat(inbox).hasSize(61);
      assertEachConversationInOrder(inbox);
    }
  }

  @Test
  void sendsRacingARemovalNeverReachTheRemovedMemberAfterIt() {
    List<UserId> members = randomUsers(4);
    UserId leaving = members.get(3);
    GroupId id = createGroup(members.get(0), members.subList(1, 4)).group().id();

    List<Object> results =
        concurrently(
            80,
            i -> {
              if (i == 40) {
                return CompletableFuture.completedFuture(
                    (Object) removeMember(id, members.get(0), leaving));
              }
              CompletionStage<AppendResult> sent =
                  messages().append(NewMessage.toGroup(id, members.get(i % 4), "m" + i, null));
              return sent.thenApply(r -> (Object) r);
            });

    long removedAt =
        results.stream()
            .filter(r -> r instanceof Changed)
            .map(r -> ((Changed) r).announcement().seq())
            .findFirst()
            .orElseThrow();
    List<Long> stored = new ArrayList<>();
    for (int i = 0; i < results.size(); i++) {
      Object result = results.get(i);
      if (result instanceof AppendResult.Appended appended) {
        stored.add(appended.message().seq());
        boolean fromLeaving = appended.message().sender().equals(leaving);
        if (fromLeaving) assertThat(appended.message().seq()).isLessThan(removedAt);
        assertThat(appended.audience().contains(leaving))
            .isEqualTo(appended.message().seq() < removedAt);
      } else if (result instanceof AppendResult.NotMember) {
        assertThat(members.get(i % 4)).as("refused sender").isEqualTo(leaving);
      }
    }
    List<Message> inbox = readInbox(leaving, 13);
    assertThat(inbox)
        .extracting(Message::seq)
        .containsExactlyElementsOf(LongStream.rangeClosed(1, removedAt).boxed().toList());
    assertThat(readInbox(members.get(1), 13)).hasSize(stored.size() + 2);
  }

  @Test
  void groupMessagesSurviveARestart() throws Exception {
    assumeTrue(canReopen(), "the store is not durable");
    UserId a = randomUser();
    UserId b = randomUser();
    GroupId id = createGroup(a, List.of(b)).group().id();
    Message sent = appendToGroup(id, a, "durable", "group-durable-1").message();
    advance(b, sent.conversation(), Receipt.DELIVERED, sent.seq());
    List<Message> before = readInbox(b, 10);

    restart();

    assertThat(readInbox(b, 10)).isEqualTo(before);
    assertThat(receiptsOf(sent)).isEqualTo(new GroupReceipts(1, 1, 0));
    assertThat(appendToGroup(id, a, "durable", "group-durable-1").message().id())
        .isEqualTo(sent.id());
    Message next = sendToGroup(id, b, "after");
    assertThat(next.seq()).isEqualTo(3);
    assertThat(next.id()).isGreaterThan(sent.id());
  }

  private GroupReceipts receiptsOf(Message message) {
    Map<MessageId, Message> found = await(messages().messages(List.of(message.id())));
    return found.get(message.id()).receipts();
  }
}
