package io.parley.client;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.UpgradeRejectedException;
import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * When a connection reconnects and after how long: the close codes and upgrade answers that are
 * worth another attempt, exponential backoff with jitter, the attempt limit.
 */
final class ReconnectPolicy {
  private final boolean enabled;
  private final int maxAttempts;
  private final Backoff backoff;
  private final DoubleSupplier random;

  ReconnectPolicy(ConnectOptions options, DoubleSupplier random) {
    this.enabled = options.autoReconnect();
    this.maxAttempts = options.maxReconnectAttempts();
    this.backoff =
        new Backoff(options.initialBackoff(), options.maxBackoff(), options.backoffJitter());
    this.random = random;
  }

  /**
   * True when a socket that closed with this code should come back: a lost network (1006, or no
   * code: 1005), the server going away (1001), server trouble (1011-1013), a slow consumer (4000),
   * a heartbeat timeout (4001). Not after 1000 (a deliberate close), 4002 (token expired: log in
   * again) or protocol and size violations (1002, 1003, 1007, 1008, 1009), which would recur.
   */
  boolean reconnectsAfterClose(int code) {
    return enabled && reconnectable(code);
  }

  static boolean reconnectable(int code) {
    return switch (code) {
      case 1001, 1005, 1006, 1011, 1012, 1013, 4000, 4001 -> true;
      default -> false;
    };
  }

  /**
   * True when a failed reconnect attempt is worth another: transport trouble, 408, 429 and 5xx
   * answers to the upgrade; not 401/403/404 (another attempt would get the same answer).
   */
  boolean retriesAfter(ParleyException error) {
    int status = error.httpStatus();
    return enabled && !(status >= 400 && status < 500 && status != 408 && status != 429);
  }

  /**
   * Counts one more attempt and returns the delay before it, or -1 when the attempts are used up.
   *
   * @param atLeast the server's {@code Retry-After}, or null
   */
  long nextDelayMs(Duration atLeast) {
    if (maxAttempts > 0 && backoff.attempts() >= maxAttempts) {
      return -1;
    }
    long delay = backoff.nextDelayMs(random.getAsDouble());
    return atLeast == null ? delay : Math.max(delay, atLeast.toMillis());
  }

  /** Attempts since the last successful connect. */
  int attempts() {
    return backoff.attempts();
  }

  int maxAttempts() {
    return maxAttempts;
  }

  /** A connect succeeded: the next drop starts from the initial backoff. */
  void connected() {
    backoff.reset();
  }

  /** The failure of a connect attempt as the server (or the network) put it. */
  static ParleyException connectError(Throwable cause) {
    if (cause instanceof UpgradeRejectedException rejected) {
      Buffer body = rejected.getBody();
      return ParleyException.fromResponse(
          new RawResponse(
              rejected.getStatus(), rejected.getHeaders(), body == null ? "" : body.toString()));
    }
    return ParleyException.transport(cause);
  }
}
