package io.parley.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CodecTest {
  /** Records what the codec decoded, one entry per frame. */
  private static final class Sink implements Codec.FrameSink {
    final List<Object> seen = new ArrayList<>();

    @Override
    public void ready(Ready ready) {
      seen.add(ready);
    }

    @Override
    public void message(Message message, String cursor) {
      seen.add(message);
      seen.add(cursor);
    }

    @Override
    public void ack(String clientMsgId, Message message) {
      seen.add(clientMsgId);
      seen.add(message);
    }

    @Override
    public void error(ErrorFrame error) {
      seen.add(error);
    }

    @Override
    public void receipt(Receipt receipt) {
      seen.add(receipt);
    }

    @Override
    public void typing(Typing typing) {
      seen.add(typing);
    }

    @Override
    public void presence(Presence presence) {
      seen.add(presence);
    }

    @Override
    public void sync(Page page) {
      seen.add(page);
    }

    @Override
    public void pong() {
      seen.add("pong");
    }

    @Override
    public void unknown(String type, JsonObject frame) {
      seen.add("unknown:" + type);
    }
  }

  private static List<Object> decode(String text) {
    Sink sink = new Sink();
    Codec.decodeFrame(text, sink);
    return sink.seen;
  }

  private static final String MESSAGE_JSON =
      """
      {"message_id":"8410296104960001","conversation_id":"d-8410296104-8410299900","seq":17,
       "sender_id":"8410296104","receiver_id":"8410299900","content":"hello",
       "timestamp":1764316800000,"status":"sent","client_msg_id":"c-42"}\
      """;

  private static final Message MESSAGE =
      new Message(
          "8410296104960001",
          "d-8410296104-8410299900",
          17,
          "8410296104",
          "8410299900",
          null,
          "hello",
          1764316800000L,
          "sent",
          "c-42");

  @Test
  void readyFrameIsDecoded() {
    assertThat(
            decode(
                "{\"type\":\"ready\",\"user_id\":\"42\",\"server_time\":1764316800000,\"heartbeat_ms\":30000}"))
        .containsExactly(new Ready("42", 1764316800000L, 30000));
  }

  @Test
  void messageFrameIsDecodedWithItsCursor() {
    assertThat(decode("{\"type\":\"message\",\"message\":" + MESSAGE_JSON + ",\"cursor\":\"99\"}"))
        .containsExactly(MESSAGE, "99");
  }

  @Test
  void groupMessageHasAGroupAndNoReceiver() {
    String json =
        "{\"type\":\"message\",\"cursor\":\"1\",\"message\":{\"message_id\":\"5\",\"conversation_id\":\"g-3\",\"seq\":1,\"sender_id\":\"2\",\"group_id\":\"3\",\"content\":\"hi"
            + " all\",\"timestamp\":1,\"status\":\"sent\"}}";
    Message m = (Message) decode(json).get(0);
    assertThat(m.isGroup()).isTrue();
    assertThat(m.groupId()).isEqualTo("3");
    assertThat(m.receiverId()).isNull();
    assertThat(m.clientMsgId()).isNull();
  }

  @Test
  void ackFrameIsDecoded() {
    assertThat(
            decode(
                "{\"type\":\"ack\",\"client_msg_id\":\"c-42\",\"message\":" + MESSAGE_JSON + "}"))
        .containsExactly("c-42", MESSAGE);
  }

  @Test
  void errorFrameIsDecodedWithItsRequest() {
    assertThat(
            decode(
                "{\"type\":\"error\",\"client_msg_id\":\"c-1\",\"request_type\":\"send\","
                    + "\"error\":{\"code\":\"CONTENT_EMPTY\",\"message\":\"content is blank\"}}"))
        .containsExactly(new ErrorFrame("CONTENT_EMPTY", "content is blank", "c-1", "send"));
  }

  @Test
  void receiptTypingPresenceAndPongAreDecoded() {
    assertThat(
            decode(
                "{\"type\":\"receipt\",\"message_id\":\"5\",\"conversation_id\":\"d-1-2\",\"user_id\":\"2\",\"status\":\"read\"}"))
        .containsExactly(new Receipt("5", "d-1-2", "2", "read"));
    assertThat(
            decode(
                "{\"type\":\"typing\",\"conversation_id\":\"d-1-2\",\"user_id\":\"2\",\"typing\":true}"))
        .containsExactly(new Typing("d-1-2", "2", true));
    assertThat(
            decode(
                "{\"type\":\"presence\",\"user_id\":\"2\",\"status\":\"offline\",\"last_seen\":1764316800000}"))
        .containsExactly(new Presence("2", "offline", 1764316800000L));
    assertThat(decode("{\"type\":\"pong\"}")).containsExactly("pong");
  }

  @Test
  void syncFrameIsDecodedAsAPage() {
    assertThat(
            decode(
                "{\"type\":\"sync\",\"messages\":["
                    + MESSAGE_JSON
                    + "],\"next_cursor\":\"100\",\"has_more\":true}"))
        .containsExactly(new Page(List.of(MESSAGE), "100", true));
  }

  @Test
  void unknownFrameTypesAreHandedOverNotRefused() {
    assertThat(decode("{\"type\":\"future_thing\",\"x\":1}"))
        .containsExactly("unknown:future_thing");
  }

  @Test
  void idsSentAsNumbersAreReadAsStrings() {
    Message m =
        Codec.message(
            new JsonObject()
                .put("message_id", 8410296104960001L)
                .put("sender_id", 12)
                .put("seq", 3));
    assertThat(m.messageId()).isEqualTo("8410296104960001");
    assertThat(m.senderId()).isEqualTo("12");
  }

  @Test
  void framesThatAreNotJsonObjectsWithATypeAreRefused() {
    assertThatThrownBy(() -> decode("not json")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> decode("[1,2]")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> decode("{\"no_type\":1}"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void clientFramesFollowTheContract() {
    assertThat(new JsonObject(Codec.sendFrame(SendRequest.toUser("9", "hi"), "c-1")))
        .isEqualTo(
            new JsonObject()
                .put("type", "send")
                .put("client_msg_id", "c-1")
                .put("receiver_id", "9")
                .put("content", "hi"));
    assertThat(new JsonObject(Codec.sendFrame(SendRequest.toGroup("3", "hi"), "c-2")).fieldNames())
        .containsExactlyInAnyOrder("type", "client_msg_id", "group_id", "content");
    assertThat(Codec.receiptFrame(ReceiptType.READ, List.of("1", "2")))
        .isEqualTo("{\"type\":\"read\",\"message_ids\":[\"1\",\"2\"]}");
    assertThat(Codec.typingFrame("9", false))
        .isEqualTo("{\"type\":\"typing\",\"receiver_id\":\"9\",\"typing\":false}");
    assertThat(Codec.syncFrame("41", null, 100))
        .isEqualTo("{\"type\":\"sync\",\"after\":\"41\",\"limit\":100}");
    assertThat(Codec.syncFrame(null, 5L, null)).isEqualTo("{\"type\":\"sync\",\"since\":5}");
    assertThat(Codec.PING_FRAME).isEqualTo("{\"type\":\"ping\"}");
  }

  @Test
  void httpSendBodyLeavesOutAnAbsentKey() {
    assertThat(Codec.sendBody(SendRequest.toUser("9", "hi"), null).fieldNames())
        .isEqualTo(Set.of("receiver_id", "content"));
  }

  @Test
  void conversationsAreDecoded() {
    JsonObject json =
        new JsonObject(
            "{\"conversations\":[{\"conversation_id\":\"d-1-2\",\"type\":\"direct\",\"peer_id\":\"2\","
                + "\"last_message\":"
                + MESSAGE_JSON
                + ",\"unread_count\":3,\"last_activity\":1764316800000},"
                + "{\"conversation_id\":\"g-5\",\"type\":\"group\",\"group_id\":\"5\",\"name\":\"Team\",\"unread_count\":0,\"last_activity\":1}]}");
    assertThat(Codec.conversations(json))
        .containsExactly(
            new ConversationSummary("d-1-2", "direct", "2", null, null, MESSAGE, 3, 1764316800000L),
            new ConversationSummary("g-5", "group", null, "5", "Team", null, 0, 1));
  }

  @Test
  void sendRequestNeedsExactlyOneRecipient() {
    assertThatThrownBy(() -> new SendRequest(null, null, "x", null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SendRequest("1", "2", "x", null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void sessionToStringHidesTheToken() {
    assertThat(new Session("secret.jwt.token", "1", 5).toString()).doesNotContain("secret");
  }

  @Test
  void groupSystemMessagesAndReceiptCountsAreDecoded() {
    Message m =
        Codec.message(
            new JsonObject(
                "{\"message_id\":\"9\",\"conversation_id\":\"g-3\",\"seq\":1,\"sender_id\":\"1\","
                    + "\"group_id\":\"3\",\"content\":\"\",\"timestamp\":5,\"status\":\"read\","
                    + "\"event\":{\"type\":\"created\",\"actor_id\":\"1\",\"user_ids\":[\"1\",\"2\"],\"name\":\"Team\"},"
                    + "\"receipts\":{\"recipients\":4,\"delivered\":3,\"read\":2}}"));
    assertThat(m.isSystem()).isTrue();
    assertThat(m.event()).isEqualTo(new SystemEvent("created", "1", List.of("1", "2"), "Team"));
    assertThat(m.receipts()).isEqualTo(new ReceiptCounts(4, 3, 2));
    assertThat(MESSAGE.isSystem()).isFalse();
    assertThat(MESSAGE.receipts()).isNull();
  }

  @Test
  void groupReceiptsCarryTheirCounts() {
    assertThat(
            decode(
                "{\"type\":\"receipt\",\"message_id\":\"5\",\"conversation_id\":\"g-3\",\"user_id\":\"2\","
                    + "\"status\":\"delivered\",\"counts\":{\"recipients\":3,\"delivered\":1,\"read\":0}}"))
        .containsExactly(new Receipt("5", "g-3", "2", "delivered", new ReceiptCounts(3, 1, 0)));
  }

  @Test
  void aRateLimitedErrorFrameCarriesItsWait() {
    ErrorFrame e =
        (ErrorFrame)
            decode(
                    "{\"type\":\"error\",\"request_type\":\"sync\",\"error\":{\"code\":\"RATE_LIMITED\","
                        + "\"message\":\"slow\",\"retry_after_ms\":1200}}")
                .get(0);
    assertThat(e.retryAfter()).isEqualTo(java.time.Duration.ofMillis(1200));
    assertThat(e.toException().retryAfter()).contains(java.time.Duration.ofMillis(1200));
    assertThat(e.toException().httpStatus()).isEqualTo(429);
  }

  @Test
  void groupsInvitesAndReceiptDetailsAreDecoded() {
    Group g =
        Codec.group(
            new JsonObject(
                "{\"group_id\":\"3\",\"name\":\"Team\",\"created_by\":\"1\",\"created_at\":7,"
                    + "\"member_ids\":[\"1\",\"2\"],\"members\":[{\"user_id\":\"1\",\"role\":\"admin\",\"joined_at\":7},"
                    + "{\"user_id\":\"2\",\"role\":\"member\",\"joined_at\":8}]}"));
    assertThat(g)
        .isEqualTo(
            new Group(
                "3",
                "Team",
                "1",
                7,
                List.of("1", "2"),
                List.of(new GroupMember("1", "admin", 7), new GroupMember("2", "member", 8))));
    assertThat(g.roleOf("1")).isEqualTo("admin");
    assertThat(g.roleOf("9")).isNull();
    assertThat(
            Codec.groups(
                new JsonObject(
                    "{\"groups\":[{\"group_id\":\"3\",\"name\":\"Team\",\"role\":\"member\",\"member_count\":2,"
                        + "\"last_message\":null,\"unread_count\":1,\"last_activity\":9}]}")))
        .containsExactly(new GroupSummary("3", "Team", "member", 2, null, 1, 9));
    assertThat(
            Codec.invites(
                new JsonObject(
                    "{\"invites\":[{\"code\":\"abc\",\"group_id\":\"3\",\"created_by\":\"1\",\"created_at\":5}]}")))
        .containsExactly(new Invite("abc", "3", "1", 5));
    assertThat(
            Codec.messageReceipts(
                new JsonObject(
                    "{\"message_id\":\"5\",\"receipts\":[{\"user_id\":\"2\",\"status\":\"read\"}],"
                        + "\"recipients\":1,\"delivered\":1,\"read\":1}")))
        .isEqualTo(
            new MessageReceipts(
                "5", List.of(new MessageReceipts.Member("2", "read")), new ReceiptCounts(1, 1, 1)));
  }

  @Test
  void groupTypingNamesTheGroup() {
    assertThat(Codec.groupTypingFrame("3", true))
        .isEqualTo("{\"type\":\"typing\",\"group_id\":\"3\",\"typing\":true}");
  }
}
