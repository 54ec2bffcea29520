package io.parley.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.parley.client.StubServer.Peer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The WebSocket side of the SDK against a stub peer on real sockets. */
class ConnectionTest {
  private static final Duration WAIT = StubServer.WAIT;

  private Vertx serverVertx;
  private Vertx clientVertx;
  private StubServer stub;
  private ParleyClient client;
  private final Session session = new Session("tok-1", "7", Long.MAX_VALUE);
  private final Recorder recorder = new Recorder();

  @BeforeEach
  void start() {
    serverVertx = Vertx.vertx();
    clientVertx = Vertx.vertx();
    stub = StubServer.start(serverVertx);
    client =
        ParleyClient.create(new ParleyClientOptions().baseUri(stub.baseUri()).vertx(clientVertx));
  }

  @AfterEach
  void stop() {
    client.close();
    stub.close();
    clientVertx.close().await();
    serverVertx.close().await();
  }

  private static ConnectOptions fast() {
    return new ConnectOptions()
        .initialBackoff(Duration.ofMillis(10))
        .maxBackoff(Duration.ofMillis(50));
  }

  private ParleyConnection connect(ConnectOptions options) throws Exception {
    return client.connect(session, options, recorder).get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  private static <T> T get(CompletableFuture<T> future) throws Exception {
    return future.get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  private static ParleyException failure(CompletableFuture<?> future) {
    try {
      future.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(ParleyException.class);
      return (ParleyException) e.getCause();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("expected the future to fail");
  }

  @Test
  void connectCompletesOnReadyAndAuthenticatesWithTheToken() throws Exception {
    ParleyConnection connection = connect(fast());
    assertThat(stub.peer(0).token).isEqualTo("tok-1");
    assertThat(connection.isOpen()).isTrue();
    assertThat(connection.ready()).isEqualTo(new Ready("7", 1_700_000_000_000L, 30000));
    assertThat(recorder.readies).hasSize(1);
    assertThat(connection.cursor()).isNull();
  }

  @Test
  void aRefusedUpgradeFailsTheConnectWithTheServersError() {
    stub.rejectStatus = 401;
    stub.rejectBody = "{\"error\":{\"code\":\"TOKEN_EXPIRED\",\"message\":\"expired\"}}";
    ParleyException e = failure(client.connect(session, fast(), recorder));
    assertThat(e.httpStatus()).isEqualTo(401);
    assertThat(e.code()).isEqualTo("TOKEN_EXPIRED");
  }

  @Test
  void aServerThatNeverSaysReadyTimesOut() {
    stub.autoReady = false;
    ParleyException e =
        failure(client.connect(session, fast().readyTimeout(Duration.ofMillis(200)), recorder));
    assertThat(e.code()).isEqualTo(ParleyException.TIMEOUT);
  }

  @Test
  void eachSendCompletesWithTheAckThatCarriesItsClientMsgId() throws Exception {
    ParleyConnection connection = connect(fast());
    Peer peer = stub.peer(0);
    CompletableFuture<Message> first = connection.send("9", "one", "k-1");
    CompletableFuture<Message> second = connection.send("9", "two", null);
    JsonObject frame1 = peer.next("send");
    JsonObject frame2 = peer.next("send");
    assertThat(frame1)
        .isEqualTo(
            new JsonObject()
                .put("type", "send")
                .put("client_msg_id", "k-1")
                .put("receiver_id", "9")
                .put("content", "one"));
    String generated = frame2.getString("client_msg_id");
    assertThat(generated).matches("[A-Za-z0-9_.:-]{1,64}").isNotEqualTo("k-1");

    peer.send(Frames.ack(generated, "102")); // answered out of order
    peer.send(Frames.ack("k-1", "101"));
    assertThat(get(first).messageId()).isEqualTo("101");
    assertThat(get(second).messageId()).isEqualTo("102");
  }

  @Test
  void aRefusedSendFailsWithTheCodeAndTheOthersGoOn() throws Exception {
    ParleyConnection connection = connect(fast());
    Peer peer = stub.peer(0);
    CompletableFuture<Message> bad = connection.send("9", " ", "k-bad");
    CompletableFuture<Message> good = connection.sendToGroup("3", "ok", "k-good");
    peer.next("send");
    assertThat(peer.next("send").getString("group_id")).isEqualTo("3");
    peer.send(Frames.error("k-bad", "send", "CONTENT_EMPTY"));
    peer.send(Frames.ack("k-good", "5"));
    ParleyException e = failure(bad);
    assertThat(e.code()).isEqualTo("CONTENT_EMPTY");
    assertThat(e.httpStatus()).isEqualTo(400);
    assertThat(get(good).messageId()).isEqualTo("5");
    assertThat(recorder.errors).isEmpty();
  }

  @Test
  void syncAndPingAnswersAreMatchedInOrder() throws Exception {
    ParleyConnection connection = connect(fast());
    Peer peer = stub.peer(0);
    CompletableFuture<Page> refused = connection.sync("bad", null, null);
    CompletableFuture<Page> first = connection.sync(null, null, 2);
    CompletableFuture<Page> second = connection.sync("c2", null, 2);
    CompletableFuture<Duration> ping = connection.ping();
    assertThat(peer.next("sync").getString("after")).isEqualTo("bad");
    assertThat(peer.next("sync").getInteger("limit")).isEqualTo(2);
    assertThat(peer.next("sync").getString("after")).isEqualTo("c2");
    peer.next("ping");

    peer.send(Frames.error(null, "sync", "INVALID_CURSOR"));
    peer.send(
        Frames.syncPage("c2", true, Frames.messageObject("1", 1), Frames.messageObject("2", 2)));
    peer.send(Frames.syncPage("c3", false, Frames.messageObject("3", 3)));
    peer.send(new JsonObject().put("type", "pong"));

    assertThat(failure(refused).code()).isEqualTo("INVALID_CURSOR");
    assertThat(get(first).messages()).extracting(Message::messageId).containsExactly("1", "2");
    assertThat(get(second).nextCursor()).isEqualTo("c3");
    assertThat(get(ping)).isPositive();
    // pages asked for by the application go to the caller, not to the listener
    assertThat(recorder.messages).isEmpty();
    // the application read forward from the cursor: it moved along
    assertThat(connection.cursor()).isEqualTo("c3");
  }

  @Test
  void liveMessagesReachTheListenerOnceWithTheirReceiveTime() throws Exception {
    ParleyConnection connection = connect(fast());
    Peer peer = stub.peer(0);
    long before = System.nanoTime();
    peer.send(Frames.message("1", 1, "c1"));
    peer.send(Frames.message("2", 2, "c2"));
    peer.send(Frames.message("1", 1, "c1"));
    peer.send(new JsonObject().put("type", "pong")); // a marker: everything before it arrived
    await().atMost(WAIT).until(() -> recorder.messages.size() >= 2);
    connection.ping(); // does not matter whether it is answered
    assertThat(recorder.messageIds()).containsExactly("1", "2");
    assertThat(recorder.receivedNanos).allSatisfy(n -> assertThat(n).isGreaterThan(before));
    assertThat(recorder.threads).allSatisfy(t -> assertThat(t).contains("eventloop"));
    assertThat(connection.cursor()).isEqualTo("c2");
    assertThat(recorder.messages.get(0))
        .isEqualTo(
            new Message(
                "1", "d-7-9", 1, "9", "7", null, "text 1", 1_700_000_000_001L, "sent", null));
  }

  @Test
  void receiptsTypingPresenceAndUnclaimedErrorsReachTheListener() throws Exception {
    ParleyConnection connection = connect(fast());
    Peer peer = stub.peer(0);
    peer.send(
        new JsonObject()
            .put("type", "receipt")
            .put("message_id", "5")
            .put("conversation_id", "d-7-9")
            .put("user_id", "9")
            .put("status", "read"));
    peer.send(
        new JsonObject()
            .put("type", "typing")
            .put("conversation_id", "d-7-9")
            .put("user_id", "9")
            .put("typing", true));
    peer.send(
        new JsonObject()
            .put("type", "presence")
            .put("user_id", "9")
            .put("status", "online")
            .put("last_seen", 0));
    peer.send(Frames.error(null, "read", "FORBIDDEN"));
    peer.send(new JsonObject().put("type", "brand_new_frame"));
    peer.sendText("not json at all");
    await().atMost(WAIT).until(() -> !recorder.errors.isEmpty());
    assertThat(recorder.receipts).containsExactly(new Receipt("5", "d-7-9", "9", "read"));
    assertThat(recorder.typings).containsExactly(new Typing("d-7-9", "9", true));
    assertThat(recorder.presences).containsExactly(new Presence("9", "online", 0));
    assertThat(recorder.errors)
        .containsExactly(new ErrorFrame("FORBIDDEN", "refused: FORBIDDEN", null, "read"));
    assertThat(connection.isOpen()).isTrue();
  }

  @Test
  void receiptsTypingAndRawFramesAreWrittenAsTheContractSays() throws Exception {
    ParleyConnection connection = connect(fast());
    Peer peer = stub.peer(0);
    get(connection.delivered(List.of("1", "2")));
    get(connection.read(List.of("2")));
    get(connection.typing("9", true));
    get(connection.sendRaw("{\"type\":\"bogus\"}"));
    assertThat(peer.next("delivered").getJsonArray("message_ids"))
        .isEqualTo(new JsonArray().add("1").add("2"));
    assertThat(peer.next("read").getJsonArray("message_ids")).isEqualTo(new JsonArray().add("2"));
    assertThat(peer.next("typing"))
        .isEqualTo(
            new JsonObject().put("type", "typing").put("receiver_id", "9").put("typing", true));
    assertThat(peer.next("bogus")).isNotNull();
  }

  @Test
  void reconnectRetriesInFlightSendsAndResumesFromTheCursorExactlyOnce() throws Exception {
    ParleyConnection connection = connect(fast());
    Peer first = stub.peer(0);
    first.send(Frames.message("1", 1, "c1"));
    await().atMost(WAIT).until(() -> recorder.messages.size() == 1);
    CompletableFuture<Message> inFlight = connection.send("9", "one", "k-1");
    CompletableFuture<Message> generated = connection.send("9", "two", null);
    first.next("send");
    String generatedId = first.next("send").getString("client_msg_id");

    first.close(4000); // too slow: reconnect and sync
    Peer second = stub.peer(1);
    assertThat(second.next("send").getString("client_msg_id")).isEqualTo("k-1");
    assertThat(second.next("send").getString("client_msg_id")).isEqualTo(generatedId);
    JsonObject resume = second.next("sync");
    assertThat(resume.getString("after")).isEqualTo("c1");
    assertThat(resume.getInteger("limit")).isEqualTo(ConnectOptions.DEFAULT_RESUME_PAGE_SIZE);

    second.send(Frames.message("4", 4, "c4")); // live, before the resume pages
    second.send(Frames.ack("k-1", "101"));
    second.send(Frames.ack(generatedId, "102"));
    second.send(
        Frames.syncPage(
            "c3",
            true,
            Frames.messageObject("1", 1),
            Frames.messageObject("2", 2),
            Frames.messageObject("3", 3)));
    assertThat(second.next("sync").getString("after")).isEqualTo("c3");
    second.send(Frames.syncPage("c4", false, Frames.messageObject("4", 4)));

    await().atMost(WAIT).until(() -> !recorder.resumes.isEmpty());
    assertThat(get(inFlight).messageId()).isEqualTo("101");
    assertThat(get(generated).messageId()).isEqualTo("102");
    assertThat(recorder.messageIds()).containsExactly("1", "2", "3", "4");
    assertThat(recorder.resumes).containsExactly(3);
    assertThat(recorder.closes).containsExactly(new CloseEvent(4000, "test", true));
    assertThat(recorder.readies).hasSize(2);
    assertThat(connection.cursor()).isEqualTo("c4");
    assertThat(connection.reconnects()).isEqualTo(1);
    assertThat(connection.isOpen()).isTrue();
  }

  @Test
  void aLostNetworkIsReportedAs1006AndResumesFromTheFirstReadyWithoutACursor() throws Exception {
    try (TcpProxy proxy = TcpProxy.start(serverVertx, stub.port());
        ParleyClient proxied =
            ParleyClient.create(
                new ParleyClientOptions()
                    .baseUri("http://127.0.0.1:" + proxy.port())
                    .vertx(clientVertx))) {
      ParleyConnection connection =
          proxied.connect(session, fast(), recorder).get(WAIT.toSeconds(), TimeUnit.SECONDS);
      stub.peer(0);
      proxy.cutAll();
      lostNetworkResumes(connection);
    }
  }

  private void lostNetworkResumes(ParleyConnection connection) throws Exception {
    Peer second = stub.peer(1);
    JsonObject resume = second.next("sync");
    assertThat(resume.containsKey("after")).isFalse();
    assertThat(resume.getLong("since")).isEqualTo(1_700_000_000_000L);
    second.send(Frames.syncPage("c1", false, Frames.messageObject("1", 1)));
    await().atMost(WAIT).until(() -> !recorder.resumes.isEmpty());
    assertThat(recorder.closes).extracting(CloseEvent::code).containsExactly(1006);
    assertThat(recorder.messageIds()).containsExactly("1");
    assertThat(connection.cursor()).isEqualTo("c1");
  }

  @Test
  void dropConnectionReconnectsAndResumes() throws Exception {
    ParleyConnection connection = connect(fast());
    stub.peer(0).send(Frames.message("1", 1, "c1"));
    await().atMost(WAIT).until(() -> recorder.messages.size() == 1);
    connection.dropConnection();
    assertThat(stub.peer(1).next("sync").getString("after")).isEqualTo("c1");
    await().atMost(WAIT).until(connection::isOpen);
    assertThat(recorder.closes).containsExactly(new CloseEvent(1006, "dropped", true));
  }

  @Test
  void aResumeCursorSyncsRightAfterTheFirstReady() throws Exception {
    ParleyConnection connection = connect(fast().resumeCursor("c9").resumePageSize(50));
    JsonObject resume = stub.peer(0).next("sync");
    assertThat(resume.getString("after")).isEqualTo("c9");
    assertThat(resume.getInteger("limit")).isEqualTo(50);
    assertThat(connection.cursor()).isEqualTo("c9");
  }

  @Test
  void sendsMadeWhileDisconnectedGoOutAfterTheReconnect() throws Exception {
    ParleyConnection connection = connect(fast());
    stub.rejectStatus = 503;
    stub.peer(0).close(1001);
    await().atMost(WAIT).until(() -> recorder.reconnectDelays.size() >= 2);
    CompletableFuture<Message> waiting = connection.send("9", "later", "k-later");
    CompletableFuture<Page> sync = connection.sync("c0", null, null);
    stub.rejectStatus = 0;
    Peer second = stub.peer(1);
    assertThat(second.next("send").getString("client_msg_id")).isEqualTo("k-later");
    second.next("sync"); // the resume
    assertThat(second.next("sync").getString("after")).isEqualTo("c0");
    second.send(Frames.ack("k-later", "9"));
    second.send(Frames.syncPage("c1", false));
    second.send(Frames.syncPage("c5", false));
    assertThat(get(waiting).messageId()).isEqualTo("9");
    assertThat(get(sync).nextCursor()).isEqualTo("c5");
  }

  @Test
  void anExpiredTokenEndsTheConnectionAndFailsWhatWaits() throws Exception {
    ParleyConnection connection = connect(fast());
    Peer peer = stub.peer(0);
    CompletableFuture<Message> pending = connection.send("9", "x", "k-1");
    peer.next("send");
    peer.close(4002);
    ParleyException e = failure(pending);
    assertThat(e.code()).isEqualTo("TOKEN_EXPIRED");
    assertThat(e.httpStatus()).isEqualTo(401);
    get(connection.whenClosed());
    assertThat(connection.isClosed()).isTrue();
    assertThat(recorder.closes).containsExactly(new CloseEvent(4002, "test", false));
    await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> stub.peers.size() == 1);
    assertThat(failure(connection.send("9", "y", null)).code())
        .isEqualTo(ParleyException.CONNECTION_CLOSED);
  }

  @Test
  void anUpgradeRefusedWith401WhileReconnectingIsFinal() throws Exception {
    ParleyConnection connection = connect(fast());
    stub.rejectStatus = 401;
    stub.rejectBody = "{\"error\":{\"code\":\"UNAUTHORIZED\",\"message\":\"unknown token\"}}";
    stub.peer(0).close(1001);
    get(connection.whenClosed());
    assertThat(recorder.closes).extracting(CloseEvent::reconnecting).containsExactly(true, false);
  }

  @Test
  void closeStopsReconnecting() throws Exception {
    ParleyConnection connection = connect(fast());
    stub.rejectStatus = 503;
    stub.peer(0).close(1001);
    await().atMost(WAIT).until(() -> recorder.reconnectDelays.size() >= 2);
    get(connection.close());
    int attempts = recorder.reconnectDelays.size();
    stub.rejectStatus = 0;
    await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> stub.peers.size() == 1);
    assertThat(recorder.reconnectDelays).hasSize(attempts);
    assertThat(connection.isClosed()).isTrue();
    assertThat(recorder.closes.get(recorder.closes.size() - 1).reconnecting()).isFalse();
  }

  @Test
  void closeTellsTheServerAndFailsWhatWaits() throws Exception {
    ParleyConnection connection = connect(fast());
    Peer peer = stub.peer(0);
    CompletableFuture<Message> pending = connection.send("9", "x", "k-1");
    peer.next("send");
    get(connection.close());
    assertThat(failure(pending).code()).isEqualTo(ParleyException.CONNECTION_CLOSED);
    await().atMost(WAIT).until(() -> peer.closed);
    assertThat(peer.ws.closeStatusCode()).isEqualTo((short) 1000);
    assertThatThrownBy(() -> get(connection.delivered(List.of("1"))))
        .hasCauseInstanceOf(ParleyException.class);
  }

  @Test
  void withoutAutoReconnectAnyDropIsFinal() throws Exception {
    ParleyConnection connection = connect(fast().autoReconnect(false));
    stub.peer(0).close(1001);
    get(connection.whenClosed());
    assertThat(recorder.closes).containsExactly(new CloseEvent(1001, "test", false));
  }

  @Test
  void aListenerThatThrowsDoesNotHurtTheConnection() throws Exception {
    Recorder throwing =
        new Recorder() {
          @Override
          public void onMessage(Message message, long nanos) {
            super.onMessage(message, nanos);
            throw new IllegalStateException("boom");
          }
        };
    ParleyConnection connection =
        client.connect(session, fast(), throwing).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    stub.peer(0).send(Frames.message("1", 1, "c1"));
    stub.peer(0).send(Frames.message("2", 2, "c2"));
    await().atMost(WAIT).until(() -> throwing.messages.size() == 2);
    assertThat(connection.isOpen()).isTrue();
  }

  @Test
  void aLocalAddressBindsTheSocket() throws Exception {
    ParleyConnection connection = connect(fast().localAddress("127.0.0.2"));
    assertThat(stub.peer(0).remoteHost).isEqualTo("127.0.0.2");
    assertThat(connection.localAddress()).startsWith("127.0.0.2:");
  }

  @Test
  void oneClientHoldsManyConnections() throws Exception {
    int n = 300; // well past Vert.x' default of 50 WebSockets per server
    List<CompletableFuture<ParleyConnection>> all =
        java.util.stream.IntStream.range(0, n)
            .mapToObj(i -> client.connect(session, fast(), ConnectionListener.NONE))
            .toList();
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
    assertThat(stub.peers).hasSize(n);
    assertThat(all).allSatisfy(f -> assertThat(f.join().isOpen()).isTrue());
  }

  @Test
  void closingTheClientClosesItsConnectionsForGood() throws Exception {
    ParleyConnection connection = connect(fast());
    Peer peer = stub.peer(0);
    client.close();
    assertThat(connection.isClosed()).isTrue();
    assertThat(recorder.closes)
        .containsExactly(new CloseEvent(1000, "closed by the client", false));
    await().atMost(WAIT).until(() -> peer.closed);
    assertThat(stub.peers).hasSize(1);
    assertThat(failure(client.connect(session, fast(), recorder)).code())
        .isEqualTo(ParleyException.CONNECTION_CLOSED);
  }

  @Test
  void sendsBeyondTheWindowWaitForAcksAndKeepTheirOrder() throws Exception {
    ParleyConnection connection = connect(fast().maxInFlightSends(2));
    Peer peer = stub.peer(0);
    List<CompletableFuture<Message>> sends =
        java.util.stream.IntStream.range(0, 4)
            .mapToObj(i -> connection.send("9", "m" + i, "k-" + i))
            .toList();
    assertThat(peer.next("send").getString("client_msg_id")).isEqualTo("k-0");
    assertThat(peer.next("send").getString("client_msg_id")).isEqualTo("k-1");
    connection.ping();
    peer.next("ping"); // k-2 and k-3 wait in the connection
    assertThat(connection.pendingSends()).isEqualTo(4);
    peer.send(Frames.ack("k-1", "101"));
    assertThat(peer.next("send").getString("client_msg_id")).isEqualTo("k-2");
    peer.send(Frames.error("k-0", "send", "CONTENT_EMPTY"));
    assertThat(peer.next("send").getString("client_msg_id")).isEqualTo("k-3");
    peer.send(Frames.ack("k-2", "102"));
    peer.send(Frames.ack("k-3", "103"));
    assertThat(failure(sends.get(0)).code()).isEqualTo("CONTENT_EMPTY");
    assertThat(get(sends.get(3)).messageId()).isEqualTo("103");
    await().atMost(WAIT).until(() -> connection.pendingSends() == 0);
  }

  @Test
  void groupTypingIsWrittenWithTheGroup() throws Exception {
    ParleyConnection connection = connect(fast());
    get(connection.typingInGroup("3", false));
    assertThat(stub.peer(0).next("typing"))
        .isEqualTo(
            new JsonObject().put("type", "typing").put("group_id", "3").put("typing", false));
  }

  @Test
  void aRateLimitedSendFailsWithItsWait() throws Exception {
    ParleyConnection connection = connect(fast());
    Peer peer = stub.peer(0);
    CompletableFuture<Message> send = connection.send("9", "x", "k-1");
    peer.next("send");
    JsonObject error = Frames.error("k-1", "send", "RATE_LIMITED");
    error.getJsonObject("error").put("retry_after_ms", 750);
    peer.send(error);
    ParleyException e = failure(send);
    assertThat(e.httpStatus()).isEqualTo(429);
    assertThat(e.retryAfter()).contains(Duration.ofMillis(750));
  }

  @Test
  void connectsBeyondTheConcurrencyLimitWaitTheirTurn() throws Exception {
    stub.holdUpgrades = true;
    try (ParleyClient paced =
        ParleyClient.create(
            new ParleyClientOptions()
                .baseUri(stub.baseUri())
                .maxConcurrentConnects(2)
                .vertx(clientVertx))) {
      List<CompletableFuture<ParleyConnection>> all =
          java.util.stream.IntStream.range(0, 5)
              .mapToObj(i -> paced.connect(session, fast(), ConnectionListener.NONE))
              .toList();
      await().atMost(WAIT).until(() -> stub.held.size() == 2);
      await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> stub.held.size() == 2);
      stub.holdUpgrades = false;
      stub.releaseHeld();
      CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
      assertThat(stub.peers).hasSize(5);
    }
  }
}
