package io.parley.client;

/**
 * The WebSocket closed.
 *
 * @param code the close code (1006 when the connection was lost without one, 4002 when the token
 *     expired, see docs/API.md)
 * @param reason the close reason, may be null
 * @param reconnecting true when the connection reconnects by itself; false means it is final
 */
public record CloseEvent(int code, String reason, boolean reconnecting) {
  public static final int NORMAL = 1000;
  public static final int GOING_AWAY = 1001;
  public static final int ABNORMAL = 1006;
  public static final int TOO_BIG = 1009;
  public static final int SLOW_CONSUMER = 4000;
  public static final int HEARTBEAT_TIMEOUT = 4001;
  public static final int TOKEN_EXPIRED = 4002;
}
