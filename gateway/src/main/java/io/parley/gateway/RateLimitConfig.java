package io.parley.gateway;

/**
 * Token-bucket rate limits applied by the gateway and the messaging core. Rates are refilled
 * greedily (smoothly); a burst is the bucket's capacity.
 *
 * @param enabled false turns every limit off (tests, benchmarks)
 * @param sendPerUserPerSecond messages a user may send per second, over all connections
 * @param sendPerUserBurst how many sends a user may make at once
 * @param sendPerIpPerSecond messages one client IP may send per second
 * @param sendPerIpBurst how many sends one client IP may make at once
 * @param authPerIpPerMinute {@code /auth/*} requests one client IP may make per minute
 * @param authPerIpBurst how many {@code /auth/*} requests one client IP may make at once
 */
public record RateLimitConfig(
    boolean enabled,
    int sendPerUserPerSecond,
    int sendPerUserBurst,
    int sendPerIpPerSecond,
    int sendPerIpBurst,
    int authPerIpPerMinute,
    int authPerIpBurst) {

  public static final boolean DEFAULT_ENABLED = true;
  public static final int DEFAULT_SEND_PER_USER_PER_SECOND = 20;
  public static final int DEFAULT_SEND_PER_USER_BURST = 40;
  public static final int DEFAULT_SEND_PER_IP_PER_SECOND = 200;
  public static final int DEFAULT_SEND_PER_IP_BURST = 400;
  public static final int DEFAULT_AUTH_PER_IP_PER_MINUTE = 30;
  public static final int DEFAULT_AUTH_PER_IP_BURST = 30;

  public RateLimitConfig {
    positive(sendPerUserPerSecond, "rate_limits.send_per_user_per_second");
    positive(sendPerUserBurst, "rate_limits.send_per_user_burst");
    positive(sendPerIpPerSecond, "rate_limits.send_per_ip_per_second");
    positive(sendPerIpBurst, "rate_limits.send_per_ip_burst");
    positive(authPerIpPerMinute, "rate_limits.auth_per_ip_per_minute");
    positive(authPerIpBurst, "rate_limits.auth_per_ip_burst");
  }

  /** Limits sized for people typing. */
  public static RateLimitConfig defaults() {
    return new RateLimitConfig(
        DEFAULT_ENABLED,
        DEFAULT_SEND_PER_USER_PER_SECOND,
        DEFAULT_SEND_PER_USER_BURST,
        DEFAULT_SEND_PER_IP_PER_SECOND,
        DEFAULT_SEND_PER_IP_BURST,
        DEFAULT_AUTH_PER_IP_PER_MINUTE,
        DEFAULT_AUTH_PER_IP_BURST);
  }

  /** The default numbers, switched off. */
  public static RateLimitConfig disabled() {
    return defaults().withEnabled(false);
  }

  public RateLimitConfig withEnabled(boolean on) {
    return new RateLimitConfig(
        on,
        sendPerUserPerSecond,
        sendPerUserBurst,
        sendPerIpPerSecond,
        sendPerIpBurst,
        authPerIpPerMinute,
        authPerIpBurst);
  }

  private static void positive(int value, String name) {
    if (value < 1) throw new IllegalArgumentException(name + " must be >= 1, was " + value);
  }
}
