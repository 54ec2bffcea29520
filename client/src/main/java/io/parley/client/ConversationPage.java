package io.parley.client;

import java.util.List;

/**
 * A page of one conversation, newest first: the answer to {@code GET /conversations/{id}/messages}.
 *
 * @param nextBefore pass it as {@code before} to get the older page; null at the beginning
 */
public record ConversationPage(List<Message> messages, String nextBefore, boolean hasMore) {
  public ConversationPage {
    messages = List.copyOf(messages);
  }
}
