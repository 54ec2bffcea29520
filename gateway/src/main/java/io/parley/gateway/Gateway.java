package io.parley.gateway;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.parley.core.account.AccountService;
import io.parley.core.account.UserStore;
import io.parley.core.delivery.EventBus;
import io.parley.core.group.GroupService;
import io.parley.core.message.MessageService;
import io.parley.core.message.ReceiptService;
import io.parley.core.metrics.ParleyMetrics;
import io.parley.core.presence.PresenceService;
import io.parley.core.ratelimit.RateLimiter;
import io.parley.gateway.auth.JwtTokens;
import io.parley.gateway.metrics.MicrometerMetrics;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP + WebSocket front of Parley (docs/API.md): decodes, authenticates, calls the core,
 * encodes. Runs one server instance per core on the same port.
 *
 * <pre>{@code
 * Gateway gateway = Gateway.start(vertx, config, services, secret, registry)
 *     .toCompletionStage().toCompletableFuture().join();
 * ... gateway.port() ...
 * gateway.close();
 * }</pre>
 */
public final class Gateway {

  private static final Logger log = LoggerFactory.getLogger(Gateway.class);

  private final Vertx vertx;
  private final GatewayEnv env;
  private final int port;
  private final List<String> deployments;
  private final List<GatewayVerticle> instances;
  private Future<Void> closing;

  private Gateway(
      Vertx vertx,
      GatewayEnv env,
      int port,
      List<String> deployments,
      List<GatewayVerticle> instances) {
    this.vertx = vertx;
    this.env = env;
    this.port = port;
    this.deployments = List.copyOf(deployments);
    this.instances = List.copyOf(instances);
  }

  /**
   * Starts one server instance per available core on {@code config.port()} (0: a free port).
   *
   * @param jwtSecret HMAC key of the bearer tokens, at least 32 bytes
   * @param registry where {@code GET /metrics} scrapes from; gateway meters are registered here
   *     unless {@code services.metrics()} is already a {@link MicrometerMetrics}
   */
  public static Future<Gateway> start(
      Vertx vertx,
      GatewayConfig config,
      Services services,
      byte[] jwtSecret,
      PrometheusMeterRegistry registry) {
    return start(
        vertx, config, services, jwtSecret, registry, Runtime.getRuntime().availableProcessors());
  }

  /**
   * As {@link #start(Vertx, GatewayConfig, Services, byte[], PrometheusMeterRegistry)}, with an
   * explicit instance count.
   */
  public static Future<Gateway> start(
      Vertx vertx,
      GatewayConfig config,
      Services services,
      byte[] jwtSecret,
      PrometheusMeterRegistry registry,
      int instances) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(services, "services");
    Objects.requireNonNull(registry, "registry");
    if (instances < 1) throw new IllegalArgumentException("instances must be >= 1");
    MicrometerMetrics metrics =
        services.metrics() instanceof MicrometerMetrics m ? m : new MicrometerMetrics(registry);
    JwtTokens tokens =
        new JwtTokens(vertx, jwtSecret, config.tokenTtl(), Clock.systemUTC())
            .requireAccounts(services.users());
    GatewayEnv env = new GatewayEnv(config, services, tokens, metrics, registry);
    List<GatewayVerticle> verticles = new CopyOnWriteArrayList<>();
    // Vert.x shares one listening socket between the instances binding the same port; a negative
    // port means "a random port, shared by every server given the same negative value".
    int bindPort = config.port() == 0 ? -1 : config.port();
    return vertx
        .deployVerticle(
            () -> {
              GatewayVerticle verticle = new GatewayVerticle(env, bindPort);
              verticles.add(verticle);
              return verticle;
            },
            new DeploymentOptions().setInstances(instances))
        .map(
            id -> {
              int port = verticles.get(0).actualPort();
              log.info(
                  "gateway listening on {}:{} with {} instance(s)",
                  config.host(),
                  port,
                  verticles.size());
              return new Gateway(vertx, env, port, List.of(id), verticles);
            });
  }

  /** The port actually bound. */
  public int port() {
    return port;
  }

  /** The gateway-side meters (WebSocket connections, deliveries...). */
  public MicrometerMetrics metrics() {
    return env.metrics();
  }

  /**
   * Shuts down gracefully: {@code /health} answers 503 and new WebSockets are refused, every
   * WebSocket is closed with 1001, then the servers stop after in-flight requests finish.
   * Idempotent. Does not close {@code vertx} or the services.
   */
  public synchronized Future<Void> close() {
    if (closing == null) {
      env.startDraining();
      List<Future<Void>> undeployed = deployments.stream().map(vertx::undeploy).toList();
      closing = Future.join(undeployed).mapEmpty();
      closing.onComplete(done -> log.info("gateway on port {} closed", port));
    }
    return closing;
  }

  /** Server instances (for diagnostics). */
  int instanceCount() {
    return instances.size();
  }

  /**
   * The core services the gateway calls. {@code metrics} is the core's metrics port; pass a {@link
   * MicrometerMetrics} on the gateway's registry so that core and gateway meters are one set.
   */
  public record Services(
      AccountService accounts,
      MessageService messages,
      ReceiptService receipts,
      PresenceService presence,
      UserStore users,
      EventBus bus,
      RateLimiter limiter,
      ParleyMetrics metrics,
      GroupService groups) {


    public Services {
      Objects.requireNonNull(accounts, "accounts");
      Objects.requireNonNull(messages, "messages");
      Objects.requireNonNull(receipts, "receipts");
      Objects.requireNonNull(presence, "presence");
      Objects.requireNonNull(users, "users");
      Objects.requireNonNull(bus, "bus");
      Objects.requireNonNull(limiter, "limiter");
      Objects.requireNonNull(metrics, "metrics");
    }
  }
}
