package io.parley.client;

import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/**
 * A scriptable stand-in for the Parley server, on real sockets: records every WebSocket and the
 * frames it receives, and lets the test speak frames back. Not a mock of SDK classes: the peer.
 */
final class StubServer implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(10);

  private final Vertx vertx;
  private final HttpServer server;
  final List<Peer> peers = new CopyOnWriteArrayList<>();
  final BlockingQueue<HttpServerRequest> requests = new LinkedBlockingQueue<>();

  /** Answers the next upgrades with this HTTP status and JSON body instead of accepting them. */
  volatile int rejectStatus;

  volatile String rejectBody;

  /** Holds upgrade requests unanswered (see {@link #releaseHeld()}). */
  volatile boolean holdUpgrades;

  final List<Runnable> held = new CopyOnWriteArrayList<>();

  /** Sends {@code ready} right after the upgrade (default). */
  volatile boolean autoReady = true;

  /** Handles plain HTTP requests; by default they are queued in {@link #requests}. */
  volatile Consumer<HttpServerRequest> http = requests::add;

  private StubServer(Vertx vertx) {
    this.vertx = vertx;
    this.server = vertx.createHttpServer();
    server.requestHandler(this::handle);
  }

  static StubServer start(Vertx vertx) {
    StubServer stub = new StubServer(vertx);
    stub.server.listen(0, "0.0.0.0").await();
    return stub;
  }

  int port() {
    return server.actualPort();
  }

  String baseUri() {
    return "http://127.0.0.1:" + port();
  }

  private void handle(HttpServerRequest request) {
    if (!"/ws".equals(request.path())) {
      http.accept(request);
      return;
    }
    if (rejectStatus != 0) {
      request.response().setStatusCode(rejectStatus).end(rejectBody == null ? "" : rejectBody);
      return;
    }
    if (holdUpgrades) {
      io.vertx.core.Context context = Vertx.currentContext();
      request.pause();
      held.add(() -> context.runOnContext(v -> upgrade(request)));
      return;
    }
    upgrade(request);
  }

  /** Upgrades the requests held while {@link #holdUpgrades} was set. */
  void releaseHeld() {
    List<Runnable> all = List.copyOf(held);
    held.removeAll(all);
    all.forEach(Runnable::run);
  }

  private void upgrade(HttpServerRequest request) {
    String token = request.getParam("token");
    String remoteHost = request.remoteAddress().hostAddress();
    request
        .toWebSocket()
        .onSuccess(
            ws -> {
              Peer peer = new Peer(ws, token, remoteHost);
              ws.textMessageHandler(text -> peer.received.add(new JsonObject(text)));
              ws.closeHandler(v -> peer.closed = true);
              peers.add(peer);
              if (autoReady) {
                peer.send(
                    new JsonObject()
                        .put("type", "ready")
                        .put("user_id", "7")
                        .put("server_time", 1_700_000_000_000L)
                        .put("heartbeat_ms", 30000));
              }
            });
  }

  /** The n-th accepted WebSocket (0-based), waiting for it. */
  Peer peer(int n) {
    await().atMost(WAIT).until(() -> peers.size() > n);
    return peers.get(n);
  }

  /** The latest accepted WebSocket. */
  Peer lastPeer() {
    await().atMost(WAIT).until(() -> !peers.isEmpty());
    return peers.get(peers.size() - 1);
  }

  /** The next plain HTTP request, waiting for it. */
  HttpServerRequest nextRequest() {
    return await().atMost(WAIT).until(requests::poll, Objects::nonNull);
  }

  @Override
  public void close() {
    server.close().await();
  }

  /** One accepted WebSocket. */
  static final class Peer {
    final ServerWebSocket ws;
    final String token;
    final String remoteHost;
    final BlockingQueue<JsonObject> received = new LinkedBlockingQueue<>();
    volatile boolean closed;

    Peer(ServerWebSocket ws, String token, String remoteHost) {
      this.ws = ws;
      this.token = token;
      this.remoteHost = remoteHost;
    }

    void send(JsonObject frame) {
      ws.writeTextMessage(frame.encode());
    }

    void sendText(String text) {
      ws.writeTextMessage(text);
    }

    /** The next frame the client sent, waiting for it. */
    JsonObject next() {
      return await().atMost(WAIT).until(received::poll, Objects::nonNull);
    }

    /** The next frame, which must be of this type. */
    JsonObject next(String type) {
      JsonObject frame = next();
      if (!type.equals(frame.getString("type"))) {
        throw new AssertionError("expected a " + type + " frame, got " + frame.encode());
      }
      return frame;
    }

    void close(int code) {
      ws.close((short) code, "test");
    }
  }
}
