package io.parley.app.it;

import io.parley.app.ParleyServer;
import io.parley.app.config.ConfigLoader;
import java.io.IOException;
import io.parley.gateway.Gateway;
import io.vertx.core.Vertx;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Starts a real embedded server on a random port with its own temporary data directory, for
 * tests that talk to it over real sockets.
 */
final class TestServer implements AutoCloseable {

  /** The token-signing secret every test server uses, so tests can mint tokens. */
  static final String JWT_SECRET = "test-secret-test-secret-test-secret-0123456789";

  private final Path dataDir;
  private final ParleyServer server;

  private TestServer(Path dataDir, ParleyServer server) {
    this.dataDir = dataDir;
    this.server = server;
  }

  static TestServer start() {
    return start(Map.of());
  }

  /** Starts with generous rate limits (tests register many users from one IP) and overrides. */
  static TestServer start(Map<String, String> overrides) {
    try {
      return start(Files.createTempDirectory("parley-it-"), overrides);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static TestServer start(Path dataDir, Map<String, String> overrides) {
    Map<String, String> flags = new LinkedHashMap<>(settings(dataDir));
    flags.putAll(overrides);
    return new TestServer(dataDir, ParleyServer.start(ConfigLoader.load(null, Map.of(), flags)));
  }

  /** The settings a test server runs with (also used for child-process servers). */
  static Map<String, String> settings(Path dataDir) {
    Map<String, String> flags = new LinkedHashMap<>();
    flags.put("server.host", "127.0.0.1");
    flags.put("server.port", "0");
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

  URI uri() {
    return server.uri();
  }

  /** Another gateway over this server's services: a second node of the same deployment. */
  Gateway startPeer(Vertx vertx) {
    return server.startPeerGateway(vertx);
  }

  URI uri(Gateway gateway) {
    return server.uri(gateway.port());
  }

  Path dataDir() {
    return dataDir;
  }

  @Override
  public void close() {
    server.close();
  }
}
