package io.parley.client;

/**
 * {@code userId} received ({@code delivered}) or read ({@code read}) the message and everything
 * before it in its conversation.
 */
public record Receipt(String messageId, String conversationId, String userId, String status) {}
