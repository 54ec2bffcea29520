package io.parley.app;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.parley.app.config.Config;
import io.parley.app.cache.CachingGroupStore;
import io.parley.core.account.AccountService;
import io.parley.core.delivery.LocalEventBus;
import io.parley.core.delivery.LocalPresenceRegistry;
import io.parley.core.group.GroupService;
import io.parley.core.message.MessageService;
import io.parley.core.message.MessagingConfig;
import io.parley.core.message.ReceiptService;
import io.parley.core.presence.PresenceService;
import io.parley.gateway.auth.Argon2PasswordHasher;
import io.parley.gateway.ratelimit.Bucket4jRateLimiter;
import io.parley.gateway.Gateway;
import io.parley.gateway.GatewayConfig;
import io.parley.gateway.metrics.MicrometerMetrics;
import io.parley.gateway.RateLimitConfig;
import io.parley.gateway.Vertxes;
import io.parley.store.rocksdb.RocksDbStore;
import io.vertx.core.Vertx;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A whole Parley server in embedded mode: the RocksDB store, the in-process event bus and
 * presence registry, the domain services and the Vert.x gateway, wired from one {@link Config}.
 */
public final class ParleyServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ParleyServer.class);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

  private final Vertx vertx;
  private final RocksDbStore store;
  private final Argon2PasswordHasher hasher;
  private final Gateway gateway;
  private final Peering peering;
  private boolean closed;

  /** What a further gateway over the same services needs (see {@link #startPeerGateway}). */
  private record Peering(
      GatewayConfig config,
      Gateway.Services services,
      byte[] secret,
      PrometheusMeterRegistry registry) {}

  private ParleyServer(
      Vertx vertx,
      RocksDbStore store,
      Argon2PasswordHasher hasher,
      Gateway gateway,
      Peering peering) {
    this.vertx = vertx;
    this.store = store;
    this.hasher = hasher;
    this.gateway = gateway;
    this.peering = peering;
  }

  /** Starts a server and waits until it listens. */
  public static ParleyServer start(Config config) {
    Path dataDir = Path.of(config.string("data.dir")).toAbsolutePath();
    var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    var metrics = new MicrometerMetrics(registry);
    RocksDbStore store = RocksDbStore.open(Wiring.rocksDbConfig(config, dataDir), metrics);
    Vertx vertx = null;
    Argon2PasswordHasher hasher = null;
    try {
      byte[] secret = JwtSecret.resolve(config.string("auth.jwt-secret"), dataDir);
      int loops = config.integer("server.event-loops", 0, 1024);
      vertx = loops == 0 ? Vertxes.create(registry) : Vertxes.create(registry, loops);
      hasher = new Argon2PasswordHasher(Wiring.hashThreads(config));
      Clock clock = Clock.systemUTC();
      RateLimitConfig rateLimits = Wiring.rateLimitConfig(config);
      var limiter = new Bucket4jRateLimiter(rateLimits);
      var bus = new LocalEventBus();
      MessagingConfig messaging = Wiring.messagingConfig(config);
      var groups = new CachingGroupStore(store, config.integer("groups.cache-size", 1, 10_000_000));
      var messages = new MessageService(store, store, groups, bus, limiter, metrics, messaging);
      var services =
          new Gateway.Services(
              new AccountService(store, hasher, clock),
              messages,
              new ReceiptService(store, groups, bus),
              new PresenceService(new LocalPresenceRegistry(), store, store, groups, bus, clock),
              store,
              bus,
              limiter,
              metrics,
              new GroupService(groups, store, clock, Wiring.groupConfig(config)));
      GatewayConfig gatewayConfig = Wiring.gatewayConfig(config, rateLimits);
      Gateway gateway =
          Gateway.start(vertx, gatewayConfig, services, secret, registry)
              .toCompletionStage()
              .toCompletableFuture()
              .get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      log.info(
          "Parley listening on {}:{} (data in {}, native transport: {})",
          gatewayConfig.host(),
          gateway.port(),
          dataDir,
          vertx.isNativeTransportEnabled());
      return new ParleyServer(
          vertx, store, hasher, gateway, new Peering(gatewayConfig, services, secret, registry));
    } catch (Exception e) {
      if (vertx != null) vertx.close();
      if (hasher != null) hasher.close();
      store.close();
      if (e instanceof RuntimeException runtime) throw runtime;
      throw new IllegalStateException("Parley failed to start: " + e.getMessage(), e);
    }
  }

  public int port() {
    return gateway.port();
  }

  /** The base URI clients on this machine use. */
  public URI uri() {
    return uri(port());
  }

  /** The base URI of a gateway of this server listening on {@code port}. */
  public URI uri(int port) {
    String host = peering.config().host();
    String h = host.equals("0.0.0.0") ? "127.0.0.1" : host;
    return URI.create("http://" + h + ":" + port);
  }

  /**
   * Starts one more gateway over this server's services (store, event bus, presence) on {@code
   * peerVertx} and a free port: to clients, another node of the same deployment. The failover
   * tests use it; the caller closes it (before closing this server).
   */
  public Gateway startPeerGateway(Vertx peerVertx) {
    GatewayConfig config = peering.config().withPort(0);
    try {
      return Gateway.start(
              peerVertx, config, peering.services(), peering.secret(), peering.registry(), 1)
          .toCompletionStage()
          .toCompletableFuture()
          .get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("peer gateway failed to start: " + e.getMessage(), e);
    }
  }

  /**
   * Stops gracefully: the gateway drains (clients are told to reconnect), then pending writes are
   * made durable and the store closes.
   */
  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    try {
      gateway.close().toCompletionStage().toCompletableFuture().get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      log.warn("gateway did not stop cleanly: {}", e.toString());
    }
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      log.warn("event loops did not stop cleanly: {}", e.toString());
    }
    hasher.close();
    store.close();
    log.info("Parley stopped");
  }
}
