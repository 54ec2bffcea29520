package io.parley.client;

/** A peer started or stopped typing. */
public record Typing(String conversationId, String userId, boolean typing) {}
