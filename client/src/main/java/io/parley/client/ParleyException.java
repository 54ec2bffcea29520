package io.parley.client;

import io.vertx.core.http.HttpClosedException;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * A call failed: the server refused it (HTTP status and a stable {@link #code()} from the error
 * catalogue in docs/API.md) or it could not be made ({@code httpStatus} 0 and one of the SDK's own
 * codes: {@link #CONNECTION_FAILED}, {@link #CONNECTION_CLOSED}, {@link #TIMEOUT}, {@link
 * #BAD_RESPONSE}). Every future of the SDK fails with this exception.
 *
 * <p>WebSocket {@code error} frames carry no HTTP status; the SDK fills in the status the catalogue
 * gives for the code, so {@code httpStatus} means the same on both transports.
 */
public class ParleyException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** SDK code: the connection could not be established. */
  public static final String CONNECTION_FAILED = "CONNECTION_FAILED";

  /** SDK code: the connection closed before the answer came. */
  public static final String CONNECTION_CLOSED = "CONNECTION_CLOSED";

  /** SDK code: no answer in time. */
  public static final String TIMEOUT = "TIMEOUT";

  /** SDK code: the server answered something the SDK cannot read. */
  public static final String BAD_RESPONSE = "BAD_RESPONSE";

  /** The catalogue of docs/API.md: code to HTTP status (a test keeps the two in step). */
  private static final Map<String, Integer> CATALOGUE =
      Map.ofEntries(
          Map.entry("INVALID_JSON", 400),
          Map.entry("UNKNOWN_FIELD", 400),
          Map.entry("MISSING_FIELD", 400),
          Map.entry("INVALID_FIELD", 400),
          Map.entry("INVALID_ID", 400),
          Map.entry("INVALID_CURSOR", 400),
          Map.entry("UNKNOWN_FRAME_TYPE", 400),
          Map.entry("BODY_TOO_LARGE", 413),
          Map.entry("FRAME_TOO_LARGE", 413),
          Map.entry("INVALID_USERNAME", 400),
          Map.entry("INVALID_PASSWORD", 400),
          Map.entry("INVALID_PHONE", 400),
          Map.entry("USERNAME_TAKEN", 409),
          Map.entry("INVALID_CREDENTIALS", 401),
          Map.entry("UNAUTHORIZED", 401),
          Map.entry("TOKEN_EXPIRED", 401),
          Map.entry("FORBIDDEN", 403),
          Map.entry("USER_NOT_FOUND", 404),
          Map.entry("NOT_FOUND", 404),
          Map.entry("METHOD_NOT_ALLOWED", 405),
          Map.entry("INVALID_RECIPIENT", 400),
          Map.entry("CONTENT_EMPTY", 400),
          Map.entry("CONTENT_TOO_LARGE", 413),
          Map.entry("NOT_MEMBER", 403),
          Map.entry("NOT_ADMIN", 403),
          Map.entry("GROUP_FULL", 409),
          Map.entry("INVALID_GROUP_NAME", 400),
          Map.entry("LAST_ADMIN", 409),
          Map.entry("INVITE_NOT_FOUND", 404),
          Map.entry("RATE_LIMITED", 429),
          Map.entry("UNAVAILABLE", 503),
          Map.entry("INTERNAL", 500));

  private final int httpStatus;
  private final String code;
  private final String errorMessage;
  private final Duration retryAfter;

  public ParleyException(int httpStatus, String code, String message, Duration retryAfter) {
    this(httpStatus, code, message, retryAfter, null);
  }

  public ParleyException(
      int httpStatus, String code, String message, Duration retryAfter, Throwable cause) {
    super(code + (httpStatus > 0 ? " (" + httpStatus + ")" : "") + ": " + message, cause);
    this.httpStatus = httpStatus;
    this.code = code;
    this.errorMessage = message;
    this.retryAfter = retryAfter;
  }

  /** The HTTP status, or 0 when no server answered (transport failures). */
  public int httpStatus() {
    return httpStatus;
  }

  /** The stable, machine-readable error code. */
  public String code() {
    return code;
  }

  /** The human-readable message as the server (or the SDK) wrote it. */
  public String errorMessage() {
    return errorMessage;
  }

  /** How long to wait before retrying, when the server said ({@code 429 RATE_LIMITED}). */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /** True when the same call may succeed later: rate limits, unavailability, transport trouble. */
  public boolean isRetryable() {
    return httpStatus == 0 || httpStatus == 429 || httpStatus == 503;
  }

  /** The HTTP status the catalogue gives for a code, or 0 for a code it does not know. */
  public static int statusOf(String code) {
    return CATALOGUE.getOrDefault(code, 0);
  }

  /** An error with a catalogue code, as carried by a WebSocket {@code error} frame. */
  public static ParleyException fromCode(String code, String message, Duration retryAfter) {
    return new ParleyException(statusOf(code), code, message, retryAfter);
  }

  /** Reads the error envelope of a non-2xx answer; tolerates bodies that are not the envelope. */
  public static ParleyException fromResponse(RawResponse response) {
    int status = response.status();
    String code = null;
    String message = null;
    Duration retryAfter = null;
    try {
      JsonObject error = response.json().getJsonObject("error");
      if (error != null) {
        code = error.getString("code");
        message = error.getString("message");
        Object ms = error.getValue("retry_after_ms");
        if (ms instanceof Number n) {
          retryAfter = Duration.ofMillis(n.longValue());
        }
      }
    } catch (RuntimeException notJson) {
      // fall through to the defaults below
    }
    if (retryAfter == null) {
      retryAfter = parseRetryAfter(response.header("Retry-After"));
    }
    if (code == null) {
      code = defaultCode(status);
    }
    if (message == null) {
      message = "HTTP " + status;
    }
    return new ParleyException(status, code, message, retryAfter);
  }

  /** Wraps a transport failure (connection refused, reset, timeout). */
  public static ParleyException transport(Throwable cause) {
    if (cause instanceof ParleyException p) {
      return p;
    }
    String code;
    if (cause.getClass().getSimpleName().contains("Timeout")) {
      code = TIMEOUT;
    } else if (cause instanceof HttpClosedException) {
      code = CONNECTION_CLOSED;
    } else {
      code = CONNECTION_FAILED;
    }
    return new ParleyException(0, code, String.valueOf(cause.getMessage()), null, cause);
  }

  static ParleyException closed(String message) {
    return new ParleyException(0, CONNECTION_CLOSED, message, null);
  }

  private static Duration parseRetryAfter(String header) {
    if (header == null) {
      return null;
    }
    try {
      return Duration.ofSeconds(Long.parseLong(header.trim()));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String defaultCode(int status) {
    return switch (status) {
      case 400 -> "INVALID_FIELD";
      case 401 -> "UNAUTHORIZED";
      case 403 -> "FORBIDDEN";
      case 404 -> "NOT_FOUND";
      case 405 -> "METHOD_NOT_ALLOWED";
      case 413 -> "BODY_TOO_LARGE";
      case 429 -> "RATE_LIMITED";
      case 500 -> "INTERNAL";
      case 503 -> "UNAVAILABLE";
      default -> "HTTP_" + status;
    };
  }
}
