package io.parley.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.gateway.support.Api;
import io.parley.gateway.support.Api.Reply;
import io.parley.gateway.support.Api.Session;
import io.parley.gateway.support.TestServer;
import io.parley.gateway.support.WsProbe;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GatewayGroupTest {

  private static TestServer server;
  private static Api api;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    api = server.api;
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static Reply create(Session creator, String name, Session... members) {
    JsonArray ids = new JsonArray();
    for (Session member : members) ids.add(member.userId());
    return api.post(
        "/groups/create",
        creator.token(),
        new JsonObject().put("name", name).put("member_ids", ids));
  }

  @Test
  void createdGroupHasTheDocumentedShapeAndIsVisibleToMembersOnly() {
    Session alice = server.newUser("alice");
    Session bob = server.newUser("bob");
    Session eve = server.newUser("eve");
    Reply created = create(alice, "Team", bob);
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    JsonObject group = created.json();
    String id = group.getString("group_id");
    assertThat(group.getString("name")).isEqualTo("Team");
    assertThat(group.getString("created_by")).isEqualTo(alice.userId());
    assertThat(group.getLong("created_at")).isPositive();
    assertThat(group.getJsonArray("member_ids"))
        .containsExactlyInAnyOrder(alice.userId(), bob.userId());
    JsonObject first = group.getJsonArray("members").getJsonObject(0);
    assertThat(first.fieldNames()).containsExactlyInAnyOrder("user_id", "role", "joined_at");

    assertThat(api.get("/groups/" + id, bob.token()).json().getString("name")).isEqualTo("Team");
    assertThat(api.get("/groups/" + id, eve.token()).code()).isEqualTo("NOT_FOUND");
    assertThat(api.get("/groups/x1", bob.token()).code()).isEqualTo("INVALID_ID");

    JsonObject listed =
        api.get("/groups", bob.token()).json().getJsonArray("groups").getJsonObject(0);
    assertThat(listed.getString("group_id")).isEqualTo(id);
    assertThat(listed.getString("role")).isEqualTo("member");
    assertThat(listed.getInteger("member_count")).isEqualTo(2);

    JsonObject conversation =
        api.get("/conversations", bob.token())
            .json()
            .getJsonArray("conversations")
            .getJsonObject(0);
    assertThat(conversation.getString("type")).isEqualTo("group");
    assertThat(conversation.getString("conversation_id")).isEqualTo("g-" + id);
    assertThat(conversation.getString("name")).isEqualTo("Team");
  }

  @Test
  void createRefusesBadNamesAndUnknownMembers() {
    Session alice = server.newUser("alice");
    assertThat(create(alice, "  ").code()).isEqualTo("INVALID_GROUP_NAME");
    Reply unknown =
        api.post(
            "/groups/create",
            alice.token(),
            new JsonObject().put("name", "x").put("member_ids", new JsonArray().add("987654321")));
    assertThat(unknown.code()).isEqualTo("USER_NOT_FOUND");
    Reply badId =
        api.post(
            "/groups/create",
            alice.token(),
            new JsonObject().put("name", "x").put("member_ids", new JsonArray().add(5)));
    assertThat(badId.code()).isEqualTo("INVALID_ID");
  }

  @Test
  void groupMessagesTypingAndReceiptsReachTheMembers() {
    Session alice = server.newUser("alice");
    Session bob = server.newUser("bob");
    Session carol = server.newUser("carol");
    String id = create(alice, "Trio", bob, carol).json().getString("group_id");
    WsProbe aliceWs = server.connect(alice);
    WsProbe bobWs = server.connect(bob);

    Reply sent =
        api.post(
            "/messages/send",
            alice.token(),
            new JsonObject().put("group_id", id).put("content", "hi all"));
    assertThat(sent.status()).as(sent.text()).isEqualTo(201);
    JsonObject message = sent.json();
    assertThat(message.getString("group_id")).isEqualTo(id);
    assertThat(
            bobWs
                .await(
                    "message",
                    f -> f.getJsonObject("message").getString("content").equals("hi all"))
                .getJsonObject("message")
                .getString("message_id"))
        .isEqualTo(message.getString("message_id"));

    bobWs.send(new JsonObject().put("type", "typing").put("group_id", id).put("typing", true));
    JsonObject typing = aliceWs.await("typing");
    assertThat(typing.getString("conversation_id")).isEqualTo("g-" + id);
    assertThat(typing.getString("user_id")).isEqualTo(bob.userId());

    bobWs.send(
        new JsonObject()
            .put("type", "read")
            .put("message_ids", new JsonArray().add(message.getString("message_id"))));
    JsonObject receipt =
        aliceWs.await(
            "receipt", f -> f.getString("message_id").equals(message.getString("message_id")));
    assertThat(receipt.getJsonObject("counts"))
        .isEqualTo(new JsonObject().put("recipients", 2).put("delivered", 1).put("read", 1));

    Reply detail =
        api.get("/messages/" + message.getString("message_id") + "/receipts", alice.token());
    assertThat(detail.status()).as(detail.text()).isEqualTo(200);
    assertThat(detail.json().getInteger("recipients")).isEqualTo(2);
    assertThat(detail.json().getInteger("read")).isEqualTo(1);
    assertThat(detail.json().getJsonArray("receipts")).hasSize(2);

    Session eve = server.newUser("eve");
    Reply outsider =
        api.post(
            "/messages/send",
            eve.token(),
            new JsonObject().put("group_id", id).put("content", "hey"));
    assertThat(outsider.code()).isEqualTo("NOT_MEMBER");
    aliceWs.close();
    bobWs.close();
  }

  @Test
  void adminsManageMembersRolesNamesAndInvites() {
    Session alice = server.newUser("alice");
    Session bob = server.newUser("bob");
    Session carol = server.newUser("carol");
    String id = create(alice, "Club", bob).json().getString("group_id");
    String base = "/groups/" + id;

    assertThat(api.call(HttpMethod.PATCH, base, bob.token(), "{\"name\":\"Mine\"}").code())
        .isEqualTo("NOT_ADMIN");
    Reply renamed = api.call(HttpMethod.PATCH, base, alice.token(), "{\"name\":\"Club 2\"}");
    assertThat(renamed.json().getString("name")).isEqualTo("Club 2");

    Reply added =
        api.post(
            base + "/members",
            alice.token(),
            new JsonObject().put("user_ids", new JsonArray().add(carol.userId())));
    assertThat(added.json().getJsonArray("member_ids")).contains(carol.userId());

    Reply promoted =
        api.call(
            HttpMethod.PUT,
            base + "/members/" + bob.userId() + "/role",
            alice.token(),
            "{\"role\":\"admin\"}");
    assertThat(promoted.status()).as(promoted.text()).isEqualTo(200);
    assertThat(
            api.call(
                    HttpMethod.PUT,
                    base + "/members/" + bob.userId() + "/role",
                    alice.token(),
                    "{\"role\":\"boss\"}")
                .code())
        .isEqualTo("INVALID_FIELD");

    Reply removed =
        api.call(HttpMethod.DELETE, base + "/members/" + carol.userId(), bob.token(), null);
    assertThat(removed.json().getJsonArray("member_ids")).doesNotContain(carol.userId());

    Reply invite = api.post(base + "/invites", alice.token(), "");
    assertThat(invite.status()).as(invite.text()).isEqualTo(201);
    String code = invite.json().getString("code");
    assertThat(api.get(base + "/invites", alice.token()).json().getJsonArray("invites")).hasSize(1);
    Reply joined = api.post("/invites/" + code + "/join", carol.token(), "");
    assertThat(joined.status()).as(joined.text()).isEqualTo(200);
    assertThat(joined.json().getJsonArray("member_ids")).contains(carol.userId());
    assertThat(api.call(HttpMethod.DELETE, "/invites/" + code, alice.token(), null).json())
        .isEqualTo(new JsonObject().put("revoked", true));
    assertThat(api.post("/invites/" + code + "/join", server.newUser("dave").token(), "").code())
        .isEqualTo("INVITE_NOT_FOUND");

    Reply left = api.post(base + "/leave", carol.token(), "");
    assertThat(left.json()).isEqualTo(new JsonObject().put("group_id", id).put("left", true));
    assertThat(api.get(base, carol.token()).code()).isEqualTo("NOT_FOUND");
  }
}
