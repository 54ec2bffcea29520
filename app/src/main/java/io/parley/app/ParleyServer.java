package io.parley.app;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.parley.app.Backend.Mode;
import io.parley.app.cache.CachingGroupStore;
import io.parley.app.config.Config;
import io.parley.core.account.AccountService;
import io.parley.core.account.UserStore;
import io.parley.core.delivery.EventBus;
import io.parley.core.group.GroupConfig;
import io.parley.core.group.GroupService;
import io.parley.core.message.MessageService;
import io.parley.core.message.MessageStore;
import io.parley.core.message.MessagingConfig;
import io.parley.core.message.ReceiptService;
import io.parley.core.presence.PresenceService;
import io.parley.core.ratelimit.RateLimiter;
import io.parley.gateway.Gateway;
import io.parley.gateway.GatewayConfig;
import io.parley.gateway.RateLimitConfig;
import io.parley.gateway.Vertxes;
import io.parley.gateway.auth.Argon2PasswordHasher;
import io.parley.gateway.metrics.MicrometerMetrics;
import io.vertx.core.Vertx;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A whole Parley node, wired from one {@link Config}: the {@link Backend} its {@code mode} names
 * (embedded: RocksDB and in-process delivery; cluster: Cassandra and Redis), the domain services
 * over it and the Vert.x gateway.
 */
public final class ParleyServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ParleyServer.class);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

  private final Vertx vertx;
  private final Backend backend;
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
      Vertx vertx, Backend backend, Argon2PasswordHasher hasher, Gateway gateway, Peering peering) {
    this.vertx = vertx;
    this.backend = backend;
    this.hasher = hasher;
    this.gateway = gateway;
    this.peering = peering;
  }

  /**
   * Starts a server in the configured {@code mode} and waits until it listens. Every setting is
   * read and checked before anything is opened or connected to.
   */
  public static ParleyServer start(Config config) {
    Mode mode = Wiring.mode(config);
    Path dataDir = Path.of(config.string("data.dir")).toAbsolutePath();
    int loops = config.integer("server.event-loops", 0, 1024);
    int hashThreads = Wiring.hashThreads(config);
    int cachedGroups = config.integer("groups.cache-size", 1, 10_000_000);
    RateLimitConfig rateLimits = Wiring.rateLimitConfig(config);
    MessagingConfig messaging = Wiring.messagingConfig(config);
    GroupConfig groupConfig = Wiring.groupConfig(config);
    GatewayConfig gatewayConfig = Wiring.gatewayConfig(config, rateLimits);
    byte[] secret = Wiring.jwtSecret(config, mode, dataDir); // last: may create the key file
    var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    var metrics = new MicrometerMetrics(registry);
    Backend backend =
        switch (mode) {
          case EMBEDDED ->
              EmbeddedBackend.open(
                  Wiring.rocksDbConfig(config, dataDir), cachedGroups, rateLimits, metrics);
          case CLUSTER ->
              ClusterBackend.open(
                  Wiring.cassandraConfig(config),
                  Wiring.redisConfig(config),
                  Wiring.redisLimits(rateLimits),
                  cachedGroups);
        };
    Vertx vertx = null;
    Argon2PasswordHasher hasher = null;
    try {
      vertx = loops == 0 ? Vertxes.create(registry) : Vertxes.create(registry, loops);
      hasher = new Argon2PasswordHasher(hashThreads);
      Clock clock = Clock.systemUTC();
      UserStore users = backend.users();
      MessageStore store = backend.messages();
      CachingGroupStore groups = backend.groups();
      EventBus bus = backend.bus();
      RateLimiter limiter = backend.limiter();
      var messages = new MessageService(store, users, groups, bus, limiter, metrics, messaging);
      var services =
          new Gateway.Services(
              new AccountService(users, hasher, clock),
              messages,
              new ReceiptService(store, groups, bus),
              new PresenceService(backend.presence(), users, store, groups, bus, clock),
              users,
              bus,
              limiter,
              metrics,
              new GroupService(groups, users, clock, groupConfig));
      Gateway gateway =
          Gateway.start(vertx, gatewayConfig, services, secret, registry)
              .toCompletionStage()
              .toCompletableFuture()
              .get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      log.info(
          "Parley listening on {}:{} in {} mode ({}, native transport: {})",
          gatewayConfig.host(),
          gateway.port(),
          mode.name().toLowerCase(Locale.ROOT),
          backend.describe(),
          vertx.isNativeTransportEnabled());
      return new ParleyServer(
          vertx, backend, hasher, gateway, new Peering(gatewayConfig, services, secret, registry));
    } catch (Exception e) {
      if (vertx != null) vertx.close();
      if (hasher != null) hasher.close();
      backend.close();
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
   * peerVertx} and a free port: to clients, another node of the same deployment. The failover tests
   * use it; the caller closes it (before closing this server).
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
   * Stops gracefully: the gateway drains first (clients are told to reconnect, to another node in
   * cluster mode), then the backend closes: in embedded mode pending writes are made durable and
   * the store closes; in cluster mode the node leaves Redis, then its Cassandra session closes.
   */
  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    try {
      gateway
          .close()
          .toCompletionStage()
          .toCompletableFuture()
          .get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      log.warn("gateway did not stop cleanly: {}", e.toString());
    }
    try {
      vertx
          .close()
          .toCompletionStage()
          .toCompletableFuture()
          .get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      log.warn("event loops did not stop cleanly: {}", e.toString());
    }
    hasher.close();
    backend.close();
    log.info("Parley stopped");
  }
}
