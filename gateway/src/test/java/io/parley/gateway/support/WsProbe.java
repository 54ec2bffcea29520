package io.parley.gateway.support;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/** A WebSocket client that records every frame and the close code. */
public final class WsProbe {

  private final WebSocket ws;
  private final List<JsonObject> frames = new ArrayList<>();
  private final List<Boolean> consumed = new ArrayList<>();
  private volatile Short closeCode;

  private WsProbe(WebSocket ws) {
    this.ws = ws;
    ws.textMessageHandler(
        text -> {
          synchronized (frames) {
            frames.add(new JsonObject(text));
            consumed.add(false);
          }
        });
    ws.closeHandler(v -> closeCode = ws.closeStatusCode());
  }

  public static WsProbe connect(WebSocketClient client, int port, String token) {
    // Handlers are set in the completion callback, on the event loop, before any frame arrives.
    return TestServer.await(
        client
            .connect(
                new WebSocketConnectOptions()
                    .setHost("127.0.0.1")
                    .setPort(port)
                    .setURI("/ws?token=" + token))
            .map(WsProbe::new));
  }

  public void send(JsonObject frame) {
    TestServer.await(ws.writeTextMessage(frame.encode()));
  }

  public void sendText(String text) {
    TestServer.await(ws.writeTextMessage(text));
  }

  public void sendBinary(byte[] data) {
    TestServer.await(ws.writeBinaryMessage(Buffer.buffer(data)));
  }

  /** The next not yet consumed frame of {@code type} matching {@code filter}. */
  public JsonObject await(String type, Predicate<JsonObject> filter) {
    JsonObject[] found = new JsonObject[1];
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(5))
        .until(
            () -> {
              Optional<JsonObject> frame = take(type, filter);
              frame.ifPresent(f -> found[0] = f);
              return frame.isPresent();
            });
    return found[0];
  }

  public JsonObject await(String type) {
    return await(type, f -> true);
  }

  private Optional<JsonObject> take(String type, Predicate<JsonObject> filter) {
    synchronized (frames) {
      for (int i = 0; i < frames.size(); i++) {
        JsonObject frame = frames.get(i);
        if (!consumed.get(i) && type.equals(frame.getString("type")) && filter.test(frame)) {
          consumed.set(i, true);
          return Optional.of(frame);
        }
      }
      return Optional.empty();
    }
  }

  /** Frames received so far, in order. */
  public List<JsonObject> frames() {
    synchronized (frames) {
      return List.copyOf(frames);
    }
  }

  /** Waits for the server to close the socket and answers the close code. */
  public short awaitClose() {
    Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> closeCode != null);
    return closeCode;
  }

  public boolean isClosed() {
    return closeCode != null || ws.isClosed();
  }

  public void close() {
    ws.close();
  }
}
