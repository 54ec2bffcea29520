package io.parley.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP side of the SDK against a stub server that answers canned JSON on real sockets. */
class HttpApiTest {
  /** What the stub saw of one request. */
  record Seen(String method, String uri, String authorization, String contentType, String body) {
    JsonObject json() {
      return new JsonObject(body);
    }
  }

  private record Answer(int status, String body, Map<String, String> headers) {}

  private Vertx vertx;
  private StubServer stub;
  private ParleyClient client;
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();
  private final BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
  private final Session session = new Session("tok-1", "7", Long.MAX_VALUE);

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    stub = StubServer.start(vertx);
    stub.http = this::answer;
    client = ParleyClient.create(new ParleyClientOptions().baseUri(stub.baseUri()).vertx(vertx));
  }

  @AfterEach
  void stop() {
    client.close();
    stub.close();
    vertx.close().await();
  }

  private void answer(HttpServerRequest request) {
    request
        .body()
        .onSuccess(
            body -> {
              seen.add(
                  new Seen(
                      request.method().name(),
                      request.uri(),
                      request.getHeader("Authorization"),
                      request.getHeader("Content-Type"),
                      body.toString()));
              Answer a = answers.get(request.method().name() + " " + request.path());
              if (a == null) {
                if (request.path().equals("/slow")) {
                  return; // never answers
                }
                a =
                    new Answer(
                        404,
                        "{\"error\":{\"code\":\"NOT_FOUND\",\"message\":\"no route\"}}",
                        Map.of());
              }
              a.headers().forEach(request.response()::putHeader);
              request.response().setStatusCode(a.status()).end(a.body());
            });
  }

  private void on(String route, int status, String body) {
    answers.put(route, new Answer(status, body, Map.of()));
  }

  private Seen request() throws InterruptedException {
    Seen s = seen.poll(10, TimeUnit.SECONDS);
    assertThat(s).as("a request reached the server").isNotNull();
    return s;
  }

  private static <T> T get(CompletableFuture<T> future) throws Exception {
    return future.get(10, TimeUnit.SECONDS);
  }

  private static ParleyException failure(CompletableFuture<?> future) throws Exception {
    try {
      future.get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(ParleyException.class);
      return (ParleyException) e.getCause();
    }
    throw new AssertionError("expected the future to fail");
  }

  private static final String MESSAGE =
      "{\"message_id\":\"11\",\"conversation_id\":\"d-7-9\",\"seq\":1,\"sender_id\":\"7\","
          + "\"receiver_id\":\"9\",\"content\":\"hi\",\"timestamp\":5,\"status\":\"sent\",\"client_msg_id\":\"k\"}";

  @Test
  void registerSendsTheContractBodyAndReadsTheAnswer() throws Exception {
    on("POST /auth/register", 201, "{\"user_id\":\"8410296104\",\"username\":\"alice\"}");
    Registration r = get(client.register("alice", "correct-horse", "+14155550123"));
    assertThat(r).isEqualTo(new Registration("8410296104", "alice"));
    Seen s = request();
    assertThat(s.contentType()).isEqualTo("application/json");
    assertThat(s.authorization()).isNull();
    assertThat(s.json())
        .isEqualTo(
            new JsonObject()
                .put("username", "alice")
                .put("password", "correct-horse")
                .put("phone", "+14155550123"));
    get(client.register("bob", "correct-horse"));
    assertThat(request().json().fieldNames()).containsExactlyInAnyOrder("username", "password");
  }

  @Test
  void loginGivesASession() throws Exception {
    on(
        "POST /auth/login",
        200,
        "{\"token\":\"jwt\",\"user_id\":\"7\",\"expires_at\":1764316800000}");
    assertThat(get(client.login("alice", "pw"))).isEqualTo(new Session("jwt", "7", 1764316800000L));
  }

  @Test
  void userLookupsSendTheBearerToken() throws Exception {
    String user = "{\"user_id\":\"9\",\"username\":\"bob smith\",\"online\":true,\"last_seen\":0}";
    on("GET /users/me", 200, user);
    on("GET /users/9", 200, user);
    on("GET /users", 200, user);
    User expected = new User("9", "bob smith", true, 0);
    assertThat(get(client.me(session))).isEqualTo(expected);
    assertThat(request().authorization()).isEqualTo("Bearer tok-1");
    assertThat(get(client.user(session, "9"))).isEqualTo(expected);
    assertThat(request().uri()).isEqualTo("/users/9");
    assertThat(get(client.userByUsername(session, "bob smith"))).isEqualTo(expected);
    assertThat(request().uri()).isEqualTo("/users?username=bob+smith");
  }

  @Test
  void sendPostsTheMessageAndReturnsTheStoredOne() throws Exception {
    on("POST /messages/send", 201, MESSAGE);
    Message m = get(client.send(session, SendRequest.toUser("9", "hi").withClientMsgId("k")));
    assertThat(m.messageId()).isEqualTo("11");
    assertThat(m.clientMsgId()).isEqualTo("k");
    assertThat(request().json())
        .isEqualTo(
            new JsonObject()
                .put("receiver_id", "9")
                .put("content", "hi")
                .put("client_msg_id", "k"));
    get(client.send(session, SendRequest.toGroup("3", "all")));
    assertThat(request().json())
        .isEqualTo(new JsonObject().put("group_id", "3").put("content", "all"));
  }

  @Test
  void historyPassesItsQueryAndReadsThePage() throws Exception {
    on(
        "GET /messages/7",
        200,
        "{\"messages\":[" + MESSAGE + "],\"next_cursor\":\"c1\",\"has_more\":true}");
    Page page = get(client.history(session, "7", new HistoryQuery(5L, "c0", 10)));
    assertThat(page.nextCursor()).isEqualTo("c1");
    assertThat(page.hasMore()).isTrue();
    assertThat(page.messages()).extracting(Message::messageId).containsExactly("11");
    assertThat(request().uri()).isEqualTo("/messages/7?since=5&after=c0&limit=10");
    get(client.history(session, "7", HistoryQuery.FIRST));
    assertThat(request().uri()).isEqualTo("/messages/7");
  }

  @Test
  void conversationsAndScrollBackAreRead() throws Exception {
    on(
        "GET /conversations",
        200,
        "{\"conversations\":[{\"conversation_id\":\"d-7-9\",\"type\":\"direct\",\"peer_id\":\"9\","
            + "\"last_message\":"
            + MESSAGE
            + ",\"unread_count\":2,\"last_activity\":5}]}");
    on(
        "GET /conversations/d-7-9/messages",
        200,
        "{\"messages\":[" + MESSAGE + "],\"next_before\":null,\"has_more\":false}");
    List<ConversationSummary> list = get(client.conversations(session));
    assertThat(list).hasSize(1);
    assertThat(list.get(0).unreadCount()).isEqualTo(2);
    assertThat(list.get(0).lastMessage().content()).isEqualTo("hi");
    request();
    ConversationPage page = get(client.conversationMessages(session, "d-7-9", "41", 20));
    assertThat(page.nextBefore()).isNull();
    assertThat(page.hasMore()).isFalse();
    assertThat(request().uri()).isEqualTo("/conversations/d-7-9/messages?before=41&limit=20");
  }

  @Test
  void receiptsAreSentAndReceiptDetailsRead() throws Exception {
    on("POST /receipts", 200, "{\"acknowledged\":2}");
    on(
        "GET /messages/5/receipts",
        200,
        "{\"message_id\":\"5\",\"receipts\":[{\"user_id\":\"9\",\"status\":\"delivered\"}],"
            + "\"recipients\":1,\"delivered\":1,\"read\":0}");
    assertThat(get(client.receipts(session, ReceiptType.READ, List.of("1", "2")))).isEqualTo(2);
    assertThat(request().json())
        .isEqualTo(
            new JsonObject()
                .put("type", "read")
                .put("message_ids", new JsonArray().add("1").add("2")));
    MessageReceipts detail = get(client.messageReceipts(session, "5"));
    assertThat(detail.counts()).isEqualTo(new ReceiptCounts(1, 1, 0));
    assertThat(detail.receipts()).containsExactly(new MessageReceipts.Member("9", "delivered"));
  }

  private static final String GROUP =
      "{\"group_id\":\"3\",\"name\":\"team\",\"created_by\":\"7\",\"created_at\":1,"
          + "\"member_ids\":[\"7\",\"9\"],\"members\":[{\"user_id\":\"7\",\"role\":\"admin\",\"joined_at\":1},"
          + "{\"user_id\":\"9\",\"role\":\"member\",\"joined_at\":1}]}";

  @Test
  void groupCallsUseTheDocumentedPathsAndBodies() throws Exception {
    on("POST /groups/create", 201, GROUP);
    on("GET /groups", 200, "{\"groups\":[]}");
    on("GET /groups/3", 200, GROUP);
    on("PATCH /groups/3", 200, GROUP);
    on("POST /groups/3/members", 200, GROUP);
    on("DELETE /groups/3/members/9", 200, GROUP);
    on("POST /groups/3/leave", 200, "{\"group_id\":\"3\",\"left\":true}");
    on("PUT /groups/3/members/9/role", 200, GROUP);
    on(
        "POST /groups/3/invites",
        201,
        "{\"code\":\"x1\",\"group_id\":\"3\",\"created_by\":\"7\",\"created_at\":2}");
    on("GET /groups/3/invites", 200, "{\"invites\":[]}");
    on("DELETE /invites/x1", 200, "{\"revoked\":true}");
    on("POST /invites/x1/join", 200, GROUP);
    ParleyGroups groups = client.groups();

    Group created = get(groups.create(session, "team", List.of("9")));
    assertThat(created.memberIds()).containsExactly("7", "9");
    assertThat(created.roleOf("7")).isEqualTo("admin");
    assertThat(request().json())
        .isEqualTo(
            new JsonObject().put("name", "team").put("member_ids", new JsonArray().add("9")));
    assertThat(get(groups.list(session))).isEmpty();
    request();
    assertThat(get(groups.get(session, "3")).groupId()).isEqualTo("3");
    request();
    get(groups.rename(session, "3", "crew"));
    assertThat(request().json()).isEqualTo(new JsonObject().put("name", "crew"));
    get(groups.addMembers(session, "3", List.of("9")));
    assertThat(request().json())
        .isEqualTo(new JsonObject().put("user_ids", new JsonArray().add("9")));
    get(groups.removeMember(session, "3", "9"));
    assertThat(request().method()).isEqualTo("DELETE");
    get(groups.leave(session, "3"));
    assertThat(request().uri()).isEqualTo("/groups/3/leave");
    get(groups.setRole(session, "3", "9", "admin"));
    assertThat(request().json()).isEqualTo(new JsonObject().put("role", "admin"));
    assertThat(get(groups.createInvite(session, "3"))).isEqualTo(new Invite("x1", "3", "7", 2));
    request();
    assertThat(get(groups.invites(session, "3"))).isEmpty();
    request();
    get(groups.revokeInvite(session, "x1"));
    assertThat(request().method()).isEqualTo("DELETE");
    assertThat(get(groups.join(session, "x1")).name()).isEqualTo("team");
    assertThat(request().uri()).isEqualTo("/invites/x1/join");
  }

  @Test
  void groupErrorsKeepTheirCodes() throws Exception {
    on("POST /groups/3/members", 409, "{\"error\":{\"code\":\"GROUP_FULL\",\"message\":\"full\"}}");
    ParleyException e = failure(client.groups().addMembers(session, "3", List.of("9")));
    assertThat(e.code()).isEqualTo("GROUP_FULL");
    assertThat(e.httpStatus()).isEqualTo(409);
  }

  @Test
  void anErrorAnswerFailsWithItsStatusAndCode() throws Exception {
    on("GET /users/5", 404, "{\"error\":{\"code\":\"USER_NOT_FOUND\",\"message\":\"no user 5\"}}");
    ParleyException e = failure(client.user(session, "5"));
    assertThat(e.httpStatus()).isEqualTo(404);
    assertThat(e.code()).isEqualTo("USER_NOT_FOUND");
    assertThat(e.errorMessage()).isEqualTo("no user 5");
  }

  @Test
  void aRateLimitCarriesRetryAfter() throws Exception {
    answers.put(
        "POST /messages/send",
        new Answer(
            429,
            "{\"error\":{\"code\":\"RATE_LIMITED\",\"message\":\"slow"
                + " down\",\"retry_after_ms\":1500}}",
            Map.of("Retry-After", "2")));
    ParleyException e = failure(client.send(session, SendRequest.toUser("9", "x")));
    assertThat(e.httpStatus()).isEqualTo(429);
    assertThat(e.retryAfter()).contains(Duration.ofMillis(1500));
  }

  @Test
  void anUnreadableSuccessIsABadResponse() throws Exception {
    on("GET /users/me", 200, "<html>proxy page</html>");
    assertThat(failure(client.me(session)).code()).isEqualTo(ParleyException.BAD_RESPONSE);
  }

  @Test
  void rawRequestReturnsAnyAnswerAsItCame() throws Exception {
    on("POST /messages/send", 400, "{\"error\":{\"code\":\"INVALID_JSON\",\"message\":\"bad\"}}");
    RawResponse r = get(client.rawRequest("POST", "/messages/send", "{not json", "tok-1"));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.errorCode()).isEqualTo("INVALID_JSON");
    assertThat(r.header("content-length")).isNotNull();
    Seen s = request();
    assertThat(s.body()).isEqualTo("{not json");
    assertThat(s.authorization()).isEqualTo("Bearer tok-1");
  }

  @Test
  void healthReportsOkAndDraining() throws Exception {
    on("GET /health", 200, "{\"status\":\"ok\"}");
    assertThat(get(client.health())).isEqualTo("ok");
    on("GET /health", 503, "{\"status\":\"draining\"}");
    assertThat(get(client.health())).isEqualTo("draining");
    on("GET /metrics", 200, "parley_up 1\n");
    assertThat(get(client.metrics())).isEqualTo("parley_up 1\n");
  }

  @Test
  void aPathPrefixInTheBaseUriIsKept() throws Exception {
    on("GET /parley/users/me", 200, "{\"user_id\":\"7\",\"username\":\"a\"}");
    try (ParleyClient prefixed =
        ParleyClient.create(
            new ParleyClientOptions().baseUri(stub.baseUri() + "/parley/").vertx(vertx))) {
      assertThat(get(prefixed.me(session)).userId()).isEqualTo("7");
      assertThat(request().uri()).isEqualTo("/parley/users/me");
    }
  }

  @Test
  void aServerThatIsNotThereIsAConnectionFailure() throws Exception {
    int port = stub.port();
    stub.close();
    try (ParleyClient nowhere =
        ParleyClient.create(
            new ParleyClientOptions().baseUri("http://127.0.0.1:" + port).vertx(vertx))) {
      ParleyException e = failure(nowhere.health());
      assertThat(e.httpStatus()).isZero();
      assertThat(e.code()).isEqualTo(ParleyException.CONNECTION_FAILED);
      assertThat(e.isRetryable()).isTrue();
    }
    stub = StubServer.start(vertx); // for stop()
  }

  @Test
  void aServerThatDoesNotAnswerTimesOut() throws Exception {
    try (ParleyClient impatient =
        ParleyClient.create(
            new ParleyClientOptions()
                .baseUri(stub.baseUri())
                .requestTimeout(Duration.ofMillis(200))
                .vertx(vertx))) {
      ParleyException e = failure(impatient.rawRequest("GET", "/slow", null, null));
      assertThat(e.code()).isEqualTo(ParleyException.TIMEOUT);
    }
  }

  @Test
  void requestsQueuedBehindAFullPoolWaitLongerThanTheTcpConnectTimeout() throws Exception {
    stub.http =
        request ->
            vertx.setTimer(
                300, t -> request.response().setStatusCode(200).end("{\"status\":\"ok\"}"));
    try (ParleyClient oneConnection =
        ParleyClient.create(
            new ParleyClientOptions()
                .baseUri(stub.baseUri())
                .httpPoolSize(1)
                .connectTimeout(Duration.ofMillis(100))
                .vertx(vertx))) {
      List<CompletableFuture<String>> calls =
          List.of(oneConnection.health(), oneConnection.health(), oneConnection.health());
      for (CompletableFuture<String> call : calls) {
        assertThat(get(call)).isEqualTo("ok");
      }
    }
  }

  @Test
  void aClientWithItsOwnVertxClosesIt() throws Exception {
    on("GET /health", 200, "{\"status\":\"ok\"}");
    ParleyClient own = ParleyClient.create(stub.baseUri());
    assertThat(get(own.health())).isEqualTo("ok");
    get(own.closeAsync());
    assertThat(failure(own.health()).code()).isEqualTo(ParleyException.CONNECTION_CLOSED);
  }

  @Test
  void callsMadeOnAnEventLoopWork() throws Exception {
    on("GET /health", 200, "{\"status\":\"ok\"}");
    CompletableFuture<String> answer = new CompletableFuture<>();
    vertx.runOnContext(
        v ->
            client
                .health()
                .whenComplete(
                    (status, error) -> {
                      if (error != null) {
                        answer.completeExceptionally(error);
                      } else {
                        answer.complete(status + " on " + Thread.currentThread().getName());
                      }
                    }));
    assertThat(get(answer)).startsWith("ok on vert.x-eventloop");
  }
}
