package io.parley.app.cluster;

import static io.parley.app.cluster.ClusterEndToEnd.join;
import static io.parley.app.cluster.ClusterEndToEnd.register;
import static io.parley.app.cluster.ClusterEndToEnd.waitFor;
import static io.parley.app.cluster.ClusterEndToEnd.wholeHistory;
import static org.assertj.core.api.Assertions.assertThat;

import io.parley.app.cluster.ClusterEndToEnd.User;
import io.parley.client.Message;
import io.parley.client.ParleyClient;
import io.parley.client.ParleyConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Redis killed ({@code kill -9}) in the middle of a send load and started again, empty: sends go on
 * succeeding (they are durable in Cassandra, Redis only routes them), none is lost, and once Redis
 * is back the nodes resubscribe by themselves and live delivery across nodes resumes.
 */
class RedisOutageTest {

  private static final int PER_SENDER = 60;

  private LocalCluster cluster;

  @BeforeEach
  void start() {
    cluster = LocalCluster.start(3);
  }

  @AfterEach
  void stop() {
    if (cluster != null) cluster.close();
  }

  @Test
  void sendsSurviveARedisCrashAndLiveDeliveryResumesWhenItIsBack() throws Exception {
    List<ParleyClient> clients = List.of(cluster.client(1), cluster.client(2), cluster.client(3));
    User[] users = register(clients.get(0), 6);
    List<User> senders = List.of(users[0], users[1], users[2]);
    List<User> recipients = List.of(users[3], users[4], users[5]);
    List<ParleyConnection> senderConnections = new ArrayList<>();
    List<Inbox> inboxes = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      senderConnections.add(join(clients.get(i).connect(senders.get(i).session(), new Inbox())));
      Inbox inbox = new Inbox();
      join(clients.get(i).connect(recipients.get(i).session(), inbox));
      inboxes.add(inbox);
    }

    Load load = Load.start(senders, senderConnections, recipients, PER_SENDER);
    waitFor("a sixth of the load acknowledged").until(() -> load.acked() >= PER_SENDER / 2);
    cluster.redis().kill();
    int ackedAtKill = load.acked();
    waitFor("sends acknowledged while Redis is down")
        .atMost(Load.DEADLINE)
        .until(() -> load.acked() >= ackedAtKill + PER_SENDER);
    cluster.redis().startAgain();
    List<Load.Send> sends = load.awaitEnd();

    Load.assertAllAcked(sends);
    for (int r = 0; r < recipients.size(); r++) {
      User recipient = recipients.get(r);
      Map<String, List<Message>> acked = Load.ackedTo(sends, recipient);
      Load.assertStoredInSendOrder(acked);
      List<String> ackedIds =
          acked.values().stream().flatMap(List::stream).map(Message::messageId).toList();
      List<Message> history = wholeHistory(clients.get((r + 1) % 3), recipient);
      assertThat(history.stream().map(Message::messageId).toList())
          .as("the history of recipient %d: every acknowledged message, once", r)
          .containsExactlyInAnyOrderElementsOf(ackedIds);
      Inbox.assertOnceInOrder(history, "the history of recipient " + r);
      Inbox.assertOnceInOrder(inboxes.get(r).messages, "recipient " + r + "'s connection");
    }

    // live delivery across nodes comes back by itself: node 1 -> node 2 and node 3 -> node 1
    awaitLiveDelivery(senderConnections.get(0), recipients.get(1), inboxes.get(1), "1-to-2");
    awaitLiveDelivery(senderConnections.get(2), recipients.get(0), inboxes.get(0), "3-to-1");
  }

  /**
   * Sends a probe now and then until one reaches the recipient's connection live; the connection
   * never reconnected, so only live routing can bring it.
   */
  private static void awaitLiveDelivery(
      ParleyConnection sender, User recipient, Inbox inbox, String route) {
    AtomicInteger probes = new AtomicInteger();
    List<String> sent = new ArrayList<>();
    waitFor("live delivery from node " + route + " after Redis is back")
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              int n = probes.incrementAndGet();
              sent.add(
                  join(sender.send(recipient.id(), "probe " + n, "probe-" + route + "-" + n))
                      .messageId());
              return sent.stream().anyMatch(inbox::has);
            });
    Message next = join(sender.send(recipient.id(), "and the next one", "next-" + route));
    inbox.awaitAll(List.of(next.messageId()), "the recipient, node " + route);
    assertThat(inbox.readies).as("the recipient's connection never reconnected").hasSize(1);
  }
}
