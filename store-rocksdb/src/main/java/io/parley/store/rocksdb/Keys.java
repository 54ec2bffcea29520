package io.parley.store.rocksdb;

import io.parley.core.id.GroupId;
import io.parley.core.id.UserId;
import io.parley.core.message.ConversationId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Key layouts. Numbers are 8-byte big-endian and all ids are positive, so RocksDB's bytewise order
 * is numeric order: iterating a prefix walks ids and sequence numbers in ascending order.
 *
 * <pre>
 * conversation  = 0x01 low-user high-user (17 bytes) | 0x02 group (9 bytes)
 * users         = user id
 * usernames     = lower-cased username, UTF-8
 * messages      = message id
 * conv_log      = conversation seq
 * conv_meta     = conversation
 * user_conv     = owner conversation
 * inbox         = owner message-id
 * idempotency   = sender client-msg-id (UTF-8)
 * groups        = group id
 * user_groups   = user group                  (groupsOf: a prefix scan)
 * conv_members  = conversation user           (a group's current members: a prefix scan)
 * invites       = code (UTF-8)
 * group_invites = group code (UTF-8)
 * </pre>
 */
final class Keys {

  static final byte DIRECT = 1;
  static final byte GROUP = 2;
  static final int LONG = Long.BYTES;

  private Keys() {}

  static byte[] id(long id) {
    return ByteBuffer.allocate(LONG).putLong(id).array();
  }

  static long id(byte[] key) {
    return ByteBuffer.wrap(key).getLong();
  }

  static long longAt(byte[] key, int offset) {
    return ByteBuffer.wrap(key, offset, LONG).getLong();
  }

  static int length(ConversationId conversation) {
    return conversation instanceof ConversationId.Direct ? 1 + 2 * LONG : 1 + LONG;
  }

  static byte[] conversation(ConversationId conversation) {
    ByteBuffer buffer = ByteBuffer.allocate(length(conversation));
    put(buffer, conversation);
    return buffer.array();
  }

  static void put(ByteBuffer buffer, ConversationId conversation) {
    if (conversation instanceof ConversationId.Direct direct) {
      buffer.put(DIRECT).putLong(direct.low().value()).putLong(direct.high().value());
    } else {
      buffer.put(GROUP).putLong(((ConversationId.Group) conversation).id().value());
    }
  }

  /** Reads a conversation from {@code buffer}'s position, moving past it. */
  static ConversationId conversation(ByteBuffer buffer) {
    byte kind = buffer.get();
    return switch (kind) {
      case DIRECT ->
          ConversationId.direct(UserId.of(buffer.getLong()), UserId.of(buffer.getLong()));
      case GROUP -> ConversationId.group(GroupId.of(buffer.getLong()));
      default -> throw new IllegalStateException("unknown conversation kind " + kind);
    };
  }

  static byte[] logEntry(ConversationId conversation, long seq) {
    ByteBuffer buffer = ByteBuffer.allocate(length(conversation) + LONG);
    put(buffer, conversation);
    return buffer.putLong(seq).array();
  }

  static byte[] userConversation(UserId owner, ConversationId conversation) {
    ByteBuffer buffer = ByteBuffer.allocate(LONG + length(conversation));
    buffer.putLong(owner.value());
    put(buffer, conversation);
    return buffer.array();
  }

  /** The conversation of a {@link #userConversation} key. */
  static ConversationId conversationOfUserKey(byte[] key) {
    return conversation(ByteBuffer.wrap(key, LONG, key.length - LONG));
  }

  static byte[] inbox(UserId owner, long messageId) {
    return ByteBuffer.allocate(2 * LONG).putLong(owner.value()).putLong(messageId).array();
  }

  static byte[] idempotency(UserId sender, String clientMsgId) {
    byte[] text = clientMsgId.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(LONG + text.length).putLong(sender.value()).put(text).array();
  }

  static byte[] userGroup(UserId user, GroupId group) {
    return ByteBuffer.allocate(2 * LONG).putLong(user.value()).putLong(group.value()).array();
  }

  static byte[] member(ConversationId conversation, UserId user) {
    ByteBuffer buffer = ByteBuffer.allocate(length(conversation) + LONG);
    put(buffer, conversation);
    return buffer.putLong(user.value()).array();
  }

  /** The user of a {@link #member} key. */
  static UserId userOfMemberKey(byte[] key) {
    return UserId.of(longAt(key, key.length - LONG));
  }

  static byte[] invite(String code) {
    return code.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] groupInvite(GroupId group, String code) {
    byte[] text = code.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(LONG + text.length).putLong(group.value()).put(text).array();
  }

  /** The code of a {@link #groupInvite} key. */
  static String codeOfGroupInviteKey(byte[] key) {
    return new String(key, LONG, key.length - LONG, StandardCharsets.UTF_8);
  }

  static byte[] username(String canonical) {
    return canonical.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The smallest key greater than every key starting with {@code prefix}, for an exclusive upper
   * bound; null if there is none (the prefix is all 0xFF bytes).
   */
  static byte[] prefixEnd(byte[] prefix) {
    byte[] end = Arrays.copyOf(prefix, prefix.length);
    for (int i = end.length - 1; i >= 0; i--) {
      if (end[i] != (byte) 0xFF) {
        end[i]++;
        return Arrays.copyOf(end, i + 1);
      }
    }
    return null;
  }
}
