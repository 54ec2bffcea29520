package io.parley.cluster.redis;

import io.parley.core.delivery.Event;
import io.parley.core.delivery.Event.MessageEvent;
import io.parley.core.delivery.Event.PresenceEvent;
import io.parley.core.delivery.Event.ReceiptEvent;
import io.parley.core.delivery.Event.TypingEvent;
import io.parley.core.id.GroupId;
import io.parley.core.id.MessageId;
import io.parley.core.id.UserId;
import io.parley.core.message.ConversationId;
import io.parley.core.message.DeliveryStatus;
import io.parley.core.message.GroupReceipts;
import io.parley.core.message.Message;
import io.parley.core.message.SystemEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The binary form of an {@link Event} between nodes. Version 1:
 *
 * <pre>
 * event        = u8 version (1), u8 kind, body
 * message (1)  = message, str? cursor, i64 sent-at (epoch nanos, 0 if unknown)
 * receipt (2)  = i64 message id, conversation, i64 user, u8 status, receipts?
 * typing (3)   = conversation, i64 user, bool typing
 * presence (4) = i64 user, bool online, i64 last seen
 * message      = i64 id, conversation, i64 seq, i64 sender, i64 receiver (0: none),
 *                i64 group (0: none), str content, i64 timestamp, str? client msg id, u8 status,
 *                system-event?, receipts?
 * conversation = u8 'd', i64 low user, i64 high user  |  u8 'g', i64 group
 * system-event = u8 type, i64 actor, i32 n, n * i64 user, str? name
 * receipts     = i32 recipients, i32 delivered, i32 read
 * str          = i32 length, UTF-8 bytes;  str? = i32 -1 for null, else str;  x? = bool present, x
 * </pre>
 *
 * Integers are big-endian. Enum values travel as codes from fixed tables, never as ordinals, so
 * reordering an enum cannot change the wire. A message event's send time crosses nodes as wall
 * clock time and comes back as this node's {@link System#nanoTime} for the same moment, so the
 * send-to-deliver latency stays meaningful (up to the nodes' clock skew).
 */
final class EventCodec {

  static final int VERSION = 1;

  private static final int MESSAGE = 1;
  private static final int RECEIPT = 2;
  private static final int TYPING = 3;
  private static final int PRESENCE = 4;

  /** Wire codes of the delivery statuses: the index in this list. */
  static final List<DeliveryStatus> STATUSES =
      List.of(DeliveryStatus.SENT, DeliveryStatus.DELIVERED, DeliveryStatus.READ);

  /** Wire codes of the system event types: the index in this list. */
  static final List<SystemEvent.Type> SYSTEM_EVENT_TYPES =
      List.of(
          SystemEvent.Type.CREATED,
          SystemEvent.Type.ADDED,
          SystemEvent.Type.REMOVED,
          SystemEvent.Type.JOINED,
          SystemEvent.Type.LEFT,
          SystemEvent.Type.RENAMED,
          SystemEvent.Type.PROMOTED,
          SystemEvent.Type.DEMOTED);

  private final InstantSource wallClock;
  private final LongSupplier nanoTime;

  EventCodec(InstantSource wallClock, LongSupplier nanoTime) {
    this.wallClock = wallClock;
    this.nanoTime = nanoTime;
  }

  static EventCodec system() {
    return new EventCodec(InstantSource.system(), System::nanoTime);
  }

  byte[] encode(Event event) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      if (event instanceof MessageEvent m) {
        out.writeByte(MESSAGE);
        writeMessage(out, m.message());
        writeNullableString(out, m.cursor());
        out.writeLong(m.sentAtNanos() == 0 ? 0 : toEpochNanos(m.sentAtNanos()));
      } else if (event instanceof ReceiptEvent r) {
        out.writeByte(RECEIPT);
        out.writeLong(r.messageId().value());
        writeConversation(out, r.conversation());
        out.writeLong(r.user().value());
        out.writeByte(STATUSES.indexOf(r.status()));
        writeReceipts(out, r.counts());
      } else if (event instanceof TypingEvent t) {
        out.writeByte(TYPING);
        writeConversation(out, t.conversation());
        out.writeLong(t.user().value());
        out.writeBoolean(t.typing());
      } else if (event instanceof PresenceEvent p) {
        out.writeByte(PRESENCE);
        out.writeLong(p.user().value());
        out.writeBoolean(p.online());
        out.writeLong(p.lastSeen());
      } else {
        throw new IllegalArgumentException("unknown event " + event.getClass());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a byte array does not fail
    }
    return bytes.toByteArray();
  }

  /** Decodes {@code length} bytes from {@code offset}; throws IllegalArgumentException if bad. */
  Event decode(byte[] data, int offset, int length) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data, offset, length))) {
      int version = in.readUnsignedByte();
      if (version != VERSION) {
        throw new IllegalArgumentException("unsupported event version " + version);
      }
      int kind = in.readUnsignedByte();
      Event event =
          switch (kind) {
            case MESSAGE -> {
              Message message = readMessage(in);
              String cursor = readNullableString(in);
              long sentAt = in.readLong();
              yield new MessageEvent(message, cursor, sentAt == 0 ? 0 : toNanoTime(sentAt));
            }
            case RECEIPT ->
                new ReceiptEvent(
                    MessageId.of(in.readLong()),
                    readConversation(in),
                    UserId.of(in.readLong()),
                    STATUSES.get(in.readUnsignedByte()),
                    readReceipts(in));
            case TYPING ->
                new TypingEvent(readConversation(in), UserId.of(in.readLong()), in.readBoolean());
            case PRESENCE ->
                new PresenceEvent(UserId.of(in.readLong()), in.readBoolean(), in.readLong());
            default -> throw new IllegalArgumentException("unknown event kind " + kind);
          };
      if (in.available() > 0) throw new IllegalArgumentException("trailing bytes after event");
      return event;
    } catch (IOException | IndexOutOfBoundsException e) {
      throw new IllegalArgumentException("malformed event: " + e.getMessage(), e);
    }
  }

  private static void writeMessage(DataOutputStream out, Message m) throws IOException {
    out.writeLong(m.id().value());
    writeConversation(out, m.conversation());
    out.writeLong(m.seq());
    out.writeLong(m.sender().value());
    out.writeLong(m.receiver() == null ? 0 : m.receiver().value());
    out.writeLong(m.group() == null ? 0 : m.group().value());
    writeString(out, m.content());
    out.writeLong(m.timestamp());
    writeNullableString(out, m.clientMsgId());
    out.writeByte(STATUSES.indexOf(m.status()));
    SystemEvent event = m.event();
    out.writeBoolean(event != null);
    if (event != null) {
      out.writeByte(SYSTEM_EVENT_TYPES.indexOf(event.type()));
      out.writeLong(event.actor().value());
      out.writeInt(event.users().size());
      for (UserId user : event.users()) out.writeLong(user.value());
      writeNullableString(out, event.name());
    }
    writeReceipts(out, m.receipts());
  }

  private static Message readMessage(DataInputStream in) throws IOException {
    MessageId id = MessageId.of(in.readLong());
    ConversationId conversation = readConversation(in);
    long seq = in.readLong();
    UserId sender = UserId.of(in.readLong());
    long receiver = in.readLong();
    long group = in.readLong();
    String content = readString(in);
    long timestamp = in.readLong();
    String clientMsgId = readNullableString(in);
    DeliveryStatus status = STATUSES.get(in.readUnsignedByte());
    SystemEvent event = null;
    if (in.readBoolean()) {
      SystemEvent.Type type = SYSTEM_EVENT_TYPES.get(in.readUnsignedByte());
      UserId actor = UserId.of(in.readLong());
      int n = in.readInt();
      if (n < 0 || n > in.available() / Long.BYTES) {
        throw new IllegalArgumentException("bad user count " + n);
      }
      List<UserId> users = new ArrayList<>(n);
      for (int i = 0; i < n; i++) users.add(UserId.of(in.readLong()));
      event = new SystemEvent(type, actor, users, readNullableString(in));
    }
    return new Message(
        id,
        conversation,
        seq,
        sender,
        receiver == 0 ? null : UserId.of(receiver),
        group == 0 ? null : GroupId.of(group),
        content,
        timestamp,
        clientMsgId,
        status,
        event,
        readReceipts(in));
  }

  private static void writeConversation(DataOutputStream out, ConversationId conversation)
      throws IOException {
    if (conversation instanceof ConversationId.Direct d) {
      out.writeByte('d');
      out.writeLong(d.low().value());
      out.writeLong(d.high().value());
    } else {
      out.writeByte('g');
      out.writeLong(((ConversationId.Group) conversation).id().value());
    }
  }

  private static ConversationId readConversation(DataInputStream in) throws IOException {
    int tag = in.readUnsignedByte();
    return switch (tag) {
      case 'd' -> ConversationId.direct(UserId.of(in.readLong()), UserId.of(in.readLong()));
      case 'g' -> ConversationId.group(GroupId.of(in.readLong()));
      default -> throw new IllegalArgumentException("unknown conversation tag " + tag);
    };
  }

  private static void writeReceipts(DataOutputStream out, GroupReceipts receipts)
      throws IOException {
    out.writeBoolean(receipts != null);
    if (receipts != null) {
      out.writeInt(receipts.recipients());
      out.writeInt(receipts.delivered());
      out.writeInt(receipts.read());
    }
  }

  private static GroupReceipts readReceipts(DataInputStream in) throws IOException {
    return in.readBoolean() ? new GroupReceipts(in.readInt(), in.readInt(), in.readInt()) : null;
  }

  private static void writeString(DataOutputStream out, String text) throws IOException {
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    out.writeInt(utf8.length);
    out.write(utf8);
  }

  private static void writeNullableString(DataOutputStream out, String text) throws IOException {
    if (text == null) {
      out.writeInt(-1);
    } else {
      writeString(out, text);
    }
  }

  private static String readString(DataInputStream in) throws IOException {
    String text = readNullableString(in);
    if (text == null) throw new IllegalArgumentException("missing string");
    return text;
  }

  private static String readNullableString(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length == -1) return null;
    if (length < 0 || length > in.available()) {
      throw new IllegalArgumentException("bad string length " + length);
    }
    return new String(in.readNBytes(length), StandardCharsets.UTF_8);
  }

  private long toEpochNanos(long nanoTimeStamp) {
    return wallNanos() - (nanoTime.getAsLong() - nanoTimeStamp);
  }

  private long toNanoTime(long epochNanos) {
    return nanoTime.getAsLong() - (wallNanos() - epochNanos);
  }

  private long wallNanos() {
    Instant now = wallClock.instant();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }
}
