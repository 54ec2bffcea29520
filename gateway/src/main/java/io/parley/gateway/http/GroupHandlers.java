package io.parley.gateway.http;

import io.parley.core.error.ErrorCode;
import io.parley.core.group.Group;
import io.parley.core.group.GroupService;
import io.parley.core.id.GroupId;
import io.parley.core.id.UserId;
import io.parley.core.message.ConversationId;
import io.parley.core.message.ConversationSummary;
import io.parley.gateway.Async;
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

/** {@code /groups*} and {@code /invites*}. */
final class GroupHandlers {

  private static final Set<String> NONE = Set.of();

  private final GatewayEnv env;

  GroupHandlers(GatewayEnv env) {
    this.env = env;
  }

  void create(RoutingContext ctx) {
    UserId me = Authenticator.user(ctx);
    Query.of(ctx, NONE);
    var request = Requests.createGroup(JsonInput.parse(ctx.body().buffer()));
    Responses.result(
        ctx, 201, groups().create(me, request.name(), request.memberIds()), Wire::group);
  }

  void list(RoutingContext ctx) {
    UserId me = Authenticator.user(ctx);
    Query.of(ctx, NONE);
    GroupService groups = groups();
    Future<List<Group>> mine = Async.here(groups.groupsOf(me));
    Future<List<ConversationSummary>> summaries =
        Async.here(env.services().messages().conversations(me));
    Future.all(mine, summaries)
        .onSuccess(
            done -> {
              Map<GroupId, ConversationSummary> byGroup = new HashMap<>();
              for (ConversationSummary summary : summaries.result()) {
                if (summary.conversation() instanceof ConversationId.Group g) {
                  byGroup.put(g.id(), summary);
                }
              }
              Responses.json(ctx, 200, Wire.groupList(mine.result(), me, byGroup));
            })
        .onFailure(t -> Responses.failure(ctx, t));
  }

  void get(RoutingContext ctx) {
    UserId me = Authenticator.user(ctx);
    Query.of(ctx, NONE);
    Responses.result(ctx, 200, groups().get(me, groupId(ctx)), Wire::group);
  }

  void rename(RoutingContext ctx) {
    UserId me = Authenticator.user(ctx);
    GroupId id = groupId(ctx);
    Query.of(ctx, NONE);
    String name = Requests.renameGroup(JsonInput.parse(ctx.body().buffer()));
    Responses.result(ctx, 200, groups().rename(me, id, name), Wire::group);
  }

  void addMembers(RoutingContext ctx) {
    UserId me = Authenticator.user(ctx);
    GroupId id = groupId(ctx);
    Query.of(ctx, NONE);
    var users = Requests.addMembers(JsonInput.parse(ctx.body().buffer()));
    Responses.result(ctx, 200, groups().add(me, id, users), Wire::group);
  }

  void removeMember(RoutingContext ctx) {
    UserId me = Authenticator.user(ctx);
    GroupId id = groupId(ctx);
    UserId member = userId(ctx);
    Query.of(ctx, NONE);
    Responses.result(ctx, 200, groups().remove(me, id, member), Wire::group);
  }

  void leave(RoutingContext ctx) {
    UserId me = Authenticator.user(ctx);
    GroupId id = groupId(ctx);
    Query.of(ctx, NONE);
    Responses.result(
        ctx,
        200,
        groups().leave(me, id),
        group -> new JsonObject().put("group_id", id.toString()).put("left", true));
  }

  void setRole(RoutingContext ctx) {
    UserId me = Authenticator.user(ctx);
    GroupId id = groupId(ctx);
    UserId member = userId(ctx);
    Query.of(ctx, NONE);
    var role = Requests.role(JsonInput.parse(ctx.body().buffer()));
    Responses.result(ctx, 200, groups().setRole(me, id, member, role), Wire::group);
  }

  void createInvite(RoutingContext ctx) {
    UserId me = Authenticator.user(ctx);
    GroupId id = groupId(ctx);
    Query.of(ctx, NONE);
    Responses.result(ctx, 201, groups().createInvite(me, id), Wire::invite);
  }

  void invites(RoutingContext ctx) {
    UserId me = Authenticator.user(ctx);
    GroupId id = groupId(ctx);
    Query.of(ctx, NONE);
    Responses.result(ctx, 200, groups().invites(me, id), Wire::invites);
  }

  void revokeInvite(RoutingContext ctx) {
    UserId me = Authenticator.user(ctx);
    Query.of(ctx, NONE);
    Responses.result(
        ctx,
        200,
        groups().revokeInvite(me, ctx.pathParam("code")),
        ignored -> new JsonObject().put("revoked", true));
  }

  void join(RoutingContext ctx) {
    UserId me = Authenticator.user(ctx);
    Query.of(ctx, NONE);
    Responses.result(ctx, 200, groups().join(me, ctx.pathParam("code")), Wire::group);
  }

  private GroupService groups() {
    return env.services().groups();
  }

  private static GroupId groupId(RoutingContext ctx) {
    return GroupId.parse(ctx.pathParam("group_id"))
        .orElseThrow(() -> new InputException(ErrorCode.INVALID_ID, "group_id must be a group id"));
  }

  private static UserId userId(RoutingContext ctx) {
    return UserId.parse(ctx.pathParam("user_id"))
        .orElseThrow(() -> new InputException(ErrorCode.INVALID_ID, "user_id must be a user id"));
  }
}
