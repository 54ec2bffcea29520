package io.parley.gateway.ws;

import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.parley.core.delivery.Event;
import io.parley.core.delivery.EventBus;
import io.parley.core.error.ErrorCode;
import io.parley.core.error.Problem;
import io.parley.core.id.UserId;
import io.parley.gateway.Async;
import io.parley.gateway.GatewayEnv;
import io.parley.gateway.json.Wire;
import io.parley.gateway.metrics.MicrometerMetrics;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One authenticated WebSocket. Events for the user arrive on any thread and hop to this
 * connection's event loop; frames are written there. A connection whose write queue overflows is
 * closed (4000) at once, so a stalled reader never holds up the publisher or anyone else.
 */
final class WsConnection {

  private static final Logger log = LoggerFactory.getLogger(WsConnection.class);
  private static final Buffer PING = Buffer.buffer(new byte[0]);

  private final WsHub hub;
  private final GatewayEnv env;
  private final WsFrames frames;
  private final ServerWebSocket ws;
  private final UserId user;
  private final long expiresAt;
  private final String ip;
  private final Context context;
  private final MicrometerMetrics metrics;
  private EventBus.Subscription subscription;
  private long lastReceived;
  private long lastPing;
  private int inFlight;

  /** Set on this event loop; read by publishers on other threads to drop events early. */
  private volatile boolean closing;

  private boolean closed;
  private Future<Void> closeFuture;

  WsConnection(
      WsHub hub,
      GatewayEnv env,
      WsFrames frames,
      ServerWebSocket ws,
      UserId user,
      long expiresAt,
      String ip,
      Context context) {
    this.hub = hub;
    this.env = env;
    this.frames = frames;
    this.ws = ws;
    this.user = user;
    this.expiresAt = expiresAt;
    this.ip = ip;
    this.context = context;
    this.metrics = env.metrics();
  }

  UserId user() {
    return user;
  }

  String ip() {
    return ip;
  }

  Context context() {
    return context;
  }

  void start(long now) {
    lastReceived = now;
    lastPing = now;
    metrics.connectionOpened();
    ws.textMessageHandler(this::onText);
    ws.binaryMessageHandler(
        data -> {
          touch();
          sendError(
              null,
              null,
              Problem.of(ErrorCode.INVALID_JSON, "binary frames are not supported: send JSON text"),
              null);
        });
    ws.pongHandler(data -> touch());
    ws.exceptionHandler(this::onException);
    ws.closeHandler(v -> onClosed());
    subscription = env.services().bus().subscribe(user, this::onEvent);
    // Counted before the client hears "ready": a client that then closes another of its
    // connections must find this one counted, or its contacts would see it go offline and back.
    Async.on(context, env.services().presence().connected(user))
        .onFailure(t -> log.warn("presence update failed for user {}", user, Async.cause(t)));
    write(Wire.readyFrame(user, now, env.config().heartbeatInterval().toMillis()));
    Async.on(context, env.services().presence().contactsPresence(user))
        .onSuccess(
            list -> {
              for (Event.PresenceEvent event : list) write(Wire.presenceFrame(event));
            })
        .onFailure(t -> log.warn("presence lookup failed for user {}", user, Async.cause(t)));
  }

  /** Bus listener: called on the publisher's thread; never blocks it. */
  private void onEvent(Event event) {
    if (closing) return;
    context.runOnContext(v -> push(event));
  }

  private void push(Event event) {
    if (closing) return;
    if (event instanceof Event.MessageEvent m) {
      if (write(hub.messageFrame(m))) {
        metrics.messageDelivered(m.sentAtNanos(), !m.message().sender().equals(user));
      }
    } else if (event instanceof Event.ReceiptEvent r) {
      write(Wire.receiptFrame(r));
    } else if (event instanceof Event.TypingEvent t) {
      write(Wire.typingFrame(t));
    } else if (event instanceof Event.PresenceEvent p) {
      write(Wire.presenceFrame(p));
    }
  }

  /**
   * A frame over the size limit arrives as an exception (from Netty's decoder for one frame, from
   * Vert.x's aggregator for a fragmented message): close with 1009.
   */
  private void onException(Throwable t) {
    if (t instanceof CorruptedWebSocketFrameException corrupted) {
      WebSocketCloseStatus status = corrupted.closeStatus();
      boolean tooBig = status != null && status.code() == WsHub.CLOSE_TOO_BIG;
      close(
          tooBig ? WsHub.CLOSE_TOO_BIG : WsHub.CLOSE_PROTOCOL_ERROR,
          tooBig ? "FRAME_TOO_LARGE: frame over the size limit" : "protocol error");
    } else if (t instanceof IllegalStateException && isOverMessageLimit(t.getMessage())) {
      close(WsHub.CLOSE_TOO_BIG, "FRAME_TOO_LARGE: message over the size limit");
    } else {
      log.debug("WebSocket of user {}: {}", user, t.toString());
    }
  }

  /**
   * Vert.x 5 reports a fragmented message over the limit as "Cannot process text frame of size N,
   * it would cause message buffer (size M) to overflow max message size of L".
   */
  private static boolean isOverMessageLimit(String message) {
    String m = String.valueOf(message);
    return m.contains("exceed") || m.contains("max message size");
  }

  private void onText(String text) {
    touch();
    if (closing) return;
    frames.handle(this, text);
  }

  private void touch() {
    lastReceived = System.currentTimeMillis();
  }

  /**
   * Writes a text frame; false if the connection is closing. If the frame leaves the write queue
   * over its limit the connection is closed as a slow consumer (4000). The peer may have closed the
   * socket before its close handler has run: that counts as closing too.
   */
  boolean write(String frame) {
    if (closing || ws.isClosed()) return false;
    ws.writeTextMessage(frame);
    if (ws.writeQueueFull()) {
      metrics.slowConsumerClosed();
      log.info("closing slow WebSocket of user {}: send queue full", user);
      close(WsHub.CLOSE_SLOW_CONSUMER, "send queue overflow: reconnect and sync");
    }
    return true;
  }

  void sendError(String clientMsgId, String requestType, Problem problem, Duration retryAfter) {
    write(Wire.errorFrame(clientMsgId, requestType, problem, retryAfter));
  }

  /** Counts a request in progress; false if too many are, and the request must be refused. */
  boolean beginRequest(int max) {
    if (inFlight >= max) return false;
    inFlight++;
    return true;
  }

  void endRequest() {
    inFlight--;
  }

  boolean isClosing() {
    return closing;
  }

  void tick(long now, long heartbeatMillis, long idleMillis) {
    if (closing) return;
    if (now >= expiresAt) {
      close(WsHub.CLOSE_TOKEN_EXPIRED, "token expired: log in again");
    } else if (now - lastReceived >= idleMillis) {
      close(WsHub.CLOSE_HEARTBEAT_TIMEOUT, "heartbeat timeout");
    } else if (now - lastPing >= heartbeatMillis) {
      lastPing = now;
      ws.writePing(PING);
    }
  }

  /** Starts the close handshake with {@code code}; idempotent. */
  Future<Void> close(short code, String reason) {
    if (closeFuture != null) return closeFuture;
    closing = true;
    closeSubscription();
    closeFuture = ws.isClosed() ? Future.succeededFuture() : ws.close(code, reason);
    return closeFuture;
  }

  private void onClosed() {
    if (closed) return;
    closed = true;
    closing = true;
    closeSubscription();
    hub.removed(this);
    metrics.connectionClosed();
    Async.on(context, env.services().presence().disconnected(user))
        .onFailure(t -> log.warn("presence update failed for user {}", user, Async.cause(t)));
  }

  private void closeSubscription() {
    if (subscription != null) {
      subscription.close();
      subscription = null;
    }
  }
}
