package io.parley.gateway;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.parley.core.error.ErrorCode;
import io.parley.core.error.Problem;
import io.parley.core.ratelimit.RateLimiter;
import io.parley.gateway.auth.JwtTokens;
import io.parley.gateway.metrics.MicrometerMetrics;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What every server instance of one {@link Gateway} shares: settings, core services, token codec,
 * metrics and the draining flag. Immutable apart from the flag; safe to use from any event loop.
 */
public final class GatewayEnv {

  private final GatewayConfig config;
  private final Gateway.Services services;
  private final JwtTokens tokens;
  private final MicrometerMetrics metrics;
  private final PrometheusMeterRegistry registry;
  private final AtomicBoolean draining = new AtomicBoolean();

  GatewayEnv(
      GatewayConfig config,
      Gateway.Services services,
      JwtTokens tokens,
      MicrometerMetrics metrics,
      PrometheusMeterRegistry registry) {
    this.config = config;
    this.services = services;
    this.tokens = tokens;
    this.metrics = metrics;
    this.registry = registry;
  }

  public GatewayConfig config() {
    return config;
  }

  public Gateway.Services services() {
    return services;
  }

  public JwtTokens tokens() {
    return tokens;
  }

  public MicrometerMetrics metrics() {
    return metrics;
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** True once {@link Gateway#close()} started: health answers 503, new sockets are refused. */
  public boolean draining() {
    return draining.get();
  }

  void startDraining() {
    draining.set(true);
  }

  /**
   * Takes a token from a gateway-level limit ({@code SEND_PER_IP}, {@code AUTH_PER_IP}); completes
   * with empty if allowed, otherwise with the delay to retry after. Refusals are counted. The stage
   * may complete on another thread (a shared limit answers from Redis): callers hop back to their
   * event loop ({@link Async}) before touching a request or a connection.
   */
  public CompletionStage<Optional<Duration>> limit(RateLimiter.Scope scope, String key) {
    return services
        .limiter()
        .tryAcquire(scope, key)
        .thenApply(
            wait -> {
              if (wait.isPresent()) services.metrics().rateLimited(scopeName(scope));
              return wait;
            });
  }

  /** The problem answered while draining. */
  public static Problem unavailable() {
    return Problem.of(ErrorCode.UNAVAILABLE, "the server is shutting down");
  }

  /** The metric tag of a scope: {@code send_per_ip}, {@code auth_per_ip}... */
  static String scopeName(RateLimiter.Scope scope) {
    return scope.name().toLowerCase(Locale.ROOT);
  }
}
