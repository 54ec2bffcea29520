package io.parley.gateway.http;

import io.parley.gateway.GatewayEnv;
import io.parley.gateway.json.InputException;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The HTTP routes of docs/API.md on a vertx-web {@link Router}. Every error, including unknown
 * paths (404), wrong methods (405) and oversized bodies (413), is answered in the JSON envelope.
 */
public final class HttpApi {

  /** Classpath folder of the web client, served at {@code /} when present. */
  public static final String WEB_ROOT = "web";

  /** The web client's paths: the index, top-level assets and its js/ modules. */
  private static final String WEB_FILES =
      "^/(|index\\.html|[A-Za-z0-9_.-]+\\.(js|css|svg|png|ico|webmanifest)|js/[A-Za-z0-9_./-]+\\.js)$";

  private static final String PLACEHOLDER =
      "<!doctype html><html><head><meta charset=\"utf-8\"><title>Parley</title></head>"
          + "<body><h1>Parley</h1><p>The server is running. See docs/API.md for the HTTP and "
          + "WebSocket API.</p></body></html>";

  private HttpApi() {}

  /**
   * The router of one server instance.
   *
   * @param webSocketUpgrade handles {@code GET /ws} (authenticates, then upgrades)
   */
  public static Router router(
      Vertx vertx, GatewayEnv env, Handler<RoutingContext> webSocketUpgrade) {
    Router router = Router.router(vertx);
    BodyHandler body =
        BodyHandler.create(false)
            .setBodyLimit(env.config().maxBodyBytes())
            .setPreallocateBodyBuffer(false);
    Authenticator auth = new Authenticator(env.tokens());
    AccountHandlers accounts = new AccountHandlers(env);
    MessageHandlers messages = new MessageHandlers(env);

    router.get("/health").handler(ctx -> health(ctx, env));
    router.get("/metrics").handler(ctx -> metrics(ctx, env));
    router.post("/auth/register").handler(body).handler(guard(accounts::register));
    router.post("/auth/login").handler(body).handler(guard(accounts::login));
    router.get("/users/me").handler(auth).handler(guard(accounts::me));
    router.get("/users/:user_id").handler(auth).handler(guard(accounts::byId));
    router.get("/users").handler(auth).handler(guard(accounts::byUsername));
    router.post("/messages/send").handler(body).handler(auth).handler(guard(messages::send));
    router.get("/messages/:user_id").handler(auth).handler(guard(messages::inbox));
    router.get("/conversations").handler(auth).handler(guard(messages::conversations));
    router
        .get("/conversations/:conversation_id/messages")
        .handler(auth)
        .handler(guard(messages::history));
    router.post("/receipts").handler(body).handler(auth).handler(guard(messages::receipts));
    router
        .get("/messages/:message_id/receipts")
        .handler(auth)
        .handler(guard(messages::receiptDetail));
    groupRoutes(router, body, auth, new GroupHandlers(env));
    router.get("/ws").handler(guard(webSocketUpgrade));
    staticFiles(router);

    for (int status : new int[] {400, 401, 403, 404, 405, 406, 413, 415, 500, 501, 503}) {
      router.errorHandler(status, Responses::routerError);
    }
    return router;
  }

  private static void groupRoutes(
      Router router, BodyHandler body, Authenticator auth, GroupHandlers groups) {
    router.post("/groups/create").handler(body).handler(auth).handler(guard(groups::create));
    router.get("/groups").handler(auth).handler(guard(groups::list));
    router.get("/groups/:group_id").handler(auth).handler(guard(groups::get));
    router.patch("/groups/:group_id").handler(body).handler(auth).handler(guard(groups::rename));
    router
        .post("/groups/:group_id/members")
        .handler(body)
        .handler(auth)
        .handler(guard(groups::addMembers));
    router
        .delete("/groups/:group_id/members/:user_id")
        .handler(auth)
        .handler(guard(groups::removeMember));
    router.post("/groups/:group_id/leave").handler(auth).handler(guard(groups::leave));
    router
        .put("/groups/:group_id/members/:user_id/role")
        .handler(body)
        .handler(auth)
        .handler(guard(groups::setRole));
    router.post("/groups/:group_id/invites").handler(auth).handler(guard(groups::createInvite));
    router.get("/groups/:group_id/invites").handler(auth).handler(guard(groups::invites));
    router.delete("/invites/:code").handler(auth).handler(guard(groups::revokeInvite));
    router.post("/invites/:code/join").handler(auth).handler(guard(groups::join));
  }

  /** The client's IP address, the key of the per-IP rate limits. */
  public static String clientIp(RoutingContext ctx) {
    SocketAddress address = ctx.request().remoteAddress();
    return address == null ? "unknown" : address.hostAddress();
  }

  /** Turns bad input and bugs thrown by a handler into error answers. */
  static Handler<RoutingContext> guard(Handler<RoutingContext> handler) {
    return ctx -> {
      try {
        handler.handle(ctx);
      } catch (InputException bad) {
        Responses.problem(ctx, bad.problem());
      } catch (RuntimeException bug) {
        Responses.failure(ctx, bug);
      }
    };
  }

  private static void health(RoutingContext ctx, GatewayEnv env) {
    if (env.draining()) {
      Responses.json(ctx, 503, new JsonObject().put("status", "draining"));
    } else {
      Responses.json(ctx, 200, new JsonObject().put("status", "ok"));
    }
  }

  private static void metrics(RoutingContext ctx, GatewayEnv env) {
    ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")
        .end(env.registry().scrape());
  }

  private static void staticFiles(Router router) {
    ClassLoader loader = HttpApi.class.getClassLoader();
    if (loader.getResource(WEB_ROOT + "/index.html") != null) {
      // The client's modules are not fingerprinted: browsers must revalidate them (a 304 when
      // unchanged), or an upgraded server keeps serving them yesterday's (StaticHandler's default
      // is "public, immutable, max-age=86400").
      // Only GET and HEAD of the client's own files: any other method or path stays with the API
      // routes, so a wrong method on an API path is still 405 and an unknown path 404.
      router
          .routeWithRegex(WEB_FILES)
          .method(HttpMethod.GET)
          .method(HttpMethod.HEAD)
          .handler(
              ctx -> {
                ctx.addHeadersEndHandler(
                    v -> ctx.response().headers().set(HttpHeaders.CACHE_CONTROL, "no-cache"));
                ctx.next();
              })
          .handler(StaticHandler.create(WEB_ROOT).setIndexPage("index.html"));
    } else {
      router
          .get("/")
          .handler(
              ctx ->
                  ctx.response()
                      .putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
                      .end(PLACEHOLDER));
    }
  }
}
