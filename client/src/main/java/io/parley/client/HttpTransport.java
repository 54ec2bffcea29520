package io.parley.client;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import java.net.ConnectException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The HTTP plumbing shared by {@link ParleyClient} and {@link ParleyGroups}: one pooled keep-alive
 * HTTP/1.1 client (no pipelining), the base URI, JSON in and out, error mapping.
 */
final class HttpTransport {
  private final Vertx vertx;
  private final HttpClientAgent http;
  private final ParleyClientOptions options;
  final Endpoints endpoints;
  private final ContextInternal[] contexts =
      new ContextInternal[Math.max(2, 2 * Runtime.getRuntime().availableProcessors())];
  private final AtomicInteger nextContext = new AtomicInteger();
  private volatile boolean closed;

  HttpTransport(Vertx vertx, ParleyClientOptions options) {
    this.vertx = vertx;
    this.options = options;
    this.endpoints = new Endpoints(options.endpoints());
    HttpClientOptions httpOptions =
        new HttpClientOptions()
            .setSsl(endpoints.ssl())
            .setKeepAlive(true)
            .setPipelining(false)
            .setConnectTimeout((int) options.connectTimeout().toMillis());
    this.http =
        vertx.createHttpClient(
            httpOptions, new PoolOptions().setHttp1MaxSize(options.httpPoolSize()));
  }

  /** Any request; completes with the answer whatever its status, fails on transport trouble. */
  CompletableFuture<RawResponse> raw(String method, String path, String body, String token) {
    CompletableFuture<RawResponse> result = new CompletableFuture<>();
    if (closed) {
      result.completeExceptionally(ParleyException.closed("client closed"));
      return result;
    }
    Endpoints.Endpoint endpoint = endpoints.current();
    RequestOptions request =
        new RequestOptions()
            .setMethod(HttpMethod.valueOf(method.toUpperCase(Locale.ROOT)))
            .setHost(endpoint.host())
            .setPort(endpoint.port())
            .setSsl(endpoint.ssl())
            .setURI(endpoint.prefix() + path)
            // For a request, Vert.x' "connect timeout" is how long it may wait for a connection
            // from the pool, queued behind the requests in progress: that is part of the request,
            // not of the TCP connect (bounded by the client option above).
            .setConnectTimeout(options.connectTimeout().plus(options.requestTimeout()).toMillis())
            .setIdleTimeout(options.requestTimeout().toMillis());
    if (token != null) {
      request.putHeader("Authorization", "Bearer " + token);
    }
    if (body != null) {
      request.putHeader("Content-Type", "application/json");
    }
    // The whole chain runs on an event loop: composed from another thread, a step could attach
    // after its future completed and miss the response body (see STACK.md).
    onEventLoop(
        () ->
            http.request(request)
                .compose(req -> body == null ? req.send() : req.send(body))
                .compose(
                    resp ->
                        resp.body()
                            .map(
                                buf ->
                                    new RawResponse(
                                        resp.statusCode(),
                                        resp.headers(),
                                        buf.toString(StandardCharsets.UTF_8))))
                .onComplete(
                    ar -> {
                      if (ar.succeeded()) {
                        result.complete(ar.result());
                      } else {
                        // the next call goes to the next server, if there is one; this one is
                        // not retried here (the caller decides: sends are idempotent by key)
                        if (isConnectFailure(ar.cause())) endpoints.failed(endpoint);
                        result.completeExceptionally(ParleyException.transport(ar.cause()));
                      }
                    }));
    return result;
  }

  /** The server could not be reached at all (as opposed to a slow or failed answer). */
  static boolean isConnectFailure(Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof ConnectException) return true;
    }
    return false;
  }

  /** A JSON call: a 2xx answer is decoded, anything else fails with its {@link ParleyException}. */
  <T> CompletableFuture<T> call(
      HttpMethod method,
      String path,
      JsonObject body,
      Session session,
      Function<JsonObject, T> decode) {
    CompletableFuture<T> result = new CompletableFuture<>();
    raw(
            method.name(),
            path,
            body == null ? null : body.encode(),
            session == null ? null : session.token())
        .whenComplete(
            (r, error) -> {
              if (error != null) {
                result.completeExceptionally(error);
              } else if (r.status() / 100 != 2) {
                result.completeExceptionally(ParleyException.fromResponse(r));
              } else {
                try {
                  result.complete(decode.apply(r.body().isEmpty() ? new JsonObject() : r.json()));
                } catch (RuntimeException e) {
                  result.completeExceptionally(badResponse(r, e));
                }
              }
            });
    return result;
  }

  Future<Void> close() {
    closed = true;
    return http.close();
  }

  static ParleyException badResponse(RawResponse r, Throwable cause) {
    return new ParleyException(
        r.status(), ParleyException.BAD_RESPONSE, "unreadable answer: " + cause, null, cause);
  }

  /** A query parameter value. */
  static String query(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /** A path segment. */
  static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** Runs the task on the caller's event loop, or else on one of the client's, round-robin. */
  private void onEventLoop(Runnable task) {
    Context current = Vertx.currentContext();
    if (current != null && current.isEventLoopContext() && current.owner() == vertx) {
      task.run();
      return;
    }
    int i = Math.floorMod(nextContext.getAndIncrement(), contexts.length);
    ContextInternal context = contexts[i];
    if (context == null) {
      context = ((VertxInternal) vertx).createEventLoopContext();
      contexts[i] = context; // a benign race: at worst two contexts for one slot
    }
    context.runOnContext(v -> task.run());
  }
}
