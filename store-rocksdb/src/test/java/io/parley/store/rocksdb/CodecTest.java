package io.parley.store.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.core.account.Account;
import io.parley.core.account.User;
import io.parley.core.group.Group;
import io.parley.core.group.Invite;
import io.parley.core.group.Member;
import io.parley.core.group.Role;
import io.parley.core.id.GroupId;
import io.parley.core.id.IdGenerator;
import io.parley.core.id.MessageId;
import io.parley.core.id.UserId;
import io.parley.core.message.ConversationId;
import io.parley.core.message.DeliveryStatus;
import io.parley.core.message.Markers;
import io.parley.core.message.Message;
import io.parley.core.message.SystemEvent;
import io.parley.store.rocksdb.Values.Meta;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CodecTest {

  private static final UserId ALICE = UserId.of(7);
  private static final UserId BOB = UserId.of(300);
  private static final long ID = IdGenerator.lowestIdAt(1_750_000_000_000L) + 42;

  @Test
  void keysSortInNumericOrder() {
    List<Long> ids = List.of(1L, 255L, 256L, 65_536L, 1L << 40, Long.MAX_VALUE);
    for (int i = 1; i < ids.size(); i++) {
      assertThat(Arrays.compareUnsigned(Keys.id(ids.get(i - 1)), Keys.id(ids.get(i))))
          .as("%s < %s", ids.get(i - 1), ids.get(i))
          .isNegative();
      var conversation = ConversationId.direct(ALICE, BOB);
      assertThat(
              Arrays.compareUnsigned(
                  Keys.logEntry(conversation, ids.get(i - 1)),
                  Keys.logEntry(conversation, ids.get(i))))
          .isNegative();
    }
  }

  @Test
  void aPrefixEndBoundsEveryKeyWithThatPrefix() {
    byte[] owner = Keys.id(ALICE.value());
    byte[] end = Keys.prefixEnd(owner);

    assertThat(Arrays.compareUnsigned(Keys.inbox(ALICE, Long.MAX_VALUE), end)).isNegative();
    assertThat(Arrays.compareUnsigned(Keys.inbox(UserId.of(8), 1), end)).isNotNegative();
    assertThat(Keys.prefixEnd(new byte[] {1, (byte) 0xFF})).containsExactly(2);
    assertThat(Keys.prefixEnd(Keys.id(Long.MAX_VALUE))).containsExactly((byte) 0x80);
    assertThat(Keys.prefixEnd(new byte[] {(byte) 0xFF, (byte) 0xFF})).isNull();
  }

  @Test
  void conversationsSurviveTheirKeys() {
    var direct = ConversationId.direct(BOB, ALICE);
    var group = ConversationId.group(GroupId.of(99));

    assertThat(Keys.conversation(ByteBuffer.wrap(Keys.conversation(direct)))).isEqualTo(direct);
    assertThat(Keys.conversation(ByteBuffer.wrap(Keys.conversation(group)))).isEqualTo(group);
    assertThat(Keys.conversationOfUserKey(Keys.userConversation(BOB, group))).isEqualTo(group);
    assertThat(Keys.conversation(direct)).hasSize(17);
    assertThat(Keys.conversation(group)).hasSize(9);
  }

  @Test
  void aDirectMessageRoundTrips() {
    var message =
        new Message(
            MessageId.of(ID),
            ConversationId.direct(ALICE, BOB),
            12,
            ALICE,
            BOB,
            null,
            "grüße ✓ 👋",
            IdGenerator.timestampOf(ID),
            "client-7",
            DeliveryStatus.SENT);

    assertThat(Values.message(ID, Values.message(message))).isEqualTo(message);
  }

  @Test
  void aGroupMessageWithoutClientMsgIdRoundTrips() {
    GroupId group = GroupId.of(5);
    var message =
        new Message(
            MessageId.of(ID),
            ConversationId.group(group),
            1,
            BOB,
            null,
            group,
            "x".repeat(70_000),
            IdGenerator.timestampOf(ID),
            null,
            DeliveryStatus.SENT);

    assertThat(Values.message(ID, Values.message(message))).isEqualTo(message);
  }

  @Test
  void accountsRoundTrip() {
    var withPhone = new Account(new User(ALICE, "Alice", "+4930123", 10, 20), "$argon2id$x");
    var withoutPhone = new Account(new User(BOB, "bob", null, 30, 0), "h");

    assertThat(Values.account(7, Values.account(withPhone))).isEqualTo(withPhone);
    assertThat(Values.account(300, Values.account(withoutPhone))).isEqualTo(withoutPhone);
  }

  @Test
  void smallValuesRoundTrip() {
    assertThat(Values.markers(Values.markers(new Markers(9, 4)))).isEqualTo(new Markers(9, 4));
    assertThat(Values.meta(Values.meta(new Meta(3, ID)))).isEqualTo(new Meta(3, ID));
    assertThat(Values.reference(Values.reference(ID))).isEqualTo(ID);
  }

  @Test
  void aValueOfAnUnknownFormatIsRefused() {
    byte[] value = Values.markers(new Markers(1, 1));
    value[0] = 2;

    assertThatThrownBy(() -> Values.markers(value))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("unknown value format 2");
    assertThatThrownBy(() -> Values.reference(new byte[0]))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aSystemMessageKeepsItsEvent() {
    GroupId group = GroupId.of(5);
    var added = new SystemEvent(SystemEvent.Type.ADDED, ALICE, List.of(BOB, UserId.of(9)), null);
    var renamed = new SystemEvent(SystemEvent.Type.RENAMED, BOB, List.of(), "Zürich ✓");
    for (SystemEvent event : List.of(added, renamed)) {
      var message =
          new Message(
              MessageId.of(ID),
              ConversationId.group(group),
              3,
              event.actor(),
              null,
              group,
              "what happened",
              IdGenerator.timestampOf(ID),
              null,
              DeliveryStatus.SENT,
              event,
              null);

      assertThat(Values.message(ID, Values.message(message))).isEqualTo(message);
    }
  }

  @Test
  void directMarkersKeepTheirShortFormAndGroupStandingsTheirLongOne() {
    var direct = Standing.direct(new Markers(9, 4));
    var member = Standing.joining(12).read(15);
    var departed = member.departedAt(20, ID);

    assertThat(Values.standing(direct)).hasSize(17).isEqualTo(Values.markers(new Markers(9, 4)));
    for (Standing standing : List.of(direct, member, departed)) {
      assertThat(Values.standing(Values.standing(standing))).isEqualTo(standing);
      assertThat(Values.markers(Values.standing(standing))).isEqualTo(standing.markers());
    }
    assertThat(member.markers()).isEqualTo(new Markers(15, 15));
    assertThat(departed.lastVisibleSeq(99)).isEqualTo(20);
  }

  @Test
  void groupsAndInvitesRoundTrip() {
    Map<UserId, Member> members = new LinkedHashMap<>();
    members.put(ALICE, new Member(ALICE, Role.ADMIN, 10, 1));
    members.put(BOB, new Member(BOB, Role.MEMBER, 20, 7));
    var group = new Group(GroupId.of(ID), "Bücher 📚", ALICE, 10, 4, members);
    var invite = new Invite("AbC-_123", GroupId.of(ID), BOB, 30);

    Group decoded = GroupValues.group(ID, GroupValues.group(group));
    assertThat(decoded).isEqualTo(group);
    assertThat(decoded.members().keySet()).containsExactly(ALICE, BOB);
    assertThat(GroupValues.invite(invite.code(), GroupValues.invite(invite))).isEqualTo(invite);
    assertThat(Keys.codeOfGroupInviteKey(Keys.groupInvite(GroupId.of(ID), "AbC-_123")))
        .isEqualTo("AbC-_123");
    assertThat(Keys.userOfMemberKey(Keys.member(ConversationId.group(GroupId.of(ID)), BOB)))
        .isEqualTo(BOB);
  }
}
