package io.parley.store.cassandra;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The writes still running on this node (appends, group changes), so that a stopping node can let
 * them finish — their fan-out, which publishes them to live connections, included — before it
 * leaves Redis. Otherwise a message stored during a rolling restart would reach other nodes'
 * connections only when they next resync.
 */
final class InFlight {

  private final Set<CompletableFuture<?>> running = ConcurrentHashMap.newKeySet();

  /** Counts {@code stage} as running until it completes; answers it. */
  <T> CompletionStage<T> track(CompletionStage<T> stage) {
    CompletableFuture<T> future = stage.toCompletableFuture();
    running.add(future);
    future.whenComplete((value, failure) -> running.remove(future));
    return future;
  }

  /** Completes once every write running now has ended, however it ended. */
  CompletableFuture<Void> settled() {
    return CompletableFuture.allOf(running.toArray(CompletableFuture[]::new))
        .handle((done, failure) -> null);
  }
}
