package io.parley.client;

/**
 * A WebSocket {@code error} frame that no pending call claimed (errors answering {@code send},
 * {@code sync} and {@code ping} fail those calls' futures instead).
 *
 * @param clientMsgId set when the refused frame was a {@code send}
 * @param requestType the {@code type} of the refused frame, when the server says
 */
public record ErrorFrame(String code, String message, String clientMsgId, String requestType) {
  /** The same error as an exception. */
  public ParleyException toException() {
    return ParleyException.fromCode(code, message, null);
  }
}
