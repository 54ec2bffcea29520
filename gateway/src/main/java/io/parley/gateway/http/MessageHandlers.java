package io.parley.gateway.http;

import io.parley.core.error.ErrorCode;
import io.parley.core.group.Group;
import io.parley.core.id.GroupId;
import io.parley.core.id.MessageId;
import io.parley.core.id.UserId;
import io.parley.core.message.ConversationId;
import io.parley.core.message.ConversationSummary;
import io.parley.core.message.SendResult;
import io.parley.core.ratelimit.RateLimiter;
import io.parley.gateway.Async;
import io.parley.gateway.Gateway;
import io.parley.gateway.GatewayEnv;
import io.parley.gateway.json.InputException;
import io.parley.gateway.json.JsonInput;
import io.parley.gateway.json.Requests;
import io.parley.gateway.json.Wire;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code /messages/*}, {@code /conversations*} and {@code /receipts}. */
final class MessageHandlers {

  private static final Set<String> NONE = Set.of();
  private static final Set<String> INBOX = Set.of("since", "after", "limit");
  private static final Set<String> HISTORY = Set.of("before", "limit");

  private final GatewayEnv env;
  private final Gateway.Services services;

  MessageHandlers(GatewayEnv env) {
    this.env = env;
    this.services = env.services();
  }

  void send(RoutingContext ctx) {
    UserId me = Authenticator.user(ctx);
    Query.of(ctx, NONE);
    var request = Requests.send(JsonInput.parse(ctx.body().buffer()), false);
    String ip = HttpApi.clientIp(ctx);
    // The per-IP limit is checked in the sender's lane, so that it cannot reorder their sends.
    Async.here(
            services
                .messages()
                .send(
                    me,
                    request.recipient(),
                    request.content(),
                    request.clientMsgId(),
                    () -> env.limit(RateLimiter.Scope.SEND_PER_IP, ip)))
        .onSuccess(
            result -> {
              if (result instanceof SendResult.Sent sent) {
                Responses.json(ctx, 201, Wire.message(sent.message()));
              } else if (result instanceof SendResult.Rejected rejected) {
                Responses.problem(ctx, rejected.problem());
              } else if (result instanceof SendResult.RateLimited limited) {
                Responses.rateLimited(ctx, limited.retryAfter());
              }
            })
        .onFailure(t -> Responses.failure(ctx, t));
  }

  void inbox(RoutingContext ctx) {
    UserId me = Authenticator.user(ctx);
    UserId owner = pathUser(ctx);
    Query query = Query.of(ctx, INBOX);
    long since = query.number("since", ErrorCode.INVALID_CURSOR).orElse(0L);
    String after = query.get("after").orElse(null);
    Integer limit = limit(query);
    Responses.result(
        ctx, 200, services.messages().inbox(me, owner, after, since, limit), Wire::inboxPage);
  }

  void conversations(RoutingContext ctx) {
    UserId me = Authenticator.user(ctx);
    Query.of(ctx, NONE);
    Future<List<ConversationSummary>> list = Async.here(services.messages().conversations(me));
    Future<Map<GroupId, String>> names =
        Async.here(services.groups().groupsOf(me)).map(MessageHandlers::names);
    Future.all(list, names)
        .onSuccess(
            done -> Responses.json(ctx, 200, Wire.conversations(list.result(), me, names.result())))
        .onFailure(t -> Responses.failure(ctx, t));
  }

  /** {@code GET /messages/{message_id}/receipts}: who received and read one message. */
  void receiptDetail(RoutingContext ctx) {
    UserId me = Authenticator.user(ctx);
    MessageId id =
        MessageId.parse(ctx.pathParam("message_id"))
            .orElseThrow(
                () -> new InputException(ErrorCode.INVALID_ID, "message_id must be a message id"));
    Query.of(ctx, NONE);
    Responses.result(
        ctx, 200, services.receipts().detail(me, id), list -> Wire.receiptDetail(id, list));
  }

  private static Map<GroupId, String> names(List<Group> groups) {
    Map<GroupId, String> names = new HashMap<>();
    for (Group group : groups) names.put(group.id(), group.name());
    return names;
  }

  void history(RoutingContext ctx) {
    UserId me = Authenticator.user(ctx);
    ConversationId conversation =
        ConversationId.parse(ctx.pathParam("conversation_id"))
            .orElseThrow(
                () ->
                    new InputException(
                        ErrorCode.INVALID_ID, "conversation_id must look like d-1-2 or g-3"));
    Query query = Query.of(ctx, HISTORY);
    long before = query.number("before", ErrorCode.INVALID_CURSOR).orElse(Long.MAX_VALUE);
    Integer limit = limit(query);
    Responses.result(
        ctx, 200, services.messages().history(me, conversation, before, limit), Wire::historyPage);
  }

  void receipts(RoutingContext ctx) {
    UserId me = Authenticator.user(ctx);
    Query.of(ctx, NONE);
    var request = Requests.receipts(JsonInput.parse(ctx.body().buffer()));
    Responses.result(
        ctx,
        200,
        services.receipts().acknowledge(me, request.kind(), request.ids()),
        n -> new JsonObject().put("acknowledged", n));
  }

  private static UserId pathUser(RoutingContext ctx) {
    return UserId.parse(ctx.pathParam("user_id"))
        .orElseThrow(() -> new InputException(ErrorCode.INVALID_ID, "user_id must be a user id"));
  }

  private static Integer limit(Query query) {
    return query
        .number("limit", ErrorCode.INVALID_CURSOR)
        .map(n -> (int) Math.min(n, Integer.MAX_VALUE))
        .orElse(null);
  }
}
