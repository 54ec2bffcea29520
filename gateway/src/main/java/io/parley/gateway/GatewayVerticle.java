package io.parley.gateway;

import io.parley.gateway.http.HttpApi;
import io.parley.gateway.ws.WsHub;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.util.concurrent.TimeUnit;

/**
 * One server instance: an HTTP server (sharing the port with the other instances), its router, and
 * the WebSocket hub of its event loop with one periodic heartbeat tick.
 */
final class GatewayVerticle extends VerticleBase {

  /** Seconds a closing WebSocket waits for the peer's close frame before dropping TCP. */
  static final int WEBSOCKET_CLOSING_TIMEOUT_SECONDS = 5;

  /** Seconds to wait for WebSockets to complete their close handshake on shutdown. */
  static final long DRAIN_WAIT_SECONDS = 3;

  /** Pending TCP connections the kernel may queue (many clients reconnect at once). */
  static final int ACCEPT_BACKLOG = 8192;

  /** Seconds in-flight requests get to finish when the server shuts down. */
  static final long SHUTDOWN_GRACE_SECONDS = 5;

  private final GatewayEnv env;
  private final int port;
  private HttpServer server;
  private WsHub hub;
  private long timer = -1;

  GatewayVerticle(GatewayEnv env, int port) {
    this.env = env;
    this.port = port;
  }

  @Override
  public Future<?> start() {
    GatewayConfig config = env.config();
    hub = new WsHub(context, env);
    Router router = HttpApi.router(vertx, env, hub::upgrade);
    HttpServerOptions options =
        new HttpServerOptions()
            .setHost(config.host())
            .setPort(port)
            .setMaxWebSocketFrameSize(config.maxFrameBytes())
            .setMaxWebSocketMessageSize(config.maxFrameBytes())
            .setWebSocketClosingTimeout(WEBSOCKET_CLOSING_TIMEOUT_SECONDS)
            .setAcceptBacklog(ACCEPT_BACKLOG)
            .setTcpNoDelay(true)
            .setCompressionSupported(false);
    server = vertx.createHttpServer(options).requestHandler(router);
    timer = vertx.setPeriodic(hub.tickMillis(), id -> hub.tick());
    return server.listen();
  }

  @Override
  public Future<?> stop() {
    if (timer >= 0) vertx.cancelTimer(timer);
    return hub.closeAll()
        .timeout(DRAIN_WAIT_SECONDS, TimeUnit.SECONDS)
        .otherwiseEmpty()
        .compose(v -> server.shutdown(SHUTDOWN_GRACE_SECONDS, TimeUnit.SECONDS));
  }

  /** The port this instance is bound to. */
  int actualPort() {
    return server.actualPort();
  }
}
