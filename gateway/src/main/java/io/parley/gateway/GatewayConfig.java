package io.parley.gateway;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the HTTP + WebSocket gateway.
 *
 * @param host the address to bind
 * @param port the port to bind; 0 picks a free one (see {@link Gateway#port()})
 * @param maxBodyBytes largest accepted HTTP request body ({@code BODY_TOO_LARGE} above)
 * @param maxFrameBytes largest accepted WebSocket message (the socket is closed with 1009 above)
 * @param maxQueuedBytes bytes a WebSocket may have waiting to be written before it is closed as a
 *     slow consumer (close code 4000)
 * @param heartbeatInterval how often the server pings each WebSocket
 * @param idleTimeout a WebSocket that sent nothing (pongs included) for this long is closed (4001)
 * @param tokenTtl lifetime of the tokens issued by {@code /auth/login}
 * @param rateLimits the rate limits
 */
public record GatewayConfig(
    String host,
    int port,
    int maxBodyBytes,
    int maxFrameBytes,
    int maxQueuedBytes,
    Duration heartbeatInterval,
    Duration idleTimeout,
    Duration tokenTtl,
    RateLimitConfig rateLimits) {

  public static final String DEFAULT_HOST = "0.0.0.0";
  public static final int DEFAULT_PORT = 8080;
  public static final int DEFAULT_MAX_BODY_BYTES = 512 * 1024;
  public static final int DEFAULT_MAX_FRAME_BYTES = 512 * 1024;
  public static final int DEFAULT_MAX_QUEUED_BYTES = 1024 * 1024;
  public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(30);
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(75);
  public static final Duration DEFAULT_TOKEN_TTL = Duration.ofHours(24);

  /** Smallest body and frame limits: a send with maximal content must fit. */
  public static final int MIN_PAYLOAD_BYTES = 1024;

  public GatewayConfig {
    Objects.requireNonNull(host, "gateway.host");
    Objects.requireNonNull(heartbeatInterval, "gateway.heartbeat_interval");
    Objects.requireNonNull(idleTimeout, "gateway.idle_timeout");
    Objects.requireNonNull(tokenTtl, "gateway.token_ttl");
    Objects.requireNonNull(rateLimits, "gateway.rate_limits");
    if (host.isBlank()) throw new IllegalArgumentException("gateway.host must not be blank");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("gateway.port must be in 0..65535, was " + port);
    }
    atLeast(maxBodyBytes, MIN_PAYLOAD_BYTES, "gateway.max_body_bytes");
    atLeast(maxFrameBytes, MIN_PAYLOAD_BYTES, "gateway.max_frame_bytes");
    atLeast(maxQueuedBytes, MIN_PAYLOAD_BYTES, "gateway.max_queued_bytes");
    if (heartbeatInterval.toMillis() < 10) {
      throw new IllegalArgumentException("gateway.heartbeat_interval must be >= 10 ms");
    }
    if (idleTimeout.compareTo(heartbeatInterval) <= 0) {
      throw new IllegalArgumentException(
          "gateway.idle_timeout must be longer than gateway.heartbeat_interval");
    }
    if (tokenTtl.toSeconds() < 1) {
      throw new IllegalArgumentException("gateway.token_ttl must be >= 1 s");
    }
  }

  /** Every setting at its default. */
  public static GatewayConfig defaults() {
    return new GatewayConfig(
        DEFAULT_HOST,
        DEFAULT_PORT,
        DEFAULT_MAX_BODY_BYTES,
        DEFAULT_MAX_FRAME_BYTES,
        DEFAULT_MAX_QUEUED_BYTES,
        DEFAULT_HEARTBEAT_INTERVAL,
        DEFAULT_IDLE_TIMEOUT,
        DEFAULT_TOKEN_TTL,
        RateLimitConfig.defaults());
  }

  public GatewayConfig withPort(int newPort) {
    return new GatewayConfig(
        host,
        newPort,
        maxBodyBytes,
        maxFrameBytes,
        maxQueuedBytes,
        heartbeatInterval,
        idleTimeout,
        tokenTtl,
        rateLimits);
  }

  public GatewayConfig withHost(String newHost) {
    return new GatewayConfig(
        newHost,
        port,
        maxBodyBytes,
        maxFrameBytes,
        maxQueuedBytes,
        heartbeatInterval,
        idleTimeout,
        tokenTtl,
        rateLimits);
  }

  public GatewayConfig withRateLimits(RateLimitConfig limits) {
    return new GatewayConfig(
        host,
        port,
        maxBodyBytes,
        maxFrameBytes,
        maxQueuedBytes,
        heartbeatInterval,
        idleTimeout,
        tokenTtl,
        limits);
  }

  public GatewayConfig withHeartbeat(Duration interval, Duration idle) {
    return new GatewayConfig(
        host,
        port,
        maxBodyBytes,
        maxFrameBytes,
        maxQueuedBytes,
        interval,
        idle,
        tokenTtl,
        rateLimits);
  }

  public GatewayConfig withLimits(int bodyBytes, int frameBytes, int queuedBytes) {
    return new GatewayConfig(
        host,
        port,
        bodyBytes,
        frameBytes,
        queuedBytes,
        heartbeatInterval,
        idleTimeout,
        tokenTtl,
        rateLimits);
  }

  public GatewayConfig withTokenTtl(Duration ttl) {
    return new GatewayConfig(
        host,
        port,
        maxBodyBytes,
        maxFrameBytes,
        maxQueuedBytes,
        heartbeatInterval,
        idleTimeout,
        ttl,
        rateLimits);
  }

  private static void atLeast(int value, int min, String name) {
    if (value < min) throw new IllegalArgumentException(name + " must be >= " + min);
  }
}
