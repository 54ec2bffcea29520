package io.parley.gateway.http;

import io.parley.core.error.ErrorCode;
import io.parley.core.error.Problem;
import io.parley.core.id.UserId;
import io.parley.gateway.auth.JwtTokens;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * Requires {@code Authorization: Bearer <token>}: 401 {@code UNAUTHORIZED} without a valid token,
 * 401 {@code TOKEN_EXPIRED} for an expired one; otherwise the user is available to later handlers
 * through {@link #user(RoutingContext)}.
 */
final class Authenticator implements Handler<RoutingContext> {

  private static final String USER_KEY = "parley.user";
  private static final String BEARER = "Bearer ";

  private final JwtTokens tokens;

  Authenticator(JwtTokens tokens) {
    this.tokens = tokens;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (header == null
        || header.length() <= BEARER.length()
        || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      Responses.problem(ctx, Problem.of(ErrorCode.UNAUTHORIZED, "a bearer token is required"));
      return;
    }
    tokens
        .verify(header.substring(BEARER.length()).trim())
        .onSuccess(
            check -> {
              if (check instanceof JwtTokens.Check.Valid valid) {
                ctx.put(USER_KEY, valid.user());
                ctx.next();
              } else if (check instanceof JwtTokens.Check.Expired) {
                Responses.problem(ctx, Problem.of(ErrorCode.TOKEN_EXPIRED));
              } else {
                Responses.problem(ctx, Problem.of(ErrorCode.UNAUTHORIZED, "invalid token"));
              }
            })
        .onFailure(ctx::fail);
  }

  /** The authenticated user of a request that passed this handler. */
  static UserId user(RoutingContext ctx) {
    UserId user = ctx.get(USER_KEY);
    if (user == null) throw new IllegalStateException("route is not authenticated");
    return user;
  }
}
