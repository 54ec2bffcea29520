package io.parley.gateway.ws;

import io.parley.core.delivery.Event;
import io.parley.core.error.ErrorCode;
import io.parley.core.error.Problem;
import io.parley.gateway.GatewayEnv;
import io.parley.gateway.auth.JwtTokens;
import io.parley.gateway.http.HttpApi;
import io.parley.gateway.http.Responses;
import io.parley.gateway.json.InputException;
import io.parley.gateway.json.Wire;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket connections of one server instance (one event loop). Authenticates upgrades, keeps
 * the set of live connections, and runs one periodic tick for all of them: heartbeat pings, idle
 * timeouts (4001) and token expiry (4002). Everything here runs on the instance's event loop, so
 * nothing is locked.
 */
public final class WsHub {

  /** Close codes of docs/API.md. */
  public static final short CLOSE_GOING_AWAY = 1001;

  public static final short CLOSE_PROTOCOL_ERROR = 1002;
  public static final short CLOSE_TOO_BIG = 1009;
  public static final short CLOSE_SLOW_CONSUMER = 4000;
  public static final short CLOSE_HEARTBEAT_TIMEOUT = 4001;
  public static final short CLOSE_TOKEN_EXPIRED = 4002;

  private static final Logger log = LoggerFactory.getLogger(WsHub.class);

  private final Context context;
  private final GatewayEnv env;
  private final Set<WsConnection> connections = new HashSet<>();
  private final WsFrames frames;
  private Event.MessageEvent lastEvent;
  private String lastFrame;

  public WsHub(Context context, GatewayEnv env) {
    this.context = context;
    this.env = env;
    this.frames = new WsFrames(env);
  }

  /** How often {@link #tick()} should run: often enough for timeouts, rarely enough to be cheap. */
  public long tickMillis() {
    long shortest =
        Math.min(
            env.config().heartbeatInterval().toMillis(), env.config().idleTimeout().toMillis());
    return Math.max(10, Math.min(1000, shortest / 4));
  }

  /** {@code GET /ws?token=}: refuses with 401 JSON before the upgrade unless the token is good. */
  public void upgrade(RoutingContext ctx) {
    if (env.draining()) {
      Responses.problem(ctx, GatewayEnv.unavailable());
      return;
    }
    for (String name : ctx.queryParams().names()) {
      if (!name.equals("token")) {
        throw new InputException(ErrorCode.UNKNOWN_FIELD, "unknown query parameter '" + name + "'");
      }
    }
    String token = ctx.queryParams().get("token");
    if (token == null || token.isEmpty()) {
      Responses.problem(
          ctx, Problem.of(ErrorCode.UNAUTHORIZED, "the token query parameter is required"));
      return;
    }
    // The token check may wait for the store (does the user exist?): a request upgraded after its
    // handler returned must be paused until then.
    ctx.request().pause();
    env.tokens()
        .verify(token)
        .onSuccess(
            check -> {
              if (check instanceof JwtTokens.Check.Valid valid) {
                accept(ctx, valid);
                return;
              }
              ctx.request().resume();
              if (check instanceof JwtTokens.Check.Expired) {
                Responses.problem(ctx, Problem.of(ErrorCode.TOKEN_EXPIRED));
              } else {
                Responses.problem(ctx, Problem.of(ErrorCode.UNAUTHORIZED, "invalid token"));
              }
            })
        .onFailure(
            t -> {
              ctx.request().resume();
              Responses.failure(ctx, t);
            });
  }

  private void accept(RoutingContext ctx, JwtTokens.Check.Valid valid) {
    if (!ctx.request().canUpgradeToWebSocket()) {
      ctx.request().resume();
      Responses.problem(
          ctx, Problem.of(ErrorCode.INVALID_FIELD, "expected a WebSocket upgrade request"));
      return;
    }
    String ip = HttpApi.clientIp(ctx);
    ctx.request()
        .toWebSocket()
        .onSuccess(
            ws -> {
              if (env.draining()) {
                ws.close(CLOSE_GOING_AWAY, "server shutting down");
                return;
              }
              open(ws, valid, ip);
            })
        .onFailure(t -> log.debug("WebSocket upgrade failed: {}", t.toString()));
  }

  private void open(ServerWebSocket ws, JwtTokens.Check.Valid valid, String ip) {
    ws.setWriteQueueMaxSize(env.config().maxQueuedBytes());
    WsConnection connection =
        new WsConnection(this, env, frames, ws, valid.user(), valid.expiresAt(), ip, context);
    connections.add(connection);
    connection.start(System.currentTimeMillis());
  }

  void removed(WsConnection connection) {
    connections.remove(connection);
  }

  /**
   * The {@code message} frame of an event, encoded once per event loop: the same event reaches the
   * sender's and the recipients' connections, and the frame is the same for all of them.
   */
  String messageFrame(Event.MessageEvent event) {
    if (event != lastEvent) {
      lastFrame = Wire.messageFrame(event.message(), event.cursor());
      lastEvent = event;
    }
    return lastFrame;
  }

  /** Pings, idle timeouts and token expiry for every connection of this instance. */
  public void tick() {
    long now = System.currentTimeMillis();
    long heartbeat = env.config().heartbeatInterval().toMillis();
    long idle = env.config().idleTimeout().toMillis();
    List<WsConnection> snapshot = new ArrayList<>(connections);
    for (WsConnection connection : snapshot) {
      connection.tick(now, heartbeat, idle);
    }
  }

  /** Closes every connection with 1001 (server going away); completes when all are closed. */
  public Future<Void> closeAll() {
    List<Future<Void>> closing = new ArrayList<>(connections.size());
    for (WsConnection connection : new ArrayList<>(connections)) {
      closing.add(connection.close(CLOSE_GOING_AWAY, "server shutting down"));
    }
    return Future.join(closing).<Void>mapEmpty().otherwiseEmpty();
  }

  /** Open connections of this instance. */
  public int size() {
    return connections.size();
  }
}
