package io.parley.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.parley.gateway.support.Api.Session;
import io.parley.gateway.support.RawWebSocket;
import io.parley.gateway.support.TestServer;
import io.parley.gateway.support.WsProbe;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Heartbeats, limits, slow consumers, token expiry and graceful shutdown: the close codes. */
class GatewayLifecycleTest {

  @Test
  void silentConnectionIsClosedWith4001AfterTheIdleTimeout() throws Exception {
    var config = TestServer.config().withHeartbeat(Duration.ofMillis(100), Duration.ofMillis(500));
    try (TestServer server = TestServer.start(config);
        RawWebSocket raw = new RawWebSocket(server.port(), server.newUser("mute").token(), 0)) {
      // never answers the pings it gets
      assertThat(raw.readUntilClose()).isEqualTo(4001);
    }
  }

  @Test
  void connectionThatAnswersPingsStaysOpen() {
    var config = TestServer.config().withHeartbeat(Duration.ofMillis(100), Duration.ofMillis(500));
    try (TestServer server = TestServer.start(config)) {
      WsProbe ws = server.connect(server.newUser("alive"));
      await()
          .during(Duration.ofMillis(1200))
          .atMost(Duration.ofSeconds(3))
          .until(() -> !ws.isClosed());
      ws.close();
    }
  }

  @Test
  void connectionIsClosedWith4002WhenItsTokenExpires() {
    var config = TestServer.config().withTokenTtl(Duration.ofSeconds(2));
    try (TestServer server = TestServer.start(config)) {
      WsProbe ws = server.connect(server.newUser("brief"));
      assertThat(ws.awaitClose()).isEqualTo((short) 4002);
    }
  }

  @Test
  void frameOverTheLimitClosesWith1009() throws Exception {
    var config = TestServer.config().withLimits(64 * 1024, 4096, 1024 * 1024);
    try (TestServer server = TestServer.start(config);
        RawWebSocket raw = new RawWebSocket(server.port(), server.newUser("big").token(), 0)) {
      raw.sendHeaderOnly(5000);
      assertThat(raw.readUntilClose()).isEqualTo(1009);
    }
  }

  @Test
  void stalledReaderIsClosedWith4000AndOthersKeepReceiving() throws Exception {
    var config = TestServer.config().withLimits(512 * 1024, 512 * 1024, 64 * 1024);
    try (TestServer server = TestServer.start(config)) {
      Session alice = server.newUser("alice");
      Session stalled = server.newUser("stalled");
      Session healthy = server.newUser("healthy");
      WsProbe healthyWs = server.connect(healthy);
      try (RawWebSocket raw = new RawWebSocket(server.port(), stalled.token(), 4096)) {
        String content = "y".repeat(60 * 1024);
        double before = slowConsumers(server);
        for (int i = 0; i < 400 && slowConsumers(server) == before; i++) {
          assertThat(server.api.send(alice, stalled.userId(), content, null).status())
              .isEqualTo(201);
        }
        assertThat(slowConsumers(server)).isEqualTo(before + 1);
        server.api.send(alice, healthy.userId(), "you are fine", null);
        assertThat(healthyWs.await("message").getJsonObject("message").getString("content"))
            .isEqualTo("you are fine");
        assertThat(raw.readUntilClose()).isEqualTo(4000);
      }
      healthyWs.close();
    }
  }

  @Test
  void closeDrainsHealthAndClosesWebSocketsWith1001() {
    TestServer server = TestServer.start();
    try {
      WsProbe ws = server.connect(server.newUser("leaving"));
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> server.gateway.metrics().openConnections() == 1);
      var closing = server.gateway.close();
      assertThat(ws.awaitClose()).isEqualTo((short) 1001);
      TestServer.await(closing);
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> server.gateway.metrics().openConnections() == 0);
    } finally {
      server.close();
    }
  }

  @Test
  void healthAnswers503WhileDraining() {
    try (TestServer server = TestServer.start()) {
      GatewayEnv env = envOf(server);
      env.startDraining();
      var health = server.api.get("/health", null);
      assertThat(health.status()).isEqualTo(503);
      assertThat(health.json()).isEqualTo(new JsonObject().put("status", "draining"));
    }
  }

  @Test
  void serverRunsOneInstancePerRequestedCoreOnOnePort() {
    try (TestServer server = TestServer.start()) {
      assertThat(server.gateway.instanceCount()).isEqualTo(2);
      assertThat(server.port()).isPositive();
      assertThat(server.vertx.isNativeTransportEnabled()).isTrue();
    }
  }

  private static double slowConsumers(TestServer server) {
    return server.registry.get("parley.ws.slow_consumer.closed").counter().count();
  }

  private static GatewayEnv envOf(TestServer server) {
    try {
      var field = Gateway.class.getDeclaredField("env");
      field.setAccessible(true);
      return (GatewayEnv) field.get(server.gateway);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }
}
