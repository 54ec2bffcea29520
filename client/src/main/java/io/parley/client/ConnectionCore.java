package io.parley.client;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The machinery behind a {@link ParleyConnection}: the current socket, its lifecycle (connect,
 * ready, close, reconnect with {@link ReconnectPolicy}) and the calls, which it hands to {@link
 * Protocol}. All state changes happen on the connection's event-loop context.
 */
final class ConnectionCore {
  private static final Logger LOG = LoggerFactory.getLogger(ParleyConnection.class);

  private enum State {
    CONNECTING,
    OPEN,
    RECONNECTING,
    CLOSED
  }

  private final ParleyClient client;
  private final Vertx vertx;
  private final Session session;
  private final ConnectOptions options;
  private final ConnectionListener listener;
  private final ContextInternal context;
  private final Protocol protocol;
  private final ReconnectPolicy reconnect;
  private final CompletableFuture<ParleyConnection> opened = new CompletableFuture<>();
  private final CompletableFuture<Void> closed = new CompletableFuture<>();
  private final String idPrefix;
  private long idSeq;

  private volatile State state = State.CONNECTING;
  private volatile WebSocket socket;
  private volatile Ready ready;
  private volatile int reconnects;
  private boolean socketReady;
  private boolean dropRequested;
  private long readyTimer = -1;
  private long reconnectTimer = -1;
  private Endpoints.Endpoint socketEndpoint;

  private ParleyConnection owner;

  ConnectionCore(
      ParleyClient client, Session session, ConnectOptions options, ConnectionListener listener) {
    this.client = client;
    this.vertx = client.vertx();
    this.session = session;
    this.options = options;
    this.listener = new SafeListener(listener);
    this.context = contextFor(vertx);
    this.protocol = new Protocol(new SocketLink(), vertx, options, this.listener);
    this.reconnect = new ReconnectPolicy(options, () -> ThreadLocalRandom.current().nextDouble());
    this.idPrefix = Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36) + "-";
  }

  /** Starts connecting; completes on the first {@code ready}. */
  CompletableFuture<ParleyConnection> open(ParleyConnection owner) {
    this.owner = owner;
    client.track(owner);
    closed.whenComplete((v, e) -> client.untrack(owner));
    context.runOnContext(v -> openSocket());
    return opened;
  }

  private static ContextInternal contextFor(Vertx vertx) {
    ContextInternal current = (ContextInternal) Vertx.currentContext();
    if (current != null && current.isEventLoopContext() && current.owner() == vertx) {
      return current;
    }
    return ((VertxInternal) vertx).createEventLoopContext();
  }

  // ---- calls ----

  CompletableFuture<Message> send(SendRequest request) {
    CompletableFuture<Message> future = new CompletableFuture<>();
    context.execute(
        () -> {
          if (state == State.CLOSED) {
            future.completeExceptionally(ParleyException.closed("connection closed"));
          } else {
            String id = request.clientMsgId();
            protocol.send(id != null ? id : idPrefix + ++idSeq, request, future);
          }
        });
    return future;
  }

  CompletableFuture<Page> sync(String after, Long since, Integer limit) {
    CompletableFuture<Page> future = new CompletableFuture<>();
    context.execute(
        () -> {
          if (state == State.CLOSED) {
            future.completeExceptionally(ParleyException.closed("connection closed"));
          } else {
            protocol.sync(after, since, limit, future);
          }
        });
    return future;
  }

  CompletableFuture<Duration> ping() {
    CompletableFuture<Duration> future = new CompletableFuture<>();
    context.execute(
        () -> {
          if (state != State.OPEN) {
            future.completeExceptionally(ParleyException.closed("not connected"));
          } else {
            protocol.ping(future);
          }
        });
    return future;
  }

  // ---- state ----

  String cursor() {
    return protocol.cursor();
  }

  String userId() {
    return session.userId();
  }

  Ready ready() {
    return ready;
  }

  boolean isOpen() {
    return state == State.OPEN;
  }

  boolean isClosed() {
    return state == State.CLOSED;
  }

  int reconnects() {
    return reconnects;
  }

  String localAddress() {
    WebSocket ws = socket;
    SocketAddress address = ws == null ? null : ws.localAddress();
    return address == null ? null : address.hostAddress() + ":" + address.port();
  }

  int pendingSends() {
    return protocol.pendingSends();
  }

  boolean writeQueueFull() {
    WebSocket ws = socket;
    return ws != null && ws.writeQueueFull();
  }

  CompletableFuture<Void> whenClosed() {
    return closed.copy();
  }

  void dropConnection() {
    context.execute(
        () -> {
          WebSocket ws = socket;
          if (ws != null) {
            dropRequested = true;
            ws.close();
          }
        });
  }

  CompletableFuture<Void> close() {
    context.execute(
        () -> {
          if (state == State.CLOSED) {
            return;
          }
          WebSocket ws = socket;
          finish(ParleyException.closed("connection closed by the client"), ws == null);
          listener.onClose(new CloseEvent(CloseEvent.NORMAL, "closed by the client", false));
          if (ws != null) {
            ws.close((short) CloseEvent.NORMAL).onComplete(ar -> closed.complete(null));
          }
        });
    return closed.copy();
  }

  // ---- socket lifecycle ----

  private void openSocket() {
    if (state == State.CLOSED) {
      return;
    }
    Endpoints.Endpoint endpoint = client.endpoints().current();
    client
        .openWebSocket(session.token(), options.localAddress(), endpoint)
        .onComplete(
            ar -> {
              if (ar.succeeded()) {
                attach(ar.result(), endpoint);
              } else {
                if (HttpTransport.isConnectFailure(ar.cause())) client.endpoints().failed(endpoint);
                connectFailed(ar.cause());
              }
            });
  }

  private void attach(WebSocket ws, Endpoints.Endpoint endpoint) {
    if (state == State.CLOSED) {
      ws.close();
      return;
    }
    socket = ws;
    socketEndpoint = endpoint;
    socketReady = false;
    ws.textMessageHandler(
        text -> {
          if (ws == socket) {
            protocol.onText(text);
          }
        });
    ws.closeHandler(v -> onSocketClosed(ws));
    ws.exceptionHandler(e -> LOG.debug("WebSocket error for user {}: {}", userId(), e.toString()));
    readyTimer =
        vertx.setTimer(
            options.readyTimeout().toMillis(),
            id -> {
              readyTimer = -1;
              if (socket == ws && !socketReady) {
                String message = "no ready frame within " + options.readyTimeout();
                LOG.warn("{} (user {})", message, userId());
                if (opened.isDone()) {
                  dropRequested = true; // reconnect
                } else {
                  ParleyException timeout =
                      new ParleyException(0, ParleyException.TIMEOUT, message, null);
                  finish(timeout, false);
                }
                ws.close();
              }
            });
  }

  private void onReady(Ready r) {
    if (socketReady) {
      LOG.debug("second ready frame on one socket ignored");
      return;
    }
    cancelTimers();
    boolean first = !opened.isDone();
    ready = r;
    socketReady = true;
    state = State.OPEN;
    reconnect.connected();
    if (!first) {
      reconnects++;
    }
    protocol.opened(r, !first || options.resumeCursor() != null);
    listener.onReady(r);
    if (first) {
      opened.complete(owner);
    }
  }

  private void onSocketClosed(WebSocket ws) {
    if (ws != socket) {
      return;
    }
    socket = null;
    cancelTimers();
    Short status = ws.closeStatusCode();
    int code = dropRequested || status == null ? CloseEvent.ABNORMAL : status;
    if (code == CloseEvent.GOING_AWAY) {
      client.endpoints().failed(socketEndpoint); // that node is shutting down: resume elsewhere
    }
    String reason = dropRequested ? "dropped" : ws.closeReason();
    dropRequested = false;
    if (state == State.CLOSED) {
      closed.complete(null);
      return;
    }
    ParleyException lost = ParleyException.closed("connection closed with " + code);
    if (!opened.isDone()) {
      finish(lost, true);
      return;
    }
    protocol.lost(lost);
    if (reconnect.reconnectsAfterClose(code)) {
      state = State.RECONNECTING;
      listener.onClose(new CloseEvent(code, reason, true));
      scheduleReconnect(null);
    } else {
      state = State.CLOSED;
      listener.onClose(new CloseEvent(code, reason, false));
      finish(code == CloseEvent.TOKEN_EXPIRED ? tokenExpired() : lost, true);
    }
  }

  private void connectFailed(Throwable cause) {
    if (state == State.CLOSED) {
      return;
    }
    ParleyException error = ReconnectPolicy.connectError(cause);
    if (!opened.isDone()) {
      finish(error, true);
    } else if (client.isClosed() || !reconnect.retriesAfter(error)) {
      boolean expired = "TOKEN_EXPIRED".equals(error.code());
      state = State.CLOSED;
      listener.onClose(
          new CloseEvent(
              expired ? CloseEvent.TOKEN_EXPIRED : CloseEvent.ABNORMAL, error.getMessage(), false));
      finish(error, true);
    } else {
      LOG.debug("reconnect attempt failed for user {}: {}", userId(), error.getMessage());
      scheduleReconnect(error.retryAfter().orElse(null));
    }
  }

  private void scheduleReconnect(Duration atLeast) {
    long delay = reconnect.nextDelayMs(atLeast);
    if (delay < 0) {
      String message = "gave up reconnecting after " + reconnect.maxAttempts() + " attempts";
      state = State.CLOSED;
      listener.onClose(new CloseEvent(CloseEvent.ABNORMAL, message, false));
      finish(ParleyException.closed(message), true);
      return;
    }
    listener.onReconnecting(reconnect.attempts(), Duration.ofMillis(delay));
    reconnectTimer =
        vertx.setTimer(
            delay,
            id -> {
              reconnectTimer = -1;
              if (state == State.RECONNECTING) {
                openSocket();
              }
            });
  }

  /**
   * Over for good: fail what waits (and the connect, if it had not completed); {@code complete}
   * also completes {@link #whenClosed()}, else the socket's close handler will.
   */
  private void finish(ParleyException error, boolean complete) {
    state = State.CLOSED;
    cancelTimers();
    opened.completeExceptionally(error);
    protocol.finish(error);
    if (complete) {
      closed.complete(null);
    }
  }

  private static ParleyException tokenExpired() {
    return ParleyException.fromCode("TOKEN_EXPIRED", "the token expired: log in again", null);
  }

  // ---- helpers ----

  CompletableFuture<Void> writeNow(String frame) {
    CompletableFuture<Void> future = new CompletableFuture<>();
    context.execute(
        () -> {
          WebSocket ws = socket;
          if (state != State.OPEN || ws == null) {
            future.completeExceptionally(ParleyException.closed("not connected"));
            return;
          }
          ws.writeTextMessage(frame)
              .onComplete(
                  ar -> {
                    if (ar.succeeded()) {
                      future.complete(null);
                    } else {
                      future.completeExceptionally(ParleyException.transport(ar.cause()));
                    }
                  });
        });
    return future;
  }

  private void cancelTimers() {
    if (readyTimer >= 0) {
      vertx.cancelTimer(readyTimer);
      readyTimer = -1;
    }
    if (reconnectTimer >= 0) {
      vertx.cancelTimer(reconnectTimer);
      reconnectTimer = -1;
    }
  }

  /** What {@link Protocol} sees of the socket. */
  private final class SocketLink implements Protocol.Link {
    @Override
    public void write(String frame) {
      WebSocket ws = socket;
      if (ws != null) {
        ws.writeTextMessage(frame);
      }
    }

    @Override
    public void ready(Ready r) {
      onReady(r);
    }

    @Override
    public boolean isOpen() {
      return state == State.OPEN;
    }
  }
}
