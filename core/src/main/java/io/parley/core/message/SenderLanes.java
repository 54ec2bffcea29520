package io.parley.core.message;

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
 *
 * <p>A lane is named by a key of any kind: a sender ({@link MessageService}), or a sender in one
 * conversation (a store that must number them in the order it received them).
 */
public final class SenderLanes<K> {

  private static final CompletableFuture<Void> OPEN = CompletableFuture.completedFuture(null);

  private final ConcurrentHashMap<K, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();

  /**
   * Runs {@code step} after the sender's previous step. The step's outer stage completes once its
   * write is handed to the store; its inner stage is the write's outcome, which this returns.
   */
  public <T> CompletionStage<T> submit(
      K sender, Supplier<CompletionStage<CompletionStage<T>>> step) {
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
