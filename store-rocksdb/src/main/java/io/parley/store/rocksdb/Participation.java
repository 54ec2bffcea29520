package io.parley.store.rocksdb;

import io.parley.core.id.UserId;
import io.parley.core.message.ConversationId;

/**
 * A user in a conversation: the key of their markers (and of their conversation-list entry). Its
 * hash is well mixed: time-ordered ids differ mostly in their high bits, which plain record hashes
 * leave in few buckets of the committer's caches.
 */
record Participation(UserId user, ConversationId conversation) {

  byte[] key() {
    return Keys.userConversation(user, conversation);
  }

  @Override
  public int hashCode() {
    return mix(user.value() * 0x9E3779B97F4A7C15L + bits(conversation));
  }

  /** A conversation as a key of the committer's caches, hashed like a participation. */
  record Conversation(ConversationId id) {
    @Override
    public int hashCode() {
      return mix(bits(id));
    }
  }

  private static long bits(ConversationId conversation) {
    if (conversation instanceof ConversationId.Direct direct) {
      return direct.low().value() * 0xC2B2AE3D27D4EB4FL + direct.high().value();
    }
    return ~((ConversationId.Group) conversation).id().value();
  }

  /** The 64-bit finalizer of MurmurHash3. */
  private static int mix(long z) {
    z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
    z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
    return (int) (z ^ (z >>> 33));
  }
}
