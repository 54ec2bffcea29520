package io.parley.store.rocksdb;

import io.parley.core.id.UserId;
import io.parley.core.message.ConversationId;

/** A user in a conversation: the key of their markers (and of their conversation-list entry). */
record Participation(UserId user, ConversationId conversation) {

  byte[] key() {
    return Keys.userConversation(user, conversation);
  }
}
