package io.parley.gateway.http;

import io.parley.core.error.ErrorCode;
import io.parley.core.error.Problem;
import io.parley.core.error.Result;
import io.parley.gateway.Async;
import io.parley.gateway.OverloadedException;
import io.parley.gateway.json.InputException;
import io.parley.gateway.json.Wire;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writing JSON answers and errors in the envelope of the contract. */
public final class Responses {

  private static final Logger log = LoggerFactory.getLogger(Responses.class);
  private static final String JSON = "application/json; charset=utf-8";

  private Responses() {}

  /** Answers {@code body} with {@code status}. */
  public static void json(RoutingContext ctx, int status, JsonObject body) {
    HttpServerResponse response = ctx.response();
    if (response.ended() || response.closed()) return;
    response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(body.toBuffer());
  }

  /** Answers a core Result: the value encoded with {@code status}, or the problem. */
  public static <T> void result(
      RoutingContext ctx,
      int status,
      CompletionStage<Result<T>> stage,
      Function<T, JsonObject> encoder) {
    Async.here(stage)
        .onSuccess(
            result -> {
              if (result instanceof Result.Ok<T> ok) {
                json(ctx, status, encoder.apply(ok.value()));
              } else if (result instanceof Result.Failed<T> failed) {
                problem(ctx, failed.problem());
              }
            })
        .onFailure(t -> failure(ctx, t));
  }

  /** Answers a problem with its code's HTTP status. */
  public static void problem(RoutingContext ctx, Problem problem) {
    if (problem.code() == ErrorCode.UNAUTHORIZED || problem.code() == ErrorCode.TOKEN_EXPIRED) {
      ctx.response().putHeader("WWW-Authenticate", "Bearer");
    }
    json(ctx, problem.code().httpStatus(), Wire.error(problem, null));
  }

  /** 429 with {@code Retry-After} (whole seconds, rounded up) and {@code retry_after_ms}. */
  public static void rateLimited(RoutingContext ctx, Duration retryAfter) {
    long millis = Wire.retryAfterMillis(retryAfter);
    ctx.response().putHeader(HttpHeaders.RETRY_AFTER, Long.toString((millis + 999) / 1000));
    json(
        ctx,
        ErrorCode.RATE_LIMITED.httpStatus(),
        Wire.error(Problem.of(ErrorCode.RATE_LIMITED), retryAfter));
  }

  /** Answers an unexpected failure: 503 for overload, 400 for bad input, 500 otherwise. */
  public static void failure(RoutingContext ctx, Throwable failure) {
    Throwable cause = failure == null ? null : Async.cause(failure);
    if (cause instanceof InputException input) {
      problem(ctx, input.problem());
    } else if (cause instanceof OverloadedException
        || cause instanceof RejectedExecutionException) {
      problem(ctx, Problem.of(ErrorCode.UNAVAILABLE, "overloaded: retry later"));
    } else {
      // The route pattern, not the path: paths may hold secrets (invite codes).
      String route = ctx.currentRoute() == null ? "?" : ctx.currentRoute().getPath();
      log.error("{} {} failed", ctx.request().method(), route, cause);
      problem(ctx, Problem.of(ErrorCode.INTERNAL, ErrorCode.INTERNAL.description()));
    }
  }

  /** What the router answers for a status it produced itself (no route, wrong method...). */
  static void routerError(RoutingContext ctx) {
    int status = ctx.statusCode();
    Throwable failure = ctx.failure();
    switch (status) {
      case 404 -> problem(ctx, Problem.of(ErrorCode.NOT_FOUND, "no such path"));
      case 405 ->
          problem(
              ctx,
              Problem.of(
                  ErrorCode.METHOD_NOT_ALLOWED,
                  ctx.request().method() + " is not allowed on " + ctx.request().path()));
      case 413 ->
          problem(
              ctx, Problem.of(ErrorCode.BODY_TOO_LARGE, ErrorCode.BODY_TOO_LARGE.description()));
      case 400, 415 ->
          problem(
              ctx,
              Problem.of(
                  ErrorCode.INVALID_JSON, failure == null ? "bad request" : "malformed request"));
      case 503 -> problem(ctx, Problem.of(ErrorCode.UNAVAILABLE, "unavailable: retry later"));
      default -> failure(ctx, failure);
    }
  }
}
