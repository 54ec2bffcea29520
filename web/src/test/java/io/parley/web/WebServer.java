package io.parley.web;

import io.parley.app.ParleyServer;
import io.parley.app.config.ConfigLoader;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A real embedded Parley server in this JVM, on its own temporary data directory. It starts on a
 * random port and then keeps that port across {@link #restart()}, as a restarted deployment does,
 * so that open browsers reconnect to the same address.
 */
final class WebServer implements AutoCloseable {

  /** The token-signing secret: tokens survive a restart, as with a configured secret. */
  private static final String JWT_SECRET = "web-test-secret-web-test-secret-0123456789";

  private final Path dataDir;
  private ParleyServer server;
  private int port;

  private WebServer(Path dataDir) {
    this.dataDir = dataDir;
  }

  static WebServer start() {
    try {
      WebServer web = new WebServer(Files.createTempDirectory("parley-web-"));
      web.server = ParleyServer.start(ConfigLoader.load(null, Map.of(), web.settings(0)));
      web.port = web.server.port();
      return web;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private Map<String, String> settings(int port) {
    Map<String, String> flags = new LinkedHashMap<>();
    flags.put("server.host", "127.0.0.1");
    flags.put("server.port", Integer.toString(port));
    flags.put("data.dir", dataDir.toString());
    flags.put("auth.jwt-secret", JWT_SECRET);
    flags.put("ratelimit.auth-per-ip-per-minute", "100000");
    flags.put("ratelimit.auth-per-ip-burst", "100000");
    flags.put("ratelimit.send-per-ip", "100000");
    flags.put("ratelimit.send-per-ip-burst", "100000");
    flags.put("ratelimit.send-per-user", "10000");
    flags.put("ratelimit.send-per-user-burst", "10000");
    return flags;
  }

  /** Stops the server gracefully (connected clients are told to reconnect). */
  void stop() {
    if (server != null) {
      server.close();
      server = null;
    }
  }

  /** Starts again on the same port and data directory. */
  void startAgain() {
    if (server != null) throw new IllegalStateException("already running");
    server = ParleyServer.start(ConfigLoader.load(null, Map.of(), settings(port)));
  }

  int port() {
    return port;
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + port);
  }

  @Override
  public void close() {
    stop();
  }
}
