package io.parley.testkit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.core.group.Group;
import io.parley.core.group.GroupStore.Changed;
import io.parley.core.id.GroupId;
import io.parley.core.id.UserId;
import io.parley.core.message.ConversationId;
import io.parley.core.message.ConversationSummary;
import io.parley.core.message.Markers;
import io.parley.core.message.Message;
import io.parley.core.message.MessageStore.AppendResult;
import io.parley.core.message.Receipt;
import io.parley.core.message.SystemEvent;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * Who sees which part of a group's conversation: a member from the announcement of their joining
 * on, a removed or departed member up to the announcement of their leaving, a non-member nothing;
 * and only current members may send. Included in {@link GroupStoreContract}; adapters extend that
 * one.
 */
public abstract class GroupMembershipContract extends StoreContractSupport {

  @Test
  void aNewMemberSeesTheConversationFromTheirJoiningOn() {
    UserId a = randomUser();
    UserId b = randomUser();
    UserId c = randomUser();
    Changed created = createGroup(a, List.of(b));
    GroupId id = created.group().id();
    Message before = sendToGroup(id, a, "before c");

    Changed added = addMember(id, a, c);
    Message after = sendToGroup(id, b, "after c joined");

    assertThat(added.announcement().seq()).isEqualTo(3);
    assertThat(added.group().members().get(c).fromSeq()).isEqualTo(3);
    assertThat(added.group().members().get(b).fromSeq()).isEqualTo(1);
    assertThat(ids(readInbox(c, 10))).containsExactly(added.announcement().id(), after.id());
    assertThat(ids(readInbox(b, 10)))
        .containsExactly(
            created.announcement().id(), before.id(), added.announcement().id(), after.id());
    assertThat(markers(created.group().conversation(), c)).isEqualTo(new Markers(2, 2));
    assertThat(conversations(c))
        .singleElement()
        .satisfies(s -> assertThat(s.lastSeq()).isEqualTo(4))
        .satisfies(s -> assertThat(s.unreadCount()).isEqualTo(2));
  }

  @Test
  void whoJoinsByThemselvesHasReadTheNewsOfIt() {
    UserId a = randomUser();
    UserId d = randomUser();
    GroupId id = createGroup(a, List.of()).group().id();
    sendToGroup(id, a, "2");

    var event = new SystemEvent(SystemEvent.Type.JOINED, d, List.of(d), null);
    Changed joined = changeMembers(id, event, members -> members.put(d, newMember(d)));

    assertThat(joined.announcement().seq()).isEqualTo(3);
    assertThat(markers(joined.group().conversation(), d)).isEqualTo(new Markers(3, 3));
    assertThat(conversations(d))
        .singleElement()
        .satisfies(s -> assertThat(s.unreadCount()).isZero());
  }

  @Test
  void aRemovedMemberKeepsTheirPastButGetsNothingLater() {
    UserId a = randomUser();
    UserId b = randomUser();
    UserId c = randomUser();
    Changed created = createGroup(a, List.of(b, c));
    GroupId id = created.group().id();
    ConversationId conversation = created.group().conversation();
    Message during = sendToGroup(id, a, "c is still here");

    Changed removed = removeMember(id, a, c);
    Message later = sendToGroup(id, b, "c is gone");

    assertThat(removed.group().isMember(c)).isFalse();
    assertThat(ids(readInbox(c, 10)))
        .containsExactly(created.announcement().id(), during.id(), removed.announcement().id());
    assertThat(ids(readInbox(b, 10)))
        .containsExactly(
            created.announcement().id(), during.id(), removed.announcement().id(), later.id());
    ConversationSummary summary = conversations(c).get(0);
    assertThat(summary.lastMessage().id()).isEqualTo(removed.announcement().id());
    assertThat(summary.lastSeq()).isEqualTo(3);
    assertThat(summary.unreadCount()).isEqualTo(3);
    assertThat(appendToGroup(id, c, "let me back", null))
        .isInstanceOf(AppendResult.NotMember.class);
    assertThat(advance(c, conversation, Receipt.READ, 4).after()).isEqualTo(new Markers(3, 3));
    assertThat(await(groups().markers(id)).keySet()).containsExactlyInAnyOrder(a, b);
    assertThat(await(groups().groupsOf(c))).isEmpty();
  }

  @Test
  void aMemberWhoLeftAndCameBackSeesOnlyWhatWasSentWhileAMember() {
    UserId a = randomUser();
    UserId b = randomUser();
    Changed created = createGroup(a, List.of(b));
    GroupId id = created.group().id();

    Changed left = removeMember(id, b, b);
    Message missed = sendToGroup(id, a, "b is away");
    var event = new SystemEvent(SystemEvent.Type.JOINED, b, List.of(b), null);
    Changed back = changeMembers(id, event, members -> members.put(b, newMember(b)));
    Message seen = sendToGroup(id, a, "welcome back");

    assertThat(left.announcement().event().type()).isEqualTo(SystemEvent.Type.LEFT);
    assertThat(back.group().members().get(b).fromSeq()).isEqualTo(4);
    assertThat(ids(readInbox(b, 10)))
        .containsExactly(
            created.announcement().id(),
            left.announcement().id(),
            back.announcement().id(),
            seen.id())
        .doesNotContain(missed.id());
    assertThat(conversations(b))
        .singleElement()
        .satisfies(s -> assertThat(s.lastMessage().id()).isEqualTo(seen.id()))
        .satisfies(s -> assertThat(s.unreadCount()).isOne());
    assertThat(await(groups().groupsOf(b))).extracting(Group::id).containsExactly(id);
  }

  @Test
  void aNonMemberCannotSendAndNothingIsStored() {
    UserId a = randomUser();
    UserId stranger = randomUser();
    Changed created = createGroup(a, List.of(randomUser()));
    GroupId id = created.group().id();
    GroupId unknown = GroupId.of(ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE));

    AppendResult refused = appendToGroup(id, stranger, "let me in", "knock-1");

    assertThat(refused).isInstanceOf(AppendResult.NotMember.class);
    assertThatThrownBy(refused::message).isInstanceOf(IllegalStateException.class);
    assertThat(appendToGroup(unknown, stranger, "anyone?", null))
        .isInstanceOf(AppendResult.NotMember.class);
    assertThat(readInbox(stranger, 10)).isEmpty();
    assertThat(readInbox(a, 10)).containsExactly(created.announcement());
    assertThat(sendToGroup(id, a, "next").seq()).isEqualTo(2);
    addMember(id, a, stranger);
    assertThat(appendToGroup(id, stranger, "let me in", "knock-1"))
        .isInstanceOf(AppendResult.Appended.class);
  }
}
