package io.parley.client;

import java.time.Duration;

/**
 * A WebSocket {@code error} frame that no pending call claimed (errors answering {@code send},
 * {@code sync} and {@code ping} fail those calls' futures instead).
 *
 * @param clientMsgId set when the refused frame was a {@code send}
 * @param requestType the {@code type} of the refused frame, when the server says
 * @param retryAfter with {@code RATE_LIMITED}: how long to wait; else null
 */
public record ErrorFrame(
    String code, String message, String clientMsgId, String requestType, Duration retryAfter) {

  public ErrorFrame(String code, String message, String clientMsgId, String requestType) {
    this(code, message, clientMsgId, requestType, null);
  }

  /** The same error as an exception. */
  public ParleyException toException() {
    return ParleyException.fromCode(code, message, retryAfter);
  }
}
