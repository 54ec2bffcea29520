package io.parley.client;

import static io.parley.client.HttpTransport.segment;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The group calls of docs/API.md ("Groups"), from {@link ParleyClient#groups()}. Futures fail with
 * {@link ParleyException}: {@code NOT_MEMBER}, {@code NOT_ADMIN}, {@code GROUP_FULL}, {@code
 * LAST_ADMIN}, {@code INVITE_NOT_FOUND}, {@code INVALID_GROUP_NAME}...
 *
 * <p>Sending to a group is {@link ParleyClient#send} or {@link ParleyConnection#sendToGroup}.
 */
public final class ParleyGroups {
  private final HttpTransport http;

  ParleyGroups(HttpTransport http) {
    this.http = http;
  }

  /** {@code POST /groups/create}: the creator becomes a member and admin. */
  public CompletableFuture<Group> create(
      Session session, String name, Collection<String> memberIds) {
    JsonObject body = new JsonObject().put("name", name).put("member_ids", ids(memberIds));
    return http.call(HttpMethod.POST, "/groups/create", body, session, Codec::group);
  }

  /** {@code GET /groups}: the user's groups, most recently active first. */
  public CompletableFuture<List<GroupSummary>> list(Session session) {
    return http.call(HttpMethod.GET, "/groups", null, session, Codec::groups);
  }

  /** {@code GET /groups/{group_id}}: for members only (others: 404 {@code NOT_FOUND}). */
  public CompletableFuture<Group> get(Session session, String groupId) {
    return http.call(HttpMethod.GET, path(groupId), null, session, Codec::group);
  }

  /** {@code PATCH /groups/{group_id}}: rename (admins). */
  public CompletableFuture<Group> rename(Session session, String groupId, String name) {
    return http.call(
        HttpMethod.PATCH, path(groupId), new JsonObject().put("name", name), session, Codec::group);
  }

  /**
   * {@code POST /groups/{group_id}/members}: add members (admins); members already in are skipped.
   */
  public CompletableFuture<Group> addMembers(
      Session session, String groupId, Collection<String> userIds) {
    return http.call(
        HttpMethod.POST,
        path(groupId) + "/members",
        new JsonObject().put("user_ids", ids(userIds)),
        session,
        Codec::group);
  }

  /** {@code DELETE /groups/{group_id}/members/{user_id}}: remove a member (admins). */
  public CompletableFuture<Group> removeMember(Session session, String groupId, String userId) {
    return http.call(
        HttpMethod.DELETE,
        path(groupId) + "/members/" + segment(userId),
        null,
        session,
        Codec::group);
  }

  /** {@code POST /groups/{group_id}/leave}. */
  public CompletableFuture<Void> leave(Session session, String groupId) {
    return http.call(HttpMethod.POST, path(groupId) + "/leave", null, session, json -> null);
  }

  /**
   * {@code PUT /groups/{group_id}/members/{user_id}/role}: promote or demote (admins).
   *
   * @param role {@code admin} or {@code member}
   */
  public CompletableFuture<Group> setRole(
      Session session, String groupId, String userId, String role) {
    return http.call(
        HttpMethod.PUT,
        path(groupId) + "/members/" + segment(userId) + "/role",
        new JsonObject().put("role", role),
        session,
        Codec::group);
  }

  /** {@code POST /groups/{group_id}/invites}: a new invite code (admins). */
  public CompletableFuture<Invite> createInvite(Session session, String groupId) {
    return http.call(HttpMethod.POST, path(groupId) + "/invites", null, session, Codec::invite);
  }

  /** {@code GET /groups/{group_id}/invites}: the group's invite codes (admins). */
  public CompletableFuture<List<Invite>> invites(Session session, String groupId) {
    return http.call(HttpMethod.GET, path(groupId) + "/invites", null, session, Codec::invites);
  }

  /** {@code DELETE /invites/{code}}: revoke (admins of its group). */
  public CompletableFuture<Void> revokeInvite(Session session, String code) {
    return http.call(HttpMethod.DELETE, "/invites/" + segment(code), null, session, json -> null);
  }

  /** {@code POST /invites/{code}/join}: join the code's group. */
  public CompletableFuture<Group> join(Session session, String code) {
    return http.call(
        HttpMethod.POST, "/invites/" + segment(code) + "/join", null, session, Codec::group);
  }

  private static String path(String groupId) {
    return "/groups/" + segment(groupId);
  }

  private static JsonArray ids(Collection<String> ids) {
    return new JsonArray(new ArrayList<Object>(ids));
  }
}
