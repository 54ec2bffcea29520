package io.parley.gateway;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/** The one bridge from the core's {@link CompletionStage}s to Vert.x {@link Future}s. */
public final class Async {

  private Async() {}

  /**
   * {@code stage} as a Future whose callbacks run on {@code context} (the request's or the
   * connection's event loop), whatever thread completes the stage.
   */
  public static <T> Future<T> on(Context context, CompletionStage<T> stage) {
    return Future.fromCompletionStage(stage, context);
  }

  /** {@code stage} as a Future whose callbacks run on the calling event loop's context. */
  public static <T> Future<T> here(CompletionStage<T> stage) {
    Context context = Vertx.currentContext();
    return context == null ? Future.fromCompletionStage(stage) : on(context, stage);
  }

  /** The failure a stage really had, without the wrappers CompletableFuture adds. */
  public static Throwable cause(Throwable failure) {
    Throwable t = failure;
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
