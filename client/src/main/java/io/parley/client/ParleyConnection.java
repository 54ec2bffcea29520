package io.parley.client;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.net.SocketAddress;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A live WebSocket to the server ({@code GET /ws}), from {@link ParleyClient#connect}. Events go to
 * the {@link ConnectionListener}; calls that the server answers return futures.
 *
 * <p><b>Reconnect and resume.</b> With {@link ConnectOptions#autoReconnect()} (the default), when
 * the socket closes unexpectedly (network error or no close frame, 1001, 1011-1013, 4000, 4001) the
 * connection reconnects with exponential backoff and jitter; after the new {@code ready} it writes
 * again every send still waiting for its ack (same {@code client_msg_id}: the server de-duplicates,
 * so each send future completes once) and syncs from {@link #cursor()} while {@code has_more},
 * delivering the missed messages to {@link ConnectionListener#onMessage} once each and in order
 * before any live message that arrived meanwhile. Close code 4002 (token expired), an upgrade
 * refused with 401/403, {@link #close()} or {@link ConnectOptions#maxReconnectAttempts()} end the
 * connection for good: {@link ConnectionListener#onClose} with {@code reconnecting=false}, and
 * pending futures fail with {@link ParleyException}.
 *
 * <p>Thread-safe: every method may be called from any thread. The connection lives on one Vert.x
 * event loop (the caller's when {@link ParleyClient#connect} is called on one, else a new one in
 * round-robin) where listener methods run and futures complete.
 */
public final class ParleyConnection {
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
  private final Backoff backoff;
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

  private ParleyConnection(
      ParleyClient client, Session session, ConnectOptions options, ConnectionListener listener) {
    this.client = client;
    this.vertx = client.vertx();
    this.session = session;
    this.options = options;
    this.listener = new SafeListener(listener);
    this.context = contextFor(vertx);
    this.protocol = new Protocol(new SocketLink(), vertx, options, this.listener);
    this.backoff =
        new Backoff(options.initialBackoff(), options.maxBackoff(), options.backoffJitter());
    this.idPrefix = Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36) + "-";
  }

  static CompletableFuture<ParleyConnection> open(
      ParleyClient client, Session session, ConnectOptions options, ConnectionListener listener) {
    ParleyConnection connection = new ParleyConnection(client, session, options, listener);
    client.track(connection);
    connection.closed.whenComplete((v, e) -> client.untrack(connection));
    connection.context.runOnContext(v -> connection.openSocket());
    return connection.opened;
  }

  private static ContextInternal contextFor(Vertx vertx) {
    ContextInternal current = (ContextInternal) Vertx.currentContext();
    if (current != null && current.isEventLoopContext() && current.owner() == vertx) {
      return current;
    }
    return ((VertxInternal) vertx).createEventLoopContext();
  }

  // ---- calls ----

  /**
   * Sends a message; completes with it once the server acked it (durable) or fails with the
   * server's error. A null {@code clientMsgId} in the request is replaced by a generated one. While
   * the connection is reconnecting, the send waits and goes out after the reconnect.
   */
  public CompletableFuture<Message> send(SendRequest request) {
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

  /** Sends a 1:1 message; {@code clientMsgId} may be null. */
  public CompletableFuture<Message> send(String receiverId, String content, String clientMsgId) {
    return send(new SendRequest(receiverId, null, content, clientMsgId));
  }

  /** Sends a group message; {@code clientMsgId} may be null. */
  public CompletableFuture<Message> sendToGroup(
      String groupId, String content, String clientMsgId) {
    return send(new SendRequest(null, groupId, content, clientMsgId));
  }

  /** A {@code delivered} receipt; completes when written (errors go to the listener). */
  public CompletableFuture<Void> delivered(Collection<String> messageIds) {
    return writeNow(Codec.receiptFrame(ReceiptType.DELIVERED, messageIds));
  }

  /** A {@code read} receipt; completes when written (errors go to the listener). */
  public CompletableFuture<Void> read(Collection<String> messageIds) {
    return writeNow(Codec.receiptFrame(ReceiptType.READ, messageIds));
  }

  /** A typing indicator to a 1:1 peer; completes when written. */
  public CompletableFuture<Void> typing(String receiverId, boolean typing) {
    return writeNow(Codec.typingFrame(receiverId, typing));
  }

  /** A typing indicator to a group's other members; completes when written. */
  public CompletableFuture<Void> typingInGroup(String groupId, boolean typing) {
    return writeNow(Codec.groupTypingFrame(groupId, typing));
  }

  /**
   * A page of the user's history, exactly as {@code GET /messages/{me}}; each argument may be null.
   * The page goes to the caller, not to the listener. A page that continues from {@link #cursor()}
   * (same {@code after}, no {@code since}) moves the cursor to its {@code next_cursor}. A sync in
   * flight when the socket dies is written again after the reconnect.
   */
  public CompletableFuture<Page> sync(String after, Long since, Integer limit) {
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

  /** An application-level {@code ping}; completes with the round-trip time on {@code pong}. */
  public CompletableFuture<Duration> ping() {
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

  /** Writes any text frame as is: the escape hatch for tests of bad input. */
  public CompletableFuture<Void> sendRaw(String text) {
    return writeNow(text);
  }

  // ---- state ----

  /** The last cursor received in order (opaque), or null; save it for {@link ConnectOptions}. */
  public String cursor() {
    return protocol.cursor();
  }

  public String userId() {
    return session.userId();
  }

  /** The latest {@code ready} frame. */
  public Ready ready() {
    return ready;
  }

  /** True while a socket is up and the server said {@code ready}. */
  public boolean isOpen() {
    return state == State.OPEN;
  }

  /** True once the connection is over for good. */
  public boolean isClosed() {
    return state == State.CLOSED;
  }

  /** How many times the connection came back after a drop. */
  public int reconnects() {
    return reconnects;
  }

  /** The local address of the current socket ({@code ip:port}), or null while disconnected. */
  public String localAddress() {
    WebSocket ws = socket;
    SocketAddress address = ws == null ? null : ws.localAddress();
    return address == null ? null : address.hostAddress() + ":" + address.port();
  }

  /** Sends waiting for their ack, written or not. Safe to read from any thread (roughly). */
  public int pendingSends() {
    return protocol.pendingSends();
  }

  /** True when frames wait in the socket's write queue: slow down (backpressure). */
  public boolean writeQueueFull() {
    WebSocket ws = socket;
    return ws != null && ws.writeQueueFull();
  }

  /** Completes when the connection is over for good. */
  public CompletableFuture<Void> whenClosed() {
    return closed.copy();
  }

  /**
   * Drops the current socket as a network failure would (reported as 1006): with auto-reconnect the
   * connection comes back and resumes. For tests and chaos drills.
   */
  public void dropConnection() {
    context.execute(
        () -> {
          WebSocket ws = socket;
          if (ws != null) {
            dropRequested = true;
            ws.close();
          }
        });
  }

  /**
   * Closes the connection for good: no reconnect; waiting calls fail with {@code
   * CONNECTION_CLOSED}. Completes when the socket is closed.
   */
  public CompletableFuture<Void> close() {
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
    client
        .openWebSocket(session.token(), options.localAddress())
        .onComplete(
            ar -> {
              if (ar.succeeded()) {
                attach(ar.result());
              } else {
                connectFailed(ar.cause());
              }
            });
  }

  private void attach(WebSocket ws) {
    if (state == State.CLOSED) {
      ws.close();
      return;
    }
    socket = ws;
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
    backoff.reset();
    if (!first) {
      reconnects++;
    }
    protocol.opened(r, !first || options.resumeCursor() != null);
    listener.onReady(r);
    if (first) {
      opened.complete(this);
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
    if (options.autoReconnect() && reconnectable(code)) {
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
    ParleyException error = ParleyException.transport(cause);
    if (cause instanceof UpgradeRejectedException rejected) {
      Buffer body = rejected.getBody();
      error =
          ParleyException.fromResponse(
              new RawResponse(
                  rejected.getStatus(),
                  rejected.getHeaders(),
                  body == null ? "" : body.toString()));
    }
    if (!opened.isDone()) {
      finish(error, true);
      return;
    }
    int status = error.httpStatus();
    boolean fatal =
        client.isClosed() || status >= 400 && status < 500 && status != 408 && status != 429;
    if (fatal || !options.autoReconnect()) {
      boolean expired = "TOKEN_EXPIRED".equals(error.code());
      state = State.CLOSED;
      listener.onClose(
          new CloseEvent(expired ? CloseEvent.TOKEN_EXPIRED : 1006, error.getMessage(), false));
      finish(error, true);
      return;
    }
    LOG.debug("reconnect attempt failed for user {}: {}", userId(), error.getMessage());
    scheduleReconnect(error.retryAfter().orElse(null));
  }

  private void scheduleReconnect(Duration atLeast) {
    int max = options.maxReconnectAttempts();
    if (max > 0 && backoff.attempts() >= max) {
      state = State.CLOSED;
      listener.onClose(new CloseEvent(1006, "gave up after " + max + " attempts", false));
      finish(ParleyException.closed("gave up reconnecting after " + max + " attempts"), true);
      return;
    }
    long delay = backoff.nextDelayMs(ThreadLocalRandom.current().nextDouble());
    if (atLeast != null) {
      delay = Math.max(delay, atLeast.toMillis());
    }
    listener.onReconnecting(backoff.attempts(), Duration.ofMillis(delay));
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

  private static boolean reconnectable(int code) {
    return switch (code) {
      case 1001, 1005, 1006, 1011, 1012, 1013, 4000, 4001 -> true;
      default -> false;
    };
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

  private CompletableFuture<Void> writeNow(String frame) {
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
