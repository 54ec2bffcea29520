package io.parley.app.cluster;

import static io.parley.app.cluster.ClusterEndToEnd.join;
import static io.parley.app.cluster.ClusterEndToEnd.register;
import static io.parley.app.cluster.ClusterEndToEnd.waitFor;
import static io.parley.app.cluster.ClusterEndToEnd.wholeHistory;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertAll;

import io.parley.app.cluster.ClusterEndToEnd.User;
import io.parley.client.Message;
import io.parley.client.ParleyClient;
import io.parley.client.ParleyConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One node of three goes away in the middle of a send load — {@code kill -9}, or SIGTERM as in a
 * rolling restart: the clients that were on it fail over to another node and resync, no
 * acknowledged message is lost or stored twice, each sender's messages keep their order, and live
 * delivery goes on between the surviving nodes.
 */
class NodeCrashTest {

  private static final int PER_SENDER = 100;

  private LocalCluster cluster;

  @BeforeEach
  void start() {
    cluster = LocalCluster.start(3);
  }

  @AfterEach
  void stop() {
    if (cluster != null) cluster.close();
  }

  /** How node 2 goes away. */
  enum Stop {
    KILL,
    TERM
  }

  @ParameterizedTest
  @EnumSource(Stop.class)
  void everyAcknowledgedMessageSurvivesALostNodeOnceAndInOrder(Stop stop) throws Exception {
    // one client per node, each failing over to the other two
    List<ParleyClient> clients =
        List.of(cluster.client(1, 2, 3), cluster.client(2, 3, 1), cluster.client(3, 1, 2));
    User[] users = register(clients.get(0), 6);
    List<User> senders = List.of(users[0], users[1], users[2]);
    List<User> recipients = List.of(users[3], users[4], users[5]);
    // sender i and recipient i on node i + 1
    List<ParleyConnection> senderConnections = new ArrayList<>();
    List<ParleyConnection> recipientConnections = new ArrayList<>();
    List<Inbox> inboxes = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      senderConnections.add(join(clients.get(i).connect(senders.get(i).session(), new Inbox())));
      Inbox inbox = new Inbox();
      recipientConnections.add(join(clients.get(i).connect(recipients.get(i).session(), inbox)));
      inboxes.add(inbox);
    }

    Load load = Load.start(senders, senderConnections, recipients, PER_SENDER);
    waitFor("a third of the load acknowledged").until(() -> load.acked() >= PER_SENDER);
    int killedAt = load.acked();
    if (stop == Stop.KILL) {
      cluster.node(2).kill();
    } else {
      assertThat(cluster.node(2).terminate()).as("node 2 drained and exited on SIGTERM").isTrue();
    }
    List<Load.Send> sends = load.awaitEnd();

    assertThat(killedAt).as("sends acked when node 2 went away").isLessThan(3 * PER_SENDER);

    // every check runs, and the failure lists all that did not hold
    List<Executable> checks = new ArrayList<>();
    checks.add(() -> Load.assertAllAcked(sends));
    for (ParleyConnection moved : List.of(senderConnections.get(1), recipientConnections.get(1))) {
      checks.add(
          () -> {
            waitFor("a connection of node 2 open again on another node").until(moved::isOpen);
            assertThat(moved.reconnects()).as("reconnects of %s", moved).isGreaterThanOrEqualTo(1);
          });
    }
    ParleyClient survivor = clients.get(2);
    for (int r = 0; r < recipients.size(); r++) {
      User recipient = recipients.get(r);
      String who = "recipient " + r + " (first on node " + (r + 1) + ")";
      Map<String, List<Message>> acked = Load.ackedTo(sends, recipient);
      List<Message> ackedMessages = acked.values().stream().flatMap(List::stream).toList();
      Set<String> ackedIds =
          ackedMessages.stream().map(Message::messageId).collect(Collectors.toSet());
      checks.add(() -> Load.assertStoredInSendOrder(acked));
      checks.add(
          () -> {
            List<Message> history = wholeHistory(survivor, recipient);
            Inbox.assertOnceInOrder(history, "the history of " + who + " read on node 3");
            assertThat(history.stream().map(Message::content).toList())
                .as("contents in the history of %s: no send stored twice", who)
                .doesNotHaveDuplicates();
            assertThat(history.stream().map(Message::messageId))
                .as("the history of %s read on node 3: every acknowledged message", who)
                .containsAll(ackedIds);
            assertThat(
                    history.stream()
                        .filter(m -> !ackedIds.contains(m.messageId()))
                        .map(Message::content))
                .as("messages in the history of %s that were not acknowledged", who)
                .allMatch(Load.failedContents(sends)::contains);
          });
      Inbox live = inboxes.get(r);
      checks.add(
          () -> {
            live.awaitMessages(ackedMessages, who + "'s connection");
            Inbox.assertOnceInOrder(live.messages, who + "'s connection");
          });
    }
    // live delivery goes on, also to and from the clients that moved
    checks.add(
        () -> {
          Message toMoved =
              join(senderConnections.get(0).send(recipients.get(1).id(), "after", "after-1"));
          inboxes.get(1).awaitAll(List.of(toMoved.messageId()), "node 2's recipient, moved");
        });
    checks.add(
        () -> {
          Message fromMoved =
              join(senderConnections.get(1).send(recipients.get(0).id(), "moved", "after-2"));
          inboxes.get(0).awaitAll(List.of(fromMoved.messageId()), "the recipient on node 1");
        });
    assertAll(
        "after node 2 went (" + stop + ") with " + killedAt + " sends acked", checks.stream());
  }
}
