package io.parley.gateway.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.core.error.ErrorCode;
import io.parley.core.error.Problem;
import io.parley.core.id.GroupId;
import io.parley.core.id.MessageId;
import io.parley.core.id.UserId;
import io.parley.core.message.ConversationId;
import io.parley.core.message.DeliveryStatus;
import io.parley.core.message.GroupReceipts;
import io.parley.core.message.Message;
import io.parley.core.message.SystemEvent;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class WireTest {

  private static final UserId ALICE = UserId.of(8410296104L);
  private static final UserId BOB = UserId.of(8410299900L);

  @Test
  void directMessageHasTheDocumentedShapeWithIdsAsStrings() {
    Message m =
        new Message(
            MessageId.of(8410296104960001L),
            ConversationId.direct(BOB, ALICE),
            17,
            ALICE,
            BOB,
            null,
            "hello",
            1764316800000L,
            "c-42",
            DeliveryStatus.SENT);
    assertThat(Wire.message(m))
        .isEqualTo(
            new JsonObject(
                "{\"message_id\":\"8410296104960001\","
                    + "\"conversation_id\":\"d-8410296104-8410299900\",\"seq\":17,"
                    + "\"sender_id\":\"8410296104\",\"receiver_id\":\"8410299900\","
                    + "\"content\":\"hello\",\"timestamp\":1764316800000,\"status\":\"sent\","
                    + "\"client_msg_id\":\"c-42\"}"));
  }

  @Test
  void groupSystemMessageCarriesItsEventAndReceipts() {
    GroupId group = GroupId.of(77);
    Message m =
        new Message(
            MessageId.of(5),
            ConversationId.group(group),
            1,
            ALICE,
            null,
            group,
            "Alice added Bob",
            1L,
            null,
            DeliveryStatus.SENT,
            new SystemEvent(SystemEvent.Type.ADDED, ALICE, List.of(BOB), null),
            new GroupReceipts(1, 1, 0));
    JsonObject json = Wire.message(m);
    assertThat(json.getString("group_id")).isEqualTo("77");
    assertThat(json.containsKey("receiver_id")).isFalse();
    assertThat(json.containsKey("client_msg_id")).isFalse();
    assertThat(json.getJsonObject("event"))
        .isEqualTo(
            new JsonObject()
                .put("type", "added")
                .put("actor_id", ALICE.toString())
                .put("user_ids", new JsonArray().add(BOB.toString())));
    assertThat(json.getJsonObject("receipts"))
        .isEqualTo(new JsonObject().put("recipients", 1).put("delivered", 1).put("read", 0));
  }

  @Test
  void errorsUseTheEnvelopeAndRoundRetryAfterUp() {
    assertThat(Wire.error(Problem.of(ErrorCode.RATE_LIMITED, "slow down"), Duration.ofNanos(1)))
        .isEqualTo(
            new JsonObject(
                "{\"error\":{\"code\":\"RATE_LIMITED\",\"message\":\"slow down\","
                    + "\"retry_after_ms\":1}}"));
    assertThat(
            new JsonObject(
                Wire.errorFrame("c-1", "send", Problem.of(ErrorCode.CONTENT_EMPTY, "empty"), null)))
        .isEqualTo(
            new JsonObject(
                "{\"type\":\"error\",\"client_msg_id\":\"c-1\",\"request_type\":\"send\","
                    + "\"error\":{\"code\":\"CONTENT_EMPTY\",\"message\":\"empty\"}}"));
  }
}
