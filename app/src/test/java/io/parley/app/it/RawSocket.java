package io.parley.app.it;

import io.vertx.core.Vertx;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A WebSocket straight from Vert.x, below the SDK: it keeps every text frame exactly as received
 * (no de-duplication, no reconnect), can stop reading ({@link #pause()}), and reports the close
 * code the server sent.
 */
final class RawSocket implements AutoCloseable {

  private final WebSocketClient client;
  private final WebSocket ws;
  private final List<JsonObject> frames = new CopyOnWriteArrayList<>();
  private final CompletableFuture<Integer> closed = new CompletableFuture<>();

  private RawSocket(WebSocketClient client, WebSocket ws) {
    this.client = client;
    this.ws = ws;
  }

  /** Connects to {@code /ws?token=} and waits for the {@code ready} frame. */
  static RawSocket connect(Vertx vertx, URI server, String token) {
    return connect(vertx, server, token, 0);
  }

  /**
   * Connects with a TCP receive buffer of {@code receiveBuffer} bytes (0: the system default), so
   * that a paused reader backs up quickly.
   */
  static RawSocket connect(Vertx vertx, URI server, String token, int receiveBuffer) {
    return connect(vertx, server, token, receiveBuffer, 1024 * 1024);
  }

  /**
   * Connects with a TCP receive buffer (0: the system default) and a largest outgoing frame: longer
   * text messages are written as fragments of {@code maxFrameSize} bytes.
   */
  static RawSocket connect(
      Vertx vertx, URI server, String token, int receiveBuffer, int maxFrameSize) {
    WebSocketClientOptions options =
        new WebSocketClientOptions()
            .setMaxFrameSize(maxFrameSize)
            .setMaxMessageSize(64 * 1024 * 1024);
    if (receiveBuffer > 0) {
      options.setReceiveBufferSize(receiveBuffer);
    }
    WebSocketClient client = vertx.createWebSocketClient(options);
    WebSocketConnectOptions connect =
        new WebSocketConnectOptions()
            .setHost(server.getHost())
            .setPort(server.getPort())
            .setURI("/ws?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
    // Handlers are set before connecting: the server's first frame may arrive together with the
    // upgrade response, and a handler set after the connect completed could miss it.
    ClientWebSocket ws = client.webSocket();
    RawSocket created = new RawSocket(client, ws);
    ws.textMessageHandler(text -> created.frames.add(new JsonObject(text)));
    ws.closeHandler(
        v -> {
          Short code = ws.closeStatusCode();
          created.closed.complete(code == null ? 1006 : (int) code);
        });
    CompletableFuture<RawSocket> opened = new CompletableFuture<>();
    ws.connect(connect)
        .onSuccess(connected -> opened.complete(created))
        .onFailure(opened::completeExceptionally);
    RawSocket socket = EndToEnd.join(opened);
    socket.await("ready");
    return socket;
  }

  List<JsonObject> frames() {
    return frames;
  }

  /** The frames of one type, in arrival order. */
  List<JsonObject> frames(String type) {
    return frames.stream().filter(f -> type.equals(f.getString("type"))).toList();
  }

  /** Waits for the first frame of this type. */
  JsonObject await(String type) {
    return await(type, f -> true);
  }

  /** Waits for the first frame of this type that matches. */
  JsonObject await(String type, Predicate<JsonObject> condition) {
    Predicate<JsonObject> match = f -> type.equals(f.getString("type")) && condition.test(f);
    EndToEnd.waitFor("a '" + type + "' frame").until(() -> frames.stream().anyMatch(match));
    return frames.stream().filter(match).findFirst().orElseThrow();
  }

  /** Waits for the {@code ack} of a send. */
  JsonObject awaitAck(String clientMsgId) {
    return await("ack", f -> clientMsgId.equals(f.getString("client_msg_id")));
  }

  /** Waits for the {@code message} frame of this message id. */
  JsonObject awaitMessage(String messageId) {
    return await(
        "message", f -> messageId.equals(f.getJsonObject("message").getString("message_id")));
  }

  void send(String text) {
    EndToEnd.join(ws.writeTextMessage(text).toCompletionStage().toCompletableFuture());
  }

  void send(JsonObject frame) {
    send(frame.encode());
  }

  /** Writes a binary frame. */
  void sendBinary(byte[] data) {
    EndToEnd.join(
        ws.writeBinaryMessage(io.vertx.core.buffer.Buffer.buffer(data))
            .toCompletionStage()
            .toCompletableFuture());
  }

  /** Writes a text frame without waiting for the write to complete (the server may close first). */
  void sendAndForget(String text) {
    ws.writeTextMessage(text);
  }

  /** Stops reading: frames pile up in the server's send queue. */
  void pause() {
    ws.pause();
  }

  void resume() {
    ws.resume();
  }

  boolean isClosed() {
    return closed.isDone();
  }

  /** Waits for the socket to close; the code the server sent, 1006 when it sent none. */
  int awaitClose() {
    return EndToEnd.join(closed);
  }

  @Override
  public void close() {
    if (!ws.isClosed()) {
      ws.close();
    }
    client.close();
  }
}
