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
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Value layouts. Every value starts with a format version byte so the layout can evolve; numbers
 * are big-endian, strings are a 4-byte length and UTF-8, optional fields are flagged.
 *
 * <pre>
 * user      = v1 created-at last-seen flags(1=phone) username [phone] password-hash
 * message   = v1 flags(1=receiver 2=group 4=client-msg-id) conversation seq sender
 *             [receiver] [group] [client-msg-id] content       (timestamp = the id's)
 * markers   = v1 delivered-seq read-seq
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
    int flags =
        (message.receiver() != null ? HAS_RECEIVER : 0)
            | (message.group() != null ? HAS_GROUP : 0)
            | (clientMsgId != null ? HAS_CLIENT_MSG_ID : 0);
    int size =
        2
            + Keys.length(message.conversation())
            + 16
            + (message.receiver() != null ? 8 : 0)
            + (message.group() != null ? 8 : 0)
            + (clientMsgId != null ? size(clientMsgId) : 0)
            + size(content);
    ByteBuffer out = ByteBuffer.allocate(size).put(V1).put((byte) flags);
    Keys.put(out, message.conversation());
    out.putLong(message.seq()).putLong(message.sender().value());
    if (message.receiver() != null) out.putLong(message.receiver().value());
    if (message.group() != null) out.putLong(message.group().value());
    if (clientMsgId != null) putBytes(out, clientMsgId);
    putBytes(out, content);
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
        DeliveryStatus.SENT);
  }

  static byte[] markers(Markers markers) {
    return ByteBuffer.allocate(17)
        .put(V1)
        .putLong(markers.deliveredSeq())
        .putLong(markers.readSeq())
        .array();
  }

  static Markers markers(byte[] value) {
    ByteBuffer in = versioned(value);
    return new Markers(in.getLong(), in.getLong());
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

  private static ByteBuffer versioned(byte[] value) {
    if (value.length == 0 || value[0] != V1) {
      throw new IllegalStateException(
          "unknown value format " + (value.length == 0 ? "(empty)" : value[0]));
    }
    return ByteBuffer.wrap(value, 1, value.length - 1);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static int size(byte[] bytes) {
    return Integer.BYTES + bytes.length;
  }

  private static void putBytes(ByteBuffer out, byte[] bytes) {
    out.putInt(bytes.length).put(bytes);
  }

  private static String getString(ByteBuffer in) {
    int length = in.getInt();
    String text =
        new String(in.array(), in.arrayOffset() + in.position(), length, StandardCharsets.UTF_8);
    in.position(in.position() + length);
    return text;
  }
}
