package io.parley.core.message;

import io.parley.core.delivery.Event;
import io.parley.core.delivery.EventBus;
import io.parley.core.error.ErrorCode;
import io.parley.core.error.Problem;
import io.parley.core.error.Result;
import io.parley.core.id.MessageId;
import io.parley.core.id.UserId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Delivered and read receipts. Receipts are cumulative per conversation: acknowledging a message
 * acknowledges everything before it in that conversation. Each acknowledged message that moved a
 * marker produces a receipt event for its sender's connections and the reader's other devices.
 */
public final class ReceiptService {

  public static final int MAX_IDS_PER_RECEIPT = 1000;

  private final MessageStore store;
  private final EventBus bus;

  public ReceiptService(MessageStore store, EventBus bus) {
    this.store = store;
    this.bus = bus;
  }

  /**
   * Records that {@code reader} received or read {@code ids}. Fails without changing anything if
   * any id is unknown or names a message that is not addressed to the reader; ids of the reader's
   * own messages are ignored.
   */
  public CompletionStage<Result<Integer>> acknowledge(
      UserId reader, Receipt kind, Collection<MessageId> ids) {
    if (ids.isEmpty() || ids.size() > MAX_IDS_PER_RECEIPT) {
      return CompletableFuture.completedFuture(
          Result.failed(
              Problem.of(
                  ErrorCode.INVALID_FIELD,
                  "message_ids must hold 1-" + MAX_IDS_PER_RECEIPT + " ids")));
    }
    var unique = new LinkedHashSet<>(ids);
    return store
        .messages(unique)
        .thenCompose(
            found -> {
              Map<ConversationId, List<Message>> byConversation = new LinkedHashMap<>();
              for (MessageId id : unique) {
                Message message = found.get(id);
                if (message == null) {
                  return failed(Problem.of(ErrorCode.NOT_FOUND, "no message " + id));
                }
                if (!addressedTo(message, reader)) {
                  return failed(Problem.of(ErrorCode.FORBIDDEN, "message " + id + " is not yours"));
                }
                if (message.sender().equals(reader)) continue;
                byConversation
                    .computeIfAbsent(message.conversation(), c -> new ArrayList<>())
                    .add(message);
              }
              return apply(reader, kind, byConversation);
            });
  }

  private CompletionStage<Result<Integer>> apply(
      UserId reader, Receipt kind, Map<ConversationId, List<Message>> byConversation) {
    CompletableFuture<Integer> total = CompletableFuture.completedFuture(0);
    for (var entry : byConversation.entrySet()) {
      List<Message> messages = entry.getValue();
      long maxSeq = messages.stream().mapToLong(Message::seq).max().orElseThrow();
      CompletionStage<Integer> one =
          store
              .advance(reader, entry.getKey(), kind, maxSeq)
              .thenApply(change -> notify(reader, kind, messages, change));
      total = total.thenCombine(one, Integer::sum);
    }
    return total.thenApply(Result::ok);
  }

  private int notify(
      UserId reader, Receipt kind, List<Message> messages, MessageStore.MarkerChange change) {
    int sent = 0;
    long before = kind == Receipt.READ ? change.before().readSeq() : change.before().deliveredSeq();
    for (Message message : messages) {
      if (message.seq() <= before) continue; // already acknowledged earlier
      var event =
          new Event.ReceiptEvent(message.id(), message.conversation(), reader, kind.status());
      bus.publish(List.of(message.sender(), reader), event);
      sent++;
    }
    return sent;
  }

  private static boolean addressedTo(Message message, UserId user) {
    return message.sender().equals(user) || user.equals(message.receiver());
  }

  private static CompletionStage<Result<Integer>> failed(Problem problem) {
    return CompletableFuture.completedFuture(Result.failed(problem));
  }
}
