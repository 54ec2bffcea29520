package io.parley.gateway.http;

import io.parley.core.account.Account;
import io.parley.core.account.AccountRules;
import io.parley.core.account.AccountService;
import io.parley.core.account.User;
import io.parley.core.error.ErrorCode;
import io.parley.core.error.Problem;
import io.parley.core.id.UserId;
import io.parley.core.ratelimit.RateLimiter;
import io.parley.gateway.Async;
import io.parley.gateway.Gateway;
import io.parley.gateway.GatewayEnv;
import io.parley.gateway.auth.JwtTokens;
import io.parley.gateway.json.InputException;
import io.parley.gateway.json.JsonInput;
import io.parley.gateway.json.Requests;
import io.parley.gateway.json.Wire;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.Set;

/** {@code /auth/*} and {@code /users*}. */
final class AccountHandlers {

  private static final Set<String> NONE = Set.of();
  private static final Set<String> BY_USERNAME = Set.of("username");

  private final GatewayEnv env;
  private final Gateway.Services services;

  AccountHandlers(GatewayEnv env) {
    this.env = env;
    this.services = env.services();
  }

  void register(RoutingContext ctx) {
    afterAuthLimit(ctx, this::registerNow);
  }

  private void registerNow(RoutingContext ctx) {
    Query.of(ctx, NONE);
    var request = Requests.register(JsonInput.parse(ctx.body().buffer()));
    Async.here(
            services.accounts().register(request.username(), request.password(), request.phone()))
        .onSuccess(
            result -> {
              if (result instanceof AccountService.RegisterResult.Registered registered) {
                Responses.json(ctx, 201, Wire.registered(registered.user()));
              } else if (result instanceof AccountService.RegisterResult.Rejected rejected) {
                Responses.problem(ctx, rejected.problem());
              }
            })
        .onFailure(t -> Responses.failure(ctx, t));
  }

  void login(RoutingContext ctx) {
    afterAuthLimit(ctx, this::loginNow);
  }

  private void loginNow(RoutingContext ctx) {
    Query.of(ctx, NONE);
    var request = Requests.login(JsonInput.parse(ctx.body().buffer()));
    Async.here(services.accounts().login(request.username(), request.password()))
        .onSuccess(
            result -> {
              if (result instanceof AccountService.LoginResult.Authenticated ok) {
                JwtTokens.Issued issued = env.tokens().issue(ok.user().id());
                Responses.json(
                    ctx, 200, Wire.loggedIn(issued.token(), ok.user().id(), issued.expiresAt()));
              } else {
                Responses.problem(ctx, Problem.of(ErrorCode.INVALID_CREDENTIALS));
              }
            })
        .onFailure(t -> Responses.failure(ctx, t));
  }

  void me(RoutingContext ctx) {
    Query.of(ctx, NONE);
    lookup(ctx, Async.here(services.users().findById(Authenticator.user(ctx))));
  }

  void byId(RoutingContext ctx) {
    Query.of(ctx, NONE);
    UserId id =
        UserId.parse(ctx.pathParam("user_id"))
            .orElseThrow(
                () -> new InputException(ErrorCode.INVALID_ID, "user_id must be a user id"));
    lookup(ctx, Async.here(services.users().findById(id)));
  }

  void byUsername(RoutingContext ctx) {
    String username =
        Query.of(ctx, BY_USERNAME)
            .get("username")
            .orElseThrow(
                () ->
                    new InputException(
                        ErrorCode.MISSING_FIELD, "missing query parameter 'username'"));
    if (AccountRules.checkUsername(username).isPresent()) {
      lookup(ctx, Future.succeededFuture(Optional.empty()));
      return;
    }
    lookup(
        ctx,
        Async.here(services.users().findByUsername(username))
            .map(found -> found.map(Account::user)));
  }

  private void lookup(RoutingContext ctx, Future<Optional<User>> found) {
    found
        .compose(user -> user.isEmpty() ? Future.succeededFuture(null) : describe(user.get()))
        .onSuccess(
            json -> {
              if (json == null) {
                Responses.problem(ctx, Problem.of(ErrorCode.USER_NOT_FOUND));
              } else {
                Responses.json(ctx, 200, json);
              }
            })
        .onFailure(t -> Responses.failure(ctx, t));
  }

  /** The User object: the account plus its presence. */
  private Future<JsonObject> describe(User user) {
    return Async.here(services.presence().presenceOf(Set.of(user.id())))
        .map(
            presence ->
                presence.isEmpty()
                    ? Wire.user(user, false, user.lastSeen())
                    : Wire.user(user, presence.get(0).online(), presence.get(0).lastSeen()));
  }

  /**
   * Takes an {@code AUTH_PER_IP} token, then answers 429 or goes on with {@code next} on the
   * request's event loop. The limit comes first, before the request is even read, as it always has:
   * a client over its limit learns nothing else.
   */
  private void afterAuthLimit(RoutingContext ctx, Handler<RoutingContext> next) {
    Async.here(env.limit(RateLimiter.Scope.AUTH_PER_IP, HttpApi.clientIp(ctx)))
        .onSuccess(
            wait -> {
              if (wait.isPresent()) {
                Responses.rateLimited(ctx, wait.get());
              } else {
                HttpApi.guard(next).handle(ctx);
              }
            })
        .onFailure(t -> Responses.failure(ctx, t));
  }
}
