package io.parley.client;

import java.util.List;

/**
 * A page of a user's history, oldest first: the answer to {@code GET /messages/{user_id}} and to
 * the WebSocket {@code sync} frame.
 *
 * @param nextCursor opaque; pass it back as {@code after} to continue without gaps or repeats
 */
public record Page(List<Message> messages, String nextCursor, boolean hasMore) {
  public Page {
    messages = List.copyOf(messages);
  }
}
