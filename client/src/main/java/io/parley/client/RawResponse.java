package io.parley.client;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;

/**
 * An HTTP answer exactly as received, from {@link ParleyClient#rawRequest}.
 *
 * @param headers case-insensitive
 */
public record RawResponse(int status, MultiMap headers, String body) {
  /** The header's first value, or null. */
  public String header(String name) {
    return headers.get(name);
  }

  /** The body parsed as a JSON object; throws {@link io.vertx.core.json.DecodeException}. */
  public JsonObject json() {
    return new JsonObject(body);
  }

  /** The stable error code of an error answer, or null. */
  public String errorCode() {
    try {
      JsonObject error = json().getJsonObject("error");
      return error == null ? null : error.getString("code");
    } catch (RuntimeException e) {
      return null;
    }
  }
}
