package io.parley.core.message;

/**
 * One entry of a user's conversation list: the last message, how many messages the conversation
 * has ({@code lastSeq}), the owner's own markers and so the unread count.
 */
public record ConversationSummary(
    ConversationId conversation, Message lastMessage, long lastSeq, Markers markers) {

  /** Messages after the owner's read marker (the owner's own sends move that marker). */
  public long unreadCount() {
    return Math.max(0, lastSeq - markers.readSeq());
  }
}
