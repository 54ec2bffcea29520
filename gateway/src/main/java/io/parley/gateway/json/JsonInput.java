package io.parley.gateway.json;

import io.parley.core.error.ErrorCode;
import io.parley.core.id.GroupId;
import io.parley.core.id.MessageId;
import io.parley.core.id.UserId;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A strict reader over one JSON object from a client. Every failure throws an {@link
 * InputException} carrying the contract's error code: {@code INVALID_JSON} (not a JSON object),
 * {@code UNKNOWN_FIELD}, {@code MISSING_FIELD}, {@code INVALID_FIELD} (wrong type) and {@code
 * INVALID_ID} (an id that is not a string of a positive 64-bit decimal number). A field set to
 * {@code null} counts as absent.
 */
public final class JsonInput {

  private final JsonObject json;

  private JsonInput(JsonObject json) {
    this.json = json;
  }

  /** Parses a body or frame that must hold exactly one JSON object. */
  public static JsonInput parse(Buffer buffer) {
    if (buffer == null || buffer.length() == 0) {
      throw new InputException(ErrorCode.INVALID_JSON, "expected a JSON object, got nothing");
    }
    Object value;
    try {
      value = Json.decodeValue(buffer);
    } catch (DecodeException | ClassCastException e) {
      throw new InputException(ErrorCode.INVALID_JSON, "malformed JSON");
    }
    if (!(value instanceof JsonObject object)) {
      throw new InputException(ErrorCode.INVALID_JSON, "expected a JSON object");
    }
    return new JsonInput(object);
  }

  /** Parses a text frame. */
  public static JsonInput parse(String text) {
    return parse(text == null ? null : Buffer.buffer(text));
  }

  /** Refuses every field not in {@code allowed} ({@code UNKNOWN_FIELD}, naming the first). */
  public JsonInput allow(Set<String> allowed) {
    for (String name : json.fieldNames()) {
      if (!allowed.contains(name)) {
        throw new InputException(ErrorCode.UNKNOWN_FIELD, "unknown field '" + name + "'");
      }
    }
    return this;
  }

  /** Whether the field is present and not null. */
  public boolean has(String name) {
    return json.getValue(name) != null;
  }

  /** A required string. */
  public String string(String name) {
    return optString(name).orElseThrow(() -> missing(name));
  }

  /** An optional string. */
  public Optional<String> optString(String name) {
    Object value = json.getValue(name);
    if (value == null) return Optional.empty();
    if (!(value instanceof String s)) throw invalid(name, "a string");
    return Optional.of(s);
  }

  /** A required boolean. */
  public boolean bool(String name) {
    Object value = json.getValue(name);
    if (value == null) throw missing(name);
    if (!(value instanceof Boolean b)) throw invalid(name, "true or false");
    return b;
  }

  /** An optional integer (no fraction, fits 64 bits). */
  public Optional<Long> optLong(String name) {
    Object value = json.getValue(name);
    if (value == null) return Optional.empty();
    if (value instanceof Integer || value instanceof Long || value instanceof Short) {
      return Optional.of(((Number) value).longValue());
    }
    if (value instanceof BigInteger) throw invalid(name, "an integer that fits 64 bits");
    throw invalid(name, "an integer");
  }

  /** A required user id. */
  public UserId userId(String name) {
    return optUserId(name).orElseThrow(() -> missing(name));
  }

  /** An optional user id. */
  public Optional<UserId> optUserId(String name) {
    return optId(name, UserId::parse);
  }

  /** An optional group id. */
  public Optional<GroupId> optGroupId(String name) {
    return optId(name, GroupId::parse);
  }

  /** A required array of message ids (its length is the caller's business). */
  public List<MessageId> messageIds(String name) {
    return idList(name, "message", MessageId::parse);
  }

  /** A required array of user ids (its length is the caller's business). */
  public List<UserId> userIds(String name) {
    return idList(name, "user", UserId::parse);
  }

  private <T> List<T> idList(String name, String kind, Function<String, Optional<T>> parser) {
    Object value = json.getValue(name);
    if (value == null) throw missing(name);
    if (!(value instanceof JsonArray array)) throw invalid(name, "an array of " + kind + " ids");
    List<T> ids = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      Object item = array.getValue(i);
      Optional<T> id = item instanceof String s ? parser.apply(s) : Optional.empty();
      if (id.isEmpty()) {
        throw new InputException(
            ErrorCode.INVALID_ID,
            name + "[" + i + "] is not a " + kind + " id (a string of digits)");
      }
      ids.add(id.get());
    }
    return ids;
  }

  private <T> Optional<T> optId(String name, Function<String, Optional<T>> parser) {
    Object value = json.getValue(name);
    if (value == null) return Optional.empty();
    Optional<T> id = value instanceof String s ? parser.apply(s) : Optional.empty();
    if (id.isEmpty()) {
      throw new InputException(
          ErrorCode.INVALID_ID, name + " must be a positive decimal number in a string");
    }
    return id;
  }

  /** The raw value of a field, for best-effort error context. */
  public Object raw(String name) {
    return json.getValue(name);
  }

  private static InputException missing(String name) {
    return new InputException(ErrorCode.MISSING_FIELD, "missing field '" + name + "'");
  }

  private static InputException invalid(String name, String expected) {
    return new InputException(ErrorCode.INVALID_FIELD, name + " must be " + expected);
  }
}
