package io.parley.gateway;

/**
 * A bounded resource (a worker queue) is full: the request is refused at once instead of waiting.
 * Answered as {@code 503 UNAVAILABLE}.
 */
public final class OverloadedException extends RuntimeException {

  public OverloadedException(String message) {
    super(message, null, false, false);
  }
}
