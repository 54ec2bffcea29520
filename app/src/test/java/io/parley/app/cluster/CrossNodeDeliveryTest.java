package io.parley.app.cluster;

import static io.parley.app.cluster.ClusterEndToEnd.join;
import static io.parley.app.cluster.ClusterEndToEnd.randomName;
import static io.parley.app.cluster.ClusterEndToEnd.register;
import static io.parley.app.cluster.ClusterEndToEnd.session;
import static io.parley.app.cluster.ClusterEndToEnd.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.parley.app.cluster.ClusterEndToEnd.User;
import io.parley.client.Group;
import io.parley.client.Message;
import io.parley.client.ParleyClient;
import io.parley.client.ParleyConnection;
import io.parley.client.ParleyException;
import io.parley.client.Registration;
import io.parley.client.SendRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Three nodes in cluster mode, users spread over them: what one node accepts reaches the others
 * live (through Redis), is readable from any node (from Cassandra), and a username is claimed once
 * however many nodes race for it. Each test runs on a cluster of its own (own keyspace, own Redis).
 */
class CrossNodeDeliveryTest {

  private LocalCluster cluster;
  private ParleyClient one;
  private ParleyClient two;
  private ParleyClient three;

  @BeforeEach
  void start() {
    cluster = LocalCluster.start(3);
    one = cluster.client(1);
    two = cluster.client(2);
    three = cluster.client(3);
  }

  @AfterEach
  void stop() {
    if (cluster != null) cluster.close();
  }

  @Test
  void aMessageAcceptedOnOneNodeReachesTheRecipientsConnectionsOnTheOtherNodesLive() {
    User[] users = register(one, 2);
    User alice = users[0];
    User bob = users[1];
    Inbox alices = new Inbox();
    ParleyConnection aliceOnOne = join(one.connect(alice.session(), alices));
    Inbox bobsOnTwo = new Inbox();
    join(two.connect(bob.session(), bobsOnTwo));
    Inbox bobsOnThree = new Inbox();
    ParleyConnection bobOnThree = join(three.connect(bob.session(), bobsOnThree));

    Message overWebSocket = join(aliceOnOne.send(bob.id(), "hello from node 1", "c-1"));
    Message overHttp =
        join(one.send(alice.session(), SendRequest.toUser(bob.id(), "and over HTTP on node 1")));
    List<String> sent = List.of(overWebSocket.messageId(), overHttp.messageId());

    bobsOnTwo.awaitAll(sent, "bob's connection on node 2");
    bobsOnThree.awaitAll(sent, "bob's connection on node 3");
    alices.awaitAll(sent, "alice's own connection on node 1");
    for (Inbox inbox : List.of(bobsOnTwo, bobsOnThree, alices)) {
      assertThat(inbox.messages.stream().map(Message::messageId).toList())
          .as("live frames, once each, in the order stored")
          .containsExactlyElementsOf(sent);
    }

    for (ParleyClient node : List.of(one, two, three)) {
      assertThat(ClusterEndToEnd.wholeHistory(node, bob).stream().map(Message::messageId))
          .as("bob's history read on %s", node.options().baseUri())
          .containsExactlyElementsOf(sent);
      assertThat(ClusterEndToEnd.wholeHistory(node, alice).stream().map(Message::messageId))
          .as("alice's history read on %s", node.options().baseUri())
          .containsExactlyElementsOf(sent);
    }
    assertThat(join(bobOnThree.sync(null, null, 50)).messages())
        .as("a sync over bob's WebSocket on node 3")
        .extracting(Message::messageId)
        .containsExactlyElementsOf(sent);

    // alice (on node 1) is bob's contact now: a new connection of bob's on node 2 is told she is
    // online, and bob's connections hear it when she goes offline
    Inbox bobsLater = new Inbox();
    join(two.connect(bob.session(), bobsLater));
    bobsLater.awaitPresence(alice.id(), true, "bob's new connection on node 2");
    join(aliceOnOne.close());
    bobsOnTwo.awaitPresence(alice.id(), false, "bob's connection on node 2");
    bobsOnThree.awaitPresence(alice.id(), false, "bob's connection on node 3");
  }

  @Test
  void everyMemberOfAGroupSpreadOverThreeNodesGetsEveryMessageLiveOnceAndInOrder() {
    List<ParleyClient> nodes = List.of(one, two, three);
    User[] members = register(one, 6);
    List<ParleyConnection> connections = new ArrayList<>();
    List<Inbox> inboxes = new ArrayList<>();
    for (int i = 0; i < members.length; i++) {
      Inbox inbox = new Inbox();
      connections.add(join(nodes.get(i % 3).connect(members[i].session(), inbox)));
      inboxes.add(inbox);
    }
    List<String> others = Arrays.stream(members).skip(1).map(User::id).toList();
    Group group = join(two.groups().create(members[0].session(), "across nodes", others));

    // every member sends at once, each over the connection to its own node
    List<CompletableFuture<Message>> sends = new ArrayList<>();
    for (int round = 0; round < 5; round++) {
      for (int i = 0; i < members.length; i++) {
        sends.add(
            connections
                .get(i)
                .sendToGroup(
                    group.groupId(), "round " + round + " from " + i, "g-" + round + "-" + i));
      }
    }
    List<Message> stored =
        sends.stream()
            .map(ClusterEndToEnd::join)
            .sorted(Comparator.comparingLong(Message::seq))
            .toList();
    List<String> inOrder = stored.stream().map(Message::messageId).toList();
    assertThat(stored.stream().map(Message::seq))
        .as("seqs of the group's messages")
        .doesNotHaveDuplicates();

    for (int i = 0; i < members.length; i++) {
      Inbox inbox = inboxes.get(i);
      String who = "member " + i + " on node " + (i % 3 + 1);
      inbox.awaitAll(inOrder, who);
      assertThat(
              inbox.messages.stream()
                  .filter(m -> group.groupId().equals(m.groupId()) && !m.isSystem())
                  .map(Message::messageId))
          .as("the group's messages at %s: each once, in seq order", who)
          .containsExactlyElementsOf(inOrder);
    }
    List<String> newestFirst = new ArrayList<>(inOrder);
    Collections.reverse(newestFirst);
    String conversation = stored.get(0).conversationId();
    assertThat(
            join(three.conversationMessages(members[5].session(), conversation, null, 100))
                .messages()
                .stream()
                .filter(m -> !m.isSystem())
                .map(Message::messageId))
        .as("the group's history read on node 3, newest first")
        .containsExactlyElementsOf(newestFirst);
  }

  @Test
  void aMembershipChangeMadeOnOneNodeHoldsOnTheOthersAtOnce() {
    User[] users = register(one, 3);
    User alice = users[0];
    User bob = users[1];
    User carol = users[2];
    Group group = join(one.groups().create(alice.session(), "changing", List.of(bob.id())));
    // node 2 reads (and keeps in its member cache) the group as it is now
    assertThat(isRefused(two, bob, group)).as("bob, a member, refused on node 2").isFalse();
    assertThat(isRefused(two, carol, group)).as("carol, not a member, refused on node 2").isTrue();

    join(one.groups().removeMember(alice.session(), group.groupId(), bob.id()));
    join(one.groups().addMembers(alice.session(), group.groupId(), List.of(carol.id())));

    // node 1 announced both changes through Redis: node 2 dropped its cached member list
    waitFor("node 2 to refuse bob, removed on node 1").until(() -> isRefused(two, bob, group));
    waitFor("node 2 to let carol in, added on node 1").until(() -> !isRefused(two, carol, group));
  }

  /**
   * Whether {@code node} refuses {@code user} the group as a non-member (the API answers 404 "no
   * such group" to them, telling nothing of a group they are not in).
   */
  private static boolean isRefused(ParleyClient node, User user, Group group) {
    try {
      join(node.groups().get(user.session(), group.groupId()));
      return false;
    } catch (ParleyException e) {
      if (e.httpStatus() == 404 && e.code().equals("NOT_FOUND")) return true;
      throw e;
    }
  }

  @Test
  void concurrentRegistrationsOfOneUsernameOnTwoNodesHaveExactlyOneWinner() {
    for (int round = 0; round < 20; round++) {
      String name = randomName();
      // both requests in flight at once; which node asks first alternates
      CompletableFuture<Registration> onOne;
      CompletableFuture<Registration> onTwo;
      if (round % 2 == 0) {
        onOne = one.register(name, "password-of-node-one");
        onTwo = two.register(name, "password-of-node-two");
      } else {
        onTwo = two.register(name, "password-of-node-two");
        onOne = one.register(name, "password-of-node-one");
      }
      List<Object> outcomes = List.of(outcome(onOne), outcome(onTwo));

      List<Registration> winners =
          outcomes.stream()
              .filter(Registration.class::isInstance)
              .map(Registration.class::cast)
              .toList();
      assertThat(winners)
          .as("registrations of %s that succeeded (round %d)", name, round)
          .hasSize(1);
      ParleyException loser =
          outcomes.stream()
              .filter(ParleyException.class::isInstance)
              .map(ParleyException.class::cast)
              .findFirst()
              .orElseThrow();
      assertThat(loser.httpStatus()).as("status of the losing registration").isEqualTo(409);
      assertThat(loser.code()).as("code of the losing registration").isEqualTo("USERNAME_TAKEN");

      Registration winner = winners.get(0);
      assertThat(join(three.userByUsername(session(winner), name)).userId())
          .as("%s looked up on node 3", name)
          .isEqualTo(winner.userId());
    }
  }

  /** The registration, or the {@link ParleyException} it failed with. */
  private static Object outcome(CompletableFuture<Registration> registration) {
    try {
      return join(registration);
    } catch (ParleyException refused) {
      return refused;
    }
  }
}
