package io.parley.client;

/**
 * One entry of {@code GET /groups}: a group of the user, with the user's role in it.
 *
 * @param lastMessage null when the group has none
 * @param lastActivity epoch millis
 */
public record GroupSummary(
    String groupId,
    String name,
    String role,
    long memberCount,
    Message lastMessage,
    long unreadCount,
    long lastActivity) {}
