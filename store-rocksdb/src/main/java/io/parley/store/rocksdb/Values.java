package io.parley.store.rocksdb;

import io.parley.core.account.Account;
import io.parley.core.account.User;
import io.parley.core.id.GroupId;
import io.parley.core.id.IdGenerator;
import io.parley.core.id.MessageId;
import io.parley.core.id.UserId;
import io.parley.core.message.ConversationId;
import io.parley.core.message.DeliveryStatus;
import io.parley.core.message.Markers;
import io.parley.core.message.Message;
import io.parley.core.message.SystemEvent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Value layouts. Every value starts with a format version byte so the layout can evolve; numbers
 * are big-endian, strings are a 4-byte length and UTF-8, optional fields are flagged.
 *
 * <pre>
 * user      = v1 created-at last-seen flags(1=phone) username [phone] password-hash
 * message   = v1 flags(1=receiver 2=group 4=client-msg-id 8=event) conversation seq sender
 *             [receiver] [group] [client-msg-id] content [event]   (timestamp = the id's)
 * event     = type-name actor user-count user* flags(1=name) [name]   (group system messages)
 * markers   = v1 delivered-seq read-seq [flags(1=until) from-seq [until-seq until-message-id]]
 *             (the bracketed standing only in groups, where members join late and leave)
 * meta      = v1 last-seq last-message-id
 * reference = v1 id                        (usernames, conv_log, idempotency)
 * inbox     = v1                           (the key is the reference)
 * </pre>
 */
final class Values {

  static final byte V1 = 1;
  static final byte[] INBOX_ENTRY = {V1};

  private static final int HAS_RECEIVER = 1;
  private static final int HAS_GROUP = 2;
  private static final int HAS_CLIENT_MSG_ID = 4;
  private static final int HAS_EVENT = 8;
  private static final int HAS_NAME = 1;
  private static final int HAS_UNTIL = 1;
  private static final int MARKERS_SIZE = 17;
  private static final int HAS_PHONE = 1;

  private Values() {}

  /** What a conversation has: its last seq and the id of its last message. */
  record Meta(long lastSeq, long lastMessageId) {
    static final Meta EMPTY = new Meta(0, 0);
  }

  static byte[] account(Account account) {
    User user = account.user();
    byte[] name = utf8(user.username());
    byte[] phone = user.phone() == null ? null : utf8(user.phone());
    byte[] hash = utf8(account.passwordHash());
    ByteBuffer out =
        ByteBuffer.allocate(
            1 + 16 + 1 + size(name) + (phone == null ? 0 : size(phone)) + size(hash));
    out.put(V1).putLong(user.createdAt()).putLong(user.lastSeen());
    out.put((byte) (phone == null ? 0 : HAS_PHONE));
    putBytes(out, name);
    if (phone != null) putBytes(out, phone);
    putBytes(out, hash);
    return out.array();
  }

  static Account account(long id, byte[] value) {
    ByteBuffer in = versioned(value);
    long createdAt = in.getLong();
    long lastSeen = in.getLong();
    int flags = in.get();
    String username = getString(in);
    String phone = (flags & HAS_PHONE) != 0 ? getString(in) : null;
    String hash = getString(in);
    return new Account(new User(UserId.of(id), username, phone, createdAt, lastSeen), hash);
  }

  static byte[] message(Message message) {
    byte[] clientMsgId = message.clientMsgId() == null ? null : utf8(message.clientMsgId());
    byte[] content = utf8(message.content());
    byte[] event = message.event() == null ? null : event(message.event());
    int flags =
        (message.receiver() != null ? HAS_RECEIVER : 0)
            | (message.group() != null ? HAS_GROUP : 0)
            | (clientMsgId != null ? HAS_CLIENT_MSG_ID : 0)
            | (event != null ? HAS_EVENT : 0);
    int size =
        2
            + Keys.length(message.conversation())
            + 16
            + (message.receiver() != null ? 8 : 0)
            + (message.group() != null ? 8 : 0)
            + (clientMsgId != null ? size(clientMsgId) : 0)
            + size(content)
            + (event != null ? event.length : 0);
    ByteBuffer out = ByteBuffer.allocate(size).put(V1).put((byte) flags);
    Keys.put(out, message.conversation());
    out.putLong(message.seq()).putLong(message.sender().value());
    if (message.receiver() != null) out.putLong(message.receiver().value());
    if (message.group() != null) out.putLong(message.group().value());
    if (clientMsgId != null) putBytes(out, clientMsgId);
    putBytes(out, content);
    if (event != null) out.put(event);
    return out.array();
  }

  /** Decodes a message body; its status is SENT until the reader applies the markers. */
  static Message message(long id, byte[] value) {
    ByteBuffer in = versioned(value);
    int flags = in.get();
    ConversationId conversation = Keys.conversation(in);
    long seq = in.getLong();
    UserId sender = UserId.of(in.getLong());
    UserId receiver = (flags & HAS_RECEIVER) != 0 ? UserId.of(in.getLong()) : null;
    GroupId group = (flags & HAS_GROUP) != 0 ? GroupId.of(in.getLong()) : null;
    String clientMsgId = (flags & HAS_CLIENT_MSG_ID) != 0 ? getString(in) : null;
    String content = getString(in);
    SystemEvent event = (flags & HAS_EVENT) != 0 ? event(in) : null;
    return new Message(
        MessageId.of(id),
        conversation,
        seq,
        sender,
        receiver,
        group,
        content,
        IdGenerator.timestampOf(id),
        clientMsgId,
        DeliveryStatus.SENT,
        event,
        null);
  }

  private static byte[] event(SystemEvent event) {
    byte[] type = utf8(event.type().name());
    byte[] name = event.name() == null ? null : utf8(event.name());
    ByteBuffer out =
        ByteBuffer.allocate(
            size(type) + 8 + 4 + 8 * event.users().size() + 1 + (name == null ? 0 : size(name)));
    putBytes(out, type);
    out.putLong(event.actor().value()).putInt(event.users().size());
    for (UserId user : event.users()) out.putLong(user.value());
    out.put((byte) (name == null ? 0 : HAS_NAME));
    if (name != null) putBytes(out, name);
    return out.array();
  }

  private static SystemEvent event(ByteBuffer in) {
    SystemEvent.Type type = SystemEvent.Type.valueOf(getString(in));
    UserId actor = UserId.of(in.getLong());
    int count = in.getInt();
    List<UserId> users = new ArrayList<>(count);
    for (int i = 0; i < count; i++) users.add(UserId.of(in.getLong()));
    String name = (in.get() & HAS_NAME) != 0 ? getString(in) : null;
    return new SystemEvent(type, actor, users, name);
  }

  static byte[] markers(Markers markers) {
    return ByteBuffer.allocate(MARKERS_SIZE)
        .put(V1)
        .putLong(markers.deliveredSeq())
        .putLong(markers.readSeq())
        .array();
  }

  /** The markers of a markers value, with or without a standing. */
  static Markers markers(byte[] value) {
    ByteBuffer in = versioned(value);
    return new Markers(in.getLong(), in.getLong());
  }

  /** A standing: plain markers when it is a direct one (from 1, never left). */
  static byte[] standing(Standing standing) {
    Markers markers = standing.markers();
    if (standing.fromSeq() == 1 && !standing.departed()) return markers(markers);
    ByteBuffer out =
        ByteBuffer.allocate(MARKERS_SIZE + 1 + 8 + (standing.departed() ? 16 : 0))
            .put(V1)
            .putLong(markers.deliveredSeq())
            .putLong(markers.readSeq())
            .put((byte) (standing.departed() ? HAS_UNTIL : 0))
            .putLong(standing.fromSeq());
    if (standing.departed()) out.putLong(standing.untilSeq()).putLong(standing.untilMessageId());
    return out.array();
  }

  static Standing standing(byte[] value) {
    ByteBuffer in = versioned(value);
    Markers markers = new Markers(in.getLong(), in.getLong());
    if (!in.hasRemaining()) return Standing.direct(markers);
    int flags = in.get();
    long fromSeq = in.getLong();
    if ((flags & HAS_UNTIL) == 0) return new Standing(markers, fromSeq, 0, 0);
    return new Standing(markers, fromSeq, in.getLong(), in.getLong());
  }

  static byte[] meta(Meta meta) {
    return ByteBuffer.allocate(17)
        .put(V1)
        .putLong(meta.lastSeq())
        .putLong(meta.lastMessageId())
        .array();
  }

  static Meta meta(byte[] value) {
    ByteBuffer in = versioned(value);
    return new Meta(in.getLong(), in.getLong());
  }

  static byte[] reference(long id) {
    return ByteBuffer.allocate(9).put(V1).putLong(id).array();
  }

  static long reference(byte[] value) {
    return versioned(value).getLong();
  }

  static ByteBuffer versioned(byte[] value) {
    if (value.length == 0 || value[0] != V1) {
      throw new IllegalStateException(
          "unknown value format " + (value.length == 0 ? "(empty)" : value[0]));
    }
    return ByteBuffer.wrap(value, 1, value.length - 1);
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static int size(byte[] bytes) {
    return Integer.BYTES + bytes.length;
  }

  static void putBytes(ByteBuffer out, byte[] bytes) {
    out.putInt(bytes.length).put(bytes);
  }

  static String getString(ByteBuffer in) {
    int length = in.getInt();
    String text =
        new String(in.array(), in.arrayOffset() + in.position(), length, StandardCharsets.UTF_8);
    in.position(in.position() + length);
    return text;
  }
}
