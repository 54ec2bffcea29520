package io.parley.gateway.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.core.error.ErrorCode;
import io.parley.core.id.GroupId;
import io.parley.core.id.MessageId;
import io.parley.core.id.UserId;
import io.parley.core.message.Receipt;
import io.parley.core.message.Recipient;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonInputTest {

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "{", "nope", "[1,2]", "\"text\"", "42", "null", "{\"a\":1} x"})
  void anythingButOneObjectIsInvalidJson(String body) {
    assertCode(() -> JsonInput.parse(body), ErrorCode.INVALID_JSON);
  }

  @Test
  void validRegisterDecodes() {
    var r =
        Requests.register(
            JsonInput.parse("{\"username\":\"alice\",\"password\":\"secret-pw\",\"phone\":null}"));
    assertThat(r).isEqualTo(new Requests.Register("alice", "secret-pw", null));
  }

  @Test
  void unknownFieldIsNamed() {
    assertCode(
            () ->
                Requests.login(JsonInput.parse("{\"username\":\"a\",\"password\":\"b\",\"pw\":1}")),
            ErrorCode.UNKNOWN_FIELD)
        .hasMessageContaining("'pw'");
  }

  @Test
  void missingFieldIsNamed() {
    assertCode(
            () -> Requests.login(JsonInput.parse("{\"username\":\"a\"}")), ErrorCode.MISSING_FIELD)
        .hasMessageContaining("'password'");
  }

  @Test
  void wrongTypeIsInvalidField() {
    assertCode(
        () -> Requests.login(JsonInput.parse("{\"username\":1,\"password\":\"b\"}")),
        ErrorCode.INVALID_FIELD);
    assertCode(
        () -> Requests.typing(JsonInput.parse("{\"receiver_id\":\"5\",\"typing\":\"yes\"}")),
        ErrorCode.INVALID_FIELD);
    assertCode(() -> Requests.sync(JsonInput.parse("{\"limit\":2.5}")), ErrorCode.INVALID_FIELD);
    assertCode(() -> Requests.sync(JsonInput.parse("{\"after\":17}")), ErrorCode.INVALID_FIELD);
    assertCode(
        () -> Requests.sync(JsonInput.parse("{\"since\":123456789012345678901234567890}")),
        ErrorCode.INVALID_FIELD);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "\"0\"",
        "\"-1\"",
        "\"12a\"",
        "\"\"",
        "\" 1\"",
        "\"99999999999999999999\"",
        "12",
        "true",
        "{}"
      })
  void badIdsAreInvalidId(String id) {
    assertCode(
        () ->
            Requests.send(JsonInput.parse("{\"receiver_id\":" + id + ",\"content\":\"x\"}"), false),
        ErrorCode.INVALID_ID);
  }

  @Test
  void badMessageIdInListIsInvalidId() {
    assertCode(
        () -> Requests.receipts(JsonInput.parse("{\"type\":\"read\",\"message_ids\":[\"1\",2]}")),
        ErrorCode.INVALID_ID);
    assertCode(
        () -> Requests.receipts(JsonInput.parse("{\"type\":\"read\",\"message_ids\":\"1\"}")),
        ErrorCode.INVALID_FIELD);
    assertCode(
        () -> Requests.receipts(JsonInput.parse("{\"type\":\"seen\",\"message_ids\":[\"1\"]}")),
        ErrorCode.INVALID_FIELD);
  }

  @Test
  void receiptsDecode() {
    var r = Requests.receipts(JsonInput.parse("{\"type\":\"read\",\"message_ids\":[\"7\",\"9\"]}"));
    assertThat(r.kind()).isEqualTo(Receipt.READ);
    assertThat(r.ids()).containsExactly(MessageId.of(7), MessageId.of(9));
  }

  @Test
  void sendNeedsExactlyOneRecipient() {
    assertCode(
        () -> Requests.send(JsonInput.parse("{\"content\":\"x\"}"), false),
        ErrorCode.INVALID_RECIPIENT);
    assertCode(
        () ->
            Requests.send(
                JsonInput.parse("{\"receiver_id\":\"1\",\"group_id\":\"2\",\"content\":\"x\"}"),
                false),
        ErrorCode.INVALID_RECIPIENT);
  }

  @Test
  void sendDecodesBothRecipientKinds() {
    var toUser =
        Requests.send(
            JsonInput.parse("{\"receiver_id\":\"8\",\"content\":\"hi\",\"client_msg_id\":\"c1\"}"),
            false);
    assertThat(toUser).isEqualTo(new Requests.Send(new Recipient.ToUser(UserId.of(8)), "hi", "c1"));
    var toGroup = Requests.send(JsonInput.parse("{\"group_id\":\"3\",\"content\":\"hi\"}"), false);
    assertThat(toGroup.recipient()).isEqualTo(new Recipient.ToGroup(GroupId.of(3)));
    assertThat(toGroup.clientMsgId()).isNull();
  }

  @Test
  void sendFrameRequiresClientMsgIdAndAllowsType() {
    assertCode(
        () ->
            Requests.send(
                JsonInput.parse("{\"type\":\"send\",\"receiver_id\":\"8\",\"content\":\"hi\"}"),
                true),
        ErrorCode.MISSING_FIELD);
    assertCode(
        () ->
            Requests.send(
                JsonInput.parse("{\"type\":\"send\",\"receiver_id\":\"8\",\"content\":\"hi\"}"),
                false),
        ErrorCode.UNKNOWN_FIELD);
  }

  @Test
  void syncDefaults() {
    assertThat(Requests.sync(JsonInput.parse("{\"type\":\"sync\"}")))
        .isEqualTo(new Requests.Sync(null, 0, null));
    assertThat(Requests.sync(JsonInput.parse("{\"type\":\"sync\",\"after\":\"5\",\"limit\":10}")))
        .isEqualTo(new Requests.Sync("5", 0, 10));
  }

  private static AbstractThrowableAssert<?, ? extends Throwable> assertCode(
      Runnable call, ErrorCode code) {
    return assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            InputException.class, e -> assertThat(e.problem().code()).isEqualTo(code));
  }
}
