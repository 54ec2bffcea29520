package io.parley.client;

/**
 * A user as returned by {@code GET /users/...}.
 *
 * @param lastSeen epoch millis, 0 when unknown
 */
public record User(String userId, String username, boolean online, long lastSeen) {}
