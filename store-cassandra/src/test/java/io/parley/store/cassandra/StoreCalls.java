package io.parley.store.cassandra;

import io.parley.core.id.UserId;
import io.parley.core.message.ConversationId;
import io.parley.core.message.Message;
import io.parley.core.message.MessageStore;
import io.parley.core.message.MessageStore.InboxQuery;
import io.parley.core.message.MessageStore.InboxResult;
import io.parley.core.message.MessageStore.NewMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/** What the store tests outside the contract call the store with, and how they wait for it. */
final class StoreCalls {

  static final Duration TIMEOUT = Duration.ofSeconds(60);

  private StoreCalls() {}

  /** {@code owner}'s whole inbox from the start, page by page. */
  static List<Message> readInbox(MessageStore store, UserId owner) {
    List<Message> all = new ArrayList<>();
    String cursor = null;
    InboxResult.Page page;
    do {
      page = (InboxResult.Page) await(store.inbox(owner, new InboxQuery(cursor, 0, 5)));
      all.addAll(page.messages());
      cursor = page.nextCursor();
    } while (page.hasMore());
    return all;
  }

  static NewMessage direct(UserId from, UserId to, String content, String clientMsgId) {
    return new NewMessage(
        ConversationId.direct(from, to), from, to, null, content, clientMsgId, Set.of(from, to));
  }

  static UserId randomUser() {
    return UserId.of(ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE));
  }

  /** The stage's value, within {@link #TIMEOUT}; a failure fails the test. */
  static <T> T await(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new AssertionError("a store call failed", e);
    }
  }
}
