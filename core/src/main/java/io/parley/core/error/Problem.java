package io.parley.core.error;

import java.util.Objects;

/** An error outcome: a stable code and a human-readable message (never containing secrets). */
public record Problem(ErrorCode code, String message) {

  public Problem {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
  }

  public static Problem of(ErrorCode code) {
    return new Problem(code, code.description());
  }

  public static Problem of(ErrorCode code, String message) {
    return new Problem(code, message);
  }
}
