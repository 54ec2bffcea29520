package io.parley.gateway.support;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.parley.core.account.AccountService;
import io.parley.core.delivery.LocalEventBus;
import io.parley.core.delivery.LocalPresenceRegistry;
import io.parley.core.group.GroupConfig;
import io.parley.core.group.GroupService;
import io.parley.core.message.MessageService;
import io.parley.core.message.MessagingConfig;
import io.parley.core.message.ReceiptService;
import io.parley.core.presence.PresenceService;
import io.parley.gateway.Gateway;
import io.parley.gateway.GatewayConfig;
import io.parley.gateway.RateLimitConfig;
import io.parley.gateway.Vertxes;
import io.parley.gateway.auth.Argon2PasswordHasher;
import io.parley.gateway.metrics.MicrometerMetrics;
import io.parley.gateway.ratelimit.Bucket4jRateLimiter;
import io.parley.testkit.store.InMemoryStore;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** A real gateway on a random port over the in-memory store, with clients to talk to it. */
public final class TestServer implements AutoCloseable {

  public static final byte[] SECRET =
      "test-secret-test-secret-test-secret!".getBytes(StandardCharsets.UTF_8);

  public final Vertx vertx;
  public final PrometheusMeterRegistry registry;
  public final Gateway gateway;
  public final InMemoryStore store;
  public final Api api;
  public final WebSocketClient wsClient;
  private final Argon2PasswordHasher hasher;
  private final Bucket4jRateLimiter limiter;
  private final WebClient web;

  private TestServer(GatewayConfig config, int instances) {
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    vertx = Vertxes.create(registry, 2);
    store = new InMemoryStore();
    hasher = new Argon2PasswordHasher(2, 256, 64, 1);
    limiter = new Bucket4jRateLimiter(config.rateLimits());
    var bus = new LocalEventBus();
    var metrics = new MicrometerMetrics(registry);
    Clock clock = Clock.systemUTC();
    var services =
        new Gateway.Services(
            new AccountService(store, hasher, clock),
            new MessageService(
                store, store, store, bus, limiter, metrics, MessagingConfig.DEFAULTS),
            new ReceiptService(store, store, bus),
            new PresenceService(new LocalPresenceRegistry(), store, store, store, bus, clock),
            store,
            bus,
            limiter,
            metrics,
            new GroupService(store, store, clock, GroupConfig.DEFAULTS));
    gateway =
        await(
            Gateway.start(
                vertx,
                config.withPort(0).withHost("127.0.0.1"),
                services,
                SECRET,
                registry,
                instances));
    web =
        WebClient.create(
            vertx,
            new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(gateway.port()));
    api = new Api(web, gateway.port());
    wsClient =
        vertx.createWebSocketClient(
            new WebSocketClientOptions()
                .setMaxConnections(100_000)
                .setMaxFrameSize(8 * 1024 * 1024)
                .setMaxMessageSize(8 * 1024 * 1024));
  }

  /** Defaults with rate limits off. */
  public static GatewayConfig config() {
    return GatewayConfig.defaults().withRateLimits(RateLimitConfig.disabled());
  }

  public static TestServer start() {
    return start(config());
  }

  public static TestServer start(GatewayConfig config) {
    return new TestServer(config, 2);
  }

  public int port() {
    return gateway.port();
  }

  /** A fresh username. */
  public static String username(String prefix) {
    return prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Registers and logs in a new user. */
  public Api.Session newUser(String prefix) {
    return api.signUp(username(prefix), "password-" + prefix);
  }

  /** Opens a WebSocket for {@code session} and waits for its {@code ready} frame. */
  public WsProbe connect(Api.Session session) {
    WsProbe probe = WsProbe.connect(wsClient, port(), session.token());
    probe.await("ready");
    return probe;
  }

  public static <T> T await(io.vertx.core.Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new AssertionError("operation failed: " + e.getCause(), e.getCause());
    } catch (Exception e) {
      throw new AssertionError("operation timed out or was interrupted", e);
    }
  }

  public static Duration seconds(long s) {
    return Duration.ofSeconds(s);
  }

  @Override
  public void close() {
    try {
      await(gateway.close());
    } finally {
      web.close();
      await(vertx.close());
      hasher.close();
      limiter.close();
    }
  }
}
