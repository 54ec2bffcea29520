package io.parley.gateway.json;

import io.parley.core.error.ErrorCode;
import io.parley.core.error.Problem;

/**
 * Bad client input found while decoding a body, a frame or a query string. Thrown by the decoders
 * of this package and turned into an error response (HTTP) or an {@code error} frame (WebSocket) at
 * the edge; it never escapes the gateway.
 */
public final class InputException extends RuntimeException {

  private final transient Problem problem;

  public InputException(ErrorCode code, String message) {
    super(message, null, false, false);
    this.problem = Problem.of(code, message);
  }

  public Problem problem() {
    return problem;
  }
}
