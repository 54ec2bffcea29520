package io.parley.app.it;

import static io.parley.app.it.EndToEnd.newUsers;
import static org.assertj.core.api.Assertions.assertThat;

import io.parley.app.it.EndToEnd.Account;
import io.parley.client.Message;
import io.parley.client.ParleyClient;
import io.parley.client.SendRequest;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Live {@code message} frames of one conversation arrive in {@code seq} order, however many sends
 * race. The resume procedure of docs/API.md depends on it: a client keeps the highest cursor it saw
 * and syncs after it, so a frame overtaken by a later one and lost with the connection would never
 * be delivered.
 */
class OrderingEndToEndTest {

  private static final int SENDS = 200;

  private static TestServer server;
  private static ParleyClient client;

  @BeforeAll
  static void start() {
    // without an fsync per commit, acknowledgements are quick and sends race the hardest
    server = TestServer.start(Map.of("store.sync", "false"));
    client = ParleyClient.create(server.uri().toString());
  }

  @AfterAll
  static void stop() {
    client.close();
    server.close();
  }

  @Test
  void liveFramesOfAConversationArriveInSeqOrderWhenSendsRace() {
    Account[] u = newUsers(client, 2);
    Account alice = u[0];
    Account bob = u[1];
    try (RawSocket bobWs = RawSocket.connect(client.vertx(), server.uri(), bob.token())) {
      List<CompletableFuture<Message>> racing =
          IntStream.range(0, SENDS)
              .mapToObj(
                  i ->
                      i % 2 == 0
                          ? client.send(alice.session(), SendRequest.toUser(bob.id(), "a" + i))
                          : client.send(bob.session(), SendRequest.toUser(alice.id(), "b" + i)))
              .toList();
      racing.forEach(EndToEnd::join);
      EndToEnd.waitFor("every frame").until(() -> bobWs.frames("message").size() >= SENDS);

      List<Long> seqs =
          bobWs.frames("message").stream()
              .map(f -> f.getJsonObject("message").getLong("seq"))
              .toList();
      assertThat(seqs)
          .as("seq of each message frame, in arrival order")
          .containsExactlyElementsOf(
              IntStream.rangeClosed(1, SENDS).mapToObj(i -> (long) i).toList());
    }
  }

  @Test
  void aClientThatLosesItsConnectionAfterAnyFrameMissesNothingBySyncingFromThatFramesCursor() {
    Account[] u = newUsers(client, 2);
    Account alice = u[0];
    Account bob = u[1];
    try (RawSocket bobWs = RawSocket.connect(client.vertx(), server.uri(), bob.token())) {
      List<CompletableFuture<Message>> racing =
          IntStream.range(0, SENDS)
              .mapToObj(i -> client.send(alice.session(), SendRequest.toUser(bob.id(), "m" + i)))
              .toList();
      racing.forEach(EndToEnd::join);
      EndToEnd.waitFor("every frame").until(() -> bobWs.frames("message").size() >= SENDS);
      List<JsonObject> frames = bobWs.frames("message");
      List<String> all = frames.stream().map(OrderingEndToEndTest::messageId).toList();

      // where a frame overtook an earlier message, and one ordinary point
      List<Integer> cuts = new ArrayList<>();
      for (int k = 1; k < frames.size() && cuts.size() < 10; k++) {
        if (seq(frames.get(k)) < seq(frames.get(k - 1))) {
          cuts.add(k);
        }
      }
      cuts.add(SENDS / 2);

      for (int k : cuts) {
        // the client saw frames [0, k) and kept the cursor of the last one
        int pages = bobWs.frames("sync").size(); // counted before asking: the answer may be quick
        bobWs.send(
            new JsonObject()
                .put("type", "sync")
                .put("after", frames.get(k - 1).getString("cursor"))
                .put("limit", 500));
        EndToEnd.waitFor("sync page").until(() -> bobWs.frames("sync").size() > pages);
        List<String> synced =
            bobWs.frames("sync").get(pages).getJsonArray("messages").stream()
                .map(m -> ((JsonObject) m).getString("message_id"))
                .toList();

        Set<String> missed = new HashSet<>(all);
        all.subList(0, k).forEach(missed::remove);
        assertThat(new HashSet<>(synced))
            .as("messages synced after the cursor of frame %d", k)
            .isEqualTo(missed);
      }
    }
  }

  private static long seq(JsonObject frame) {
    return frame.getJsonObject("message").getLong("seq");
  }

  private static String messageId(JsonObject frame) {
    return frame.getJsonObject("message").getString("message_id");
  }
}
