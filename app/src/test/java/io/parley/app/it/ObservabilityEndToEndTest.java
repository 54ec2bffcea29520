package io.parley.app.it;

import static io.parley.app.it.EndToEnd.join;
import static io.parley.app.it.EndToEnd.newUsers;
import static io.parley.app.it.EndToEnd.raw;
import static org.assertj.core.api.Assertions.assertThat;

import io.parley.app.it.EndToEnd.Account;
import io.parley.client.Message;
import io.parley.client.ParleyClient;
import io.parley.client.ParleyConnection;
import io.parley.client.RawResponse;
import io.parley.client.SendRequest;
import io.vertx.core.json.JsonObject;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /health} and {@code /metrics} (docs/API.md, "Operations"; OPERATIONS.md lists the
 * metrics). The class has its own server, and its tests run one at a time, so counter deltas are
 * exact.
 */
class ObservabilityEndToEndTest {

  private static TestServer server;
  private static ParleyClient client;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    client = ParleyClient.create(server.uri().toString());
  }

  @AfterAll
  static void stop() {
    client.close();
    server.close();
  }

  /** The sum of every sample of a metric (all label sets) in Prometheus text, 0 if absent. */
  static double value(String prometheus, String name) {
    Pattern sample =
        Pattern.compile(
            "^" + Pattern.quote(name) + "(\\{[^}]*\\})? ([-+0-9.eE]+|NaN)$", Pattern.MULTILINE);
    Matcher m = sample.matcher(prometheus);
    double sum = 0;
    while (m.find()) {
      sum += Double.parseDouble(m.group(2));
    }
    return sum;
  }

  private static double metric(String name) {
    return value(join(client.metrics()), name);
  }

  @Test
  void healthIsOkWithoutAToken() {
    RawResponse health = raw(client, "GET", "/health", null, null);

    assertThat(health.status()).isEqualTo(200);
    assertThat(health.header("Content-Type")).startsWith("application/json");
    assertThat(health.json()).isEqualTo(new JsonObject().put("status", "ok"));
    assertThat(join(client.health())).isEqualTo("ok");
  }

  @Test
  void metricsArePrometheusTextWithEveryDocumentedParleyMetric() {
    RawResponse metrics = raw(client, "GET", "/metrics", null, null);

    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.header("Content-Type")).startsWith("text/plain");
    assertThat(metrics.body())
        .contains("# TYPE parley_messages_sent_total counter")
        .contains("# TYPE parley_messages_duplicate_total counter")
        .contains("# TYPE parley_messages_delivered_total counter")
        .contains("# TYPE parley_ws_connections gauge")
        .contains("# TYPE parley_ws_slow_consumer_closed_total counter")
        .contains("parley_delivery_latency_seconds")
        .contains("parley_store_commit_seconds")
        .contains("parley_store_batch_size");
  }

  @Test
  void theSentCounterCountsStoredMessagesAndTheDuplicateCounterCountsRetries() {
    Account[] u = newUsers(client, 2);
    double sent = metric("parley_messages_sent_total");
    double duplicates = metric("parley_messages_duplicate_total");
    SendRequest once = SendRequest.toUser(u[1].id(), "once").withClientMsgId("obs-1");

    join(client.send(u[0].session(), once));
    join(client.send(u[0].session(), once));
    join(client.send(u[0].session(), once));
    join(client.send(u[0].session(), SendRequest.toUser(u[1].id(), "another")));

    assertThat(metric("parley_messages_sent_total") - sent).isEqualTo(2);
    assertThat(metric("parley_messages_duplicate_total") - duplicates).isEqualTo(2);
  }

  @Test
  void theDeliveredCounterAndLatencyCountFramesWrittenToRecipients() {
    Account[] u = newUsers(client, 2);
    Recorder bobEvents = new Recorder();
    ParleyConnection bob = join(client.connect(u[1].session(), bobEvents));
    ParleyConnection alice = join(client.connect(u[0].session(), new Recorder()));
    double delivered = metric("parley_messages_delivered_total");
    double latencies = metric("parley_delivery_latency_seconds_count");

    Message m = join(alice.send(u[1].id(), "count me", null));
    bobEvents.awaitMessage(m.messageId());

    EndToEnd.waitFor("the delivery counted")
        .until(() -> metric("parley_messages_delivered_total") - delivered == 1);
    assertThat(metric("parley_delivery_latency_seconds_count") - latencies).isEqualTo(1);
    join(alice.close());
    join(bob.close());
  }

  @Test
  void theConnectionGaugeFollowsOpenWebSockets() {
    Account alice = EndToEnd.newUser(client);
    // every test here closes its sockets; the server may count the last closes a moment later
    EndToEnd.waitFor("no open connections").until(() -> metric("parley_ws_connections") == 0);
    double before = 0;

    ParleyConnection first = join(client.connect(alice.session(), new Recorder()));
    ParleyConnection second = join(client.connect(alice.session(), new Recorder()));
    EndToEnd.waitFor("two more connections")
        .until(() -> metric("parley_ws_connections") == before + 2);
    join(first.close());

    EndToEnd.waitFor("one closed").until(() -> metric("parley_ws_connections") == before + 1);
    join(second.close());
    EndToEnd.waitFor("both closed").until(() -> metric("parley_ws_connections") == before);
  }

  @Test
  void theStoreCommitTimerCountsDurableWrites() {
    Account[] u = newUsers(client, 2);
    double commits = metric("parley_store_commit_seconds_count");

    join(client.send(u[0].session(), SendRequest.toUser(u[1].id(), "durable")));

    assertThat(metric("parley_store_commit_seconds_count")).isGreaterThan(commits);
  }
}
