package io.parley.core.message;

import io.parley.core.id.UserId;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Keeps each sender's messages in the order they were sent. A send does some asynchronous checks
 * (rate limits, which may be shared in Redis; does the receiver exist? is the sender a member?)
 * before it hands its write to the store; two sends of one sender could finish those checks in
 * either order. A lane starts a sender's next send only once the previous one has handed over its
 * write (or given up), so the store, which numbers writes in the order it receives them, numbers a
 * sender's messages in the order they were sent. Different senders never wait for each other.
 */
final class SenderLanes {

  private static final CompletableFuture<Void> OPEN = CompletableFuture.completedFuture(null);

  private final ConcurrentHashMap<UserId, CompletableFuture<Void>> tails =
      new ConcurrentHashMap<>();

  /**
   * Runs {@code step} after the sender's previous step. The step's outer stage completes once its
   * write is handed to the store; its inner stage is the write's outcome, which this returns.
   */
  <T> CompletionStage<T> submit(UserId sender, Supplier<CompletionStage<CompletionStage<T>>> step) {
    CompletableFuture<Void> handedOver = new CompletableFuture<>();
    CompletableFuture<Void> previous = tails.put(sender, handedOver);
    CompletableFuture<CompletionStage<T>> submitted =
        (previous == null ? OPEN : previous).thenCompose(ignored -> step.get());
    submitted.whenComplete(
        (ignored, error) -> {
          handedOver.complete(null);
          tails.remove(sender, handedOver);
        });
    return submitted.thenCompose(outcome -> outcome);
  }

  /** Senders with a send under way (for tests). */
  int busySenders() {
    return tails.size();
  }
}
