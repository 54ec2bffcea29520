package io.parley.cluster.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.core.delivery.Event;
import io.parley.core.delivery.Event.MessageEvent;
import io.parley.core.id.GroupId;
import io.parley.core.id.MessageId;
import io.parley.core.id.UserId;
import io.parley.core.message.ConversationId;
import io.parley.core.message.DeliveryStatus;
import io.parley.core.message.GroupReceipts;
import io.parley.core.message.Message;
import io.parley.core.message.SystemEvent;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EventCodecTest {

  private static final UserId ALICE = UserId.of(Long.MAX_VALUE);
  private static final UserId BOB = UserId.of(7);
  private static final GroupId GROUP = GroupId.of(900_000_000_001L);

  private final EventCodec codec = new EventCodec(InstantSource.system(), System::nanoTime);

  @Test
  void aDirectMessageWithEveryFieldSurvivesTheTrip() {
    Message message =
        new Message(
            MessageId.of(123_456_789_012L),
            ConversationId.direct(ALICE, BOB),
            42,
            ALICE,
            BOB,
            null,
            "héllo \uD83D\uDC4B\n\"quoted\"",
            1_700_000_000_123L,
            "client-1",
            DeliveryStatus.DELIVERED);

    assertRoundTrip(new MessageEvent(message, "cursor-99", 0));
  }

  @Test
  void aMessageWithoutOptionalFieldsSurvivesTheTrip() {
    Message message =
        new Message(
            MessageId.of(1),
            ConversationId.direct(BOB, ALICE),
            1,
            BOB,
            ALICE,
            null,
            "",
            0,
            null,
            DeliveryStatus.SENT);

    assertRoundTrip(new MessageEvent(message, null, 0));
  }

  @Test
  void aGroupMessageWithReceiptsSurvivesTheTrip() {
    Message message =
        new Message(
                MessageId.of(5),
                ConversationId.group(GROUP),
                3,
                BOB,
                null,
                GROUP,
                "to all",
                99,
                "c",
                DeliveryStatus.SENT)
            .withReceipts(new GroupReceipts(999, 500, 12));

    assertRoundTrip(new MessageEvent(message, "g-cursor", 0));
  }

  @ParameterizedTest
  @EnumSource(SystemEvent.Type.class)
  void aSystemMessageOfEveryTypeSurvivesTheTrip(SystemEvent.Type type) {
    String name =
        type == SystemEvent.Type.CREATED || type == SystemEvent.Type.RENAMED ? "Crew" : null;
    Message message =
        new Message(
            MessageId.of(77),
            ConversationId.group(GROUP),
            1,
            ALICE,
            null,
            GROUP,
            "",
            5,
            null,
            DeliveryStatus.READ,
            new SystemEvent(type, ALICE, List.of(BOB, UserId.of(8)), name),
            null);

    assertRoundTrip(new MessageEvent(message, null, 0));
  }

  @Test
  void aSystemMessageWithoutUsersSurvivesTheTrip() {
    Message message =
        new Message(
            MessageId.of(78),
            ConversationId.group(GROUP),
            2,
            ALICE,
            null,
            GROUP,
            "",
            5,
            null,
            DeliveryStatus.SENT,
            new SystemEvent(SystemEvent.Type.LEFT, ALICE, List.of(), null),
            new GroupReceipts(0, 0, 0));

    assertRoundTrip(new MessageEvent(message, null, 0));
  }

  @ParameterizedTest
  @EnumSource(DeliveryStatus.class)
  void directReceiptsOfEveryStatusSurviveTheTrip(DeliveryStatus status) {
    assertRoundTrip(
        new Event.ReceiptEvent(MessageId.of(11), ConversationId.direct(ALICE, BOB), BOB, status));
  }

  @Test
  void aGroupReceiptWithItsCountsSurvivesTheTrip() {
    assertRoundTrip(
        new Event.ReceiptEvent(
            MessageId.of(12),
            ConversationId.group(GROUP),
            BOB,
            DeliveryStatus.READ,
            new GroupReceipts(1_000, 1_000, 999)));
  }

  @Test
  void typingInDirectAndGroupConversationsSurvivesTheTrip() {
    assertRoundTrip(new Event.TypingEvent(ConversationId.direct(ALICE, BOB), ALICE, true));
    assertRoundTrip(new Event.TypingEvent(ConversationId.group(GROUP), BOB, false));
  }

  @Test
  void presenceSurvivesTheTrip() {
    assertRoundTrip(new Event.PresenceEvent(ALICE, true, 0));
    assertRoundTrip(new Event.PresenceEvent(BOB, false, 1_700_000_000_000L));
  }

  @Test
  void theSendTimeIsCarriedAsWallClockAndMappedOntoTheReceiversNanoTime() {
    Instant wall = Instant.ofEpochSecond(1_700_000_000L, 500);
    // the sender accepted the message 3 ms before encoding; its nanoTime origin is arbitrary
    EventCodec sender = new EventCodec(InstantSource.fixed(wall), () -> 10_003_000_000L);
    // the receiver decodes 2 ms later by the wall clock, with a different nanoTime origin
    EventCodec receiver =
        new EventCodec(InstantSource.fixed(wall.plusMillis(2)), () -> 555_000_000_000L);
    MessageEvent sent = new MessageEvent(directMessage(), null, 10_000_000_000L);

    MessageEvent received = (MessageEvent) decode(receiver, sender.encode(sent));

    assertThat(received.sentAtNanos()).isEqualTo(555_000_000_000L - 5_000_000L);
    assertThat(received.message()).isEqualTo(sent.message());
  }

  @Test
  void anUnknownSendTimeStaysUnknown() {
    AtomicLong clock = new AtomicLong(123);
    EventCodec ticking = new EventCodec(InstantSource.system(), clock::incrementAndGet);
    MessageEvent event = new MessageEvent(directMessage(), null, 0);

    assertThat(((MessageEvent) decode(ticking, ticking.encode(event))).sentAtNanos()).isZero();
  }

  @Test
  void theWireCodesCoverEveryEnumValue() {
    assertThat(EventCodec.STATUSES).containsExactlyInAnyOrder(DeliveryStatus.values());
    assertThat(EventCodec.SYSTEM_EVENT_TYPES).containsExactlyInAnyOrder(SystemEvent.Type.values());
  }

  @Test
  void anotherVersionIsRefused() {
    byte[] bytes = codec.encode(new Event.PresenceEvent(ALICE, true, 0));
    bytes[0] = 2;

    assertThatThrownBy(() -> codec.decode(bytes, 0, bytes.length))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("version 2");
  }

  @Test
  void truncatedOrPaddedBytesAreRefused() {
    byte[] bytes = codec.encode(new MessageEvent(directMessage(), "c", 0));

    for (int length = 0; length < bytes.length; length++) {
      int cut = length;
      assertThatThrownBy(() -> codec.decode(bytes, 0, cut))
          .isInstanceOf(IllegalArgumentException.class);
    }
    byte[] padded = Arrays.copyOf(bytes, bytes.length + 1);
    assertThatThrownBy(() -> codec.decode(padded, 0, padded.length))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anEventIsReadFromTheMiddleOfABuffer() {
    Event event = new Event.TypingEvent(ConversationId.group(GROUP), ALICE, true);
    byte[] bytes = codec.encode(event);
    byte[] framed = new byte[bytes.length + 3];
    System.arraycopy(bytes, 0, framed, 2, bytes.length);

    assertThat(codec.decode(framed, 2, bytes.length)).isEqualTo(event);
  }

  private void assertRoundTrip(Event event) {
    assertThat(decode(codec, codec.encode(event))).isEqualTo(event);
  }

  private static Message directMessage() {
    return new Message(
        MessageId.of(9),
        ConversationId.direct(ALICE, BOB),
        1,
        ALICE,
        BOB,
        null,
        "hi",
        1,
        null,
        DeliveryStatus.SENT);
  }

  private static Event decode(EventCodec codec, byte[] bytes) {
    return codec.decode(bytes, 0, bytes.length);
  }
}
