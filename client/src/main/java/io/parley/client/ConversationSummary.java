package io.parley.client;

/**
 * One entry of {@code GET /conversations}.
 *
 * @param type {@code direct} or {@code group}
 * @param peerId the other user of a direct conversation, else null
 * @param groupId the group of a group conversation, else null
 * @param name the group's name, else null
 * @param lastMessage the most recent message, or null
 * @param lastActivity epoch millis
 */
public record ConversationSummary(
    String conversationId,
    String type,
    String peerId,
    String groupId,
    String name,
    Message lastMessage,
    long unreadCount,
    long lastActivity) {}
