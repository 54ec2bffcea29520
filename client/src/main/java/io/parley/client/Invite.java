package io.parley.client;

/**
 * An invite code to a group.
 *
 * @param createdAt epoch millis
 */
public record Invite(String code, String groupId, String createdBy, long createdAt) {}
