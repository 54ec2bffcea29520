package io.parley.gateway.http;

import io.parley.core.error.ErrorCode;
import io.parley.gateway.json.InputException;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Strict query-string access: unknown parameters are refused like unknown JSON fields. */
final class Query {

  private final MultiMap params;

  private Query(MultiMap params) {
    this.params = params;
  }

  /**
   * The request's query parameters, refusing any not in {@code allowed} ({@code UNKNOWN_FIELD}).
   */
  static Query of(RoutingContext ctx, Set<String> allowed) {
    MultiMap params = ctx.queryParams();
    for (String name : params.names()) {
      if (!allowed.contains(name)) {
        throw new InputException(ErrorCode.UNKNOWN_FIELD, "unknown query parameter '" + name + "'");
      }
    }
    return new Query(params);
  }

  /** A parameter given at most once. */
  Optional<String> get(String name) {
    List<String> values = params.getAll(name);
    if (values.isEmpty()) return Optional.empty();
    if (values.size() > 1) {
      throw new InputException(ErrorCode.INVALID_FIELD, "query parameter '" + name + "' repeated");
    }
    return Optional.of(values.get(0));
  }

  /** A non-negative decimal number; anything else is {@code code}. */
  Optional<Long> number(String name, ErrorCode code) {
    Optional<String> text = get(name);
    if (text.isEmpty()) return Optional.empty();
    String s = text.get();
    if (s.isEmpty() || s.length() > 19 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new InputException(code, name + " must be a non-negative decimal number");
    }
    try {
      return Optional.of(Long.parseLong(s));
    } catch (NumberFormatException overflow) {
      throw new InputException(code, name + " is too large");
    }
  }
}
