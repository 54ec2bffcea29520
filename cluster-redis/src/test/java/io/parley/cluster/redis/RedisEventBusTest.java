package io.parley.cluster.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.parley.cluster.redis.TestNode.Inbox;
import io.parley.core.delivery.Event;
import io.parley.core.delivery.EventBus.Subscription;
import io.parley.core.id.GroupId;
import io.parley.core.id.MessageId;
import io.parley.core.id.UserId;
import io.parley.core.message.ConversationId;
import io.parley.core.message.DeliveryStatus;
import io.parley.core.message.GroupReceipts;
import io.parley.core.message.Message;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RedisEventBusTest {

  private static final AtomicLong ids = new AtomicLong(1_000);
  private static RedisServer server;

  private TestNode a;
  private TestNode b;
  private TestNode c;

  @BeforeAll
  static void startRedis() {
    server = RedisServer.start();
  }

  @AfterAll
  static void stopRedis() throws Exception {
    server.close();
  }

  @BeforeEach
  void joinThreeNodes() {
    String prefix = TestNode.freshPrefix();
    a = TestNode.join(server.uri(), prefix, "a", RedisConfig.DEFAULT_NODE_TTL);
    b = TestNode.join(server.uri(), prefix, "b", RedisConfig.DEFAULT_NODE_TTL);
    c = TestNode.join(server.uri(), prefix, "c", RedisConfig.DEFAULT_NODE_TTL);
  }

  @AfterEach
  void leave() {
    for (TestNode node : List.of(a, b, c)) node.close();
  }

  @Test
  void anEventPublishedOnOneNodeReachesTheRecipientOnAnother() {
    UserId bob = newUser();
    Inbox inbox = new Inbox();
    b.bus.subscribe(bob, inbox);
    b.settle();

    Event typing = new Event.TypingEvent(ConversationId.direct(newUser(), bob), newUser(), true);
    a.bus.publish(List.of(bob), typing);

    await().until(() -> !inbox.events().isEmpty());
    assertThat(inbox.events()).containsExactly(typing);
  }

  @Test
  void localRecipientsGetTheEventAtOnceAndOnlyOnce() {
    UserId alice = newUser();
    Inbox here = new Inbox();
    a.bus.subscribe(alice, here);
    a.settle();

    Event presence = new Event.PresenceEvent(newUser(), true, 0);
    a.bus.publish(List.of(alice, alice), presence);

    assertThat(here.events()).containsExactly(presence);
  }

  @Test
  void aThousandMemberFanOutReachesEveryMemberOnceWithOneRedisMessagePerNode() {
    GroupId group = GroupId.of(ids.incrementAndGet());
    Map<UserId, Inbox> inboxes = new HashMap<>();
    List<UserId> members = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      UserId member = newUser();
      members.add(member);
      Inbox inbox = new Inbox();
      inboxes.put(member, inbox);
      TestNode node = List.of(a, b, c).get(i % 3);
      node.bus.subscribe(member, inbox);
    }
    a.settle();
    b.settle();
    c.settle();
    AtomicInteger messagesToB = new AtomicInteger();
    RedisClient spy = RedisClient.create(server.uri());
    try (StatefulRedisPubSubConnection<String, byte[]> watch =
        spy.connectPubSub(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE))) {
      watch.addListener(
          new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, byte[] message) {
              messagesToB.incrementAndGet();
            }
          });
      watch.sync().subscribe(b.redis.keys().nodeChannel());

      Event receipt =
          new Event.ReceiptEvent(
              MessageId.of(ids.incrementAndGet()),
              ConversationId.group(group),
              members.get(0),
              DeliveryStatus.READ,
              new GroupReceipts(999, 999, 1));
      a.bus.publish(members, receipt);

      await().until(() -> inboxes.values().stream().allMatch(inbox -> !inbox.events().isEmpty()));
      b.settle();
      c.settle();
      for (Inbox inbox : inboxes.values()) assertThat(inbox.events()).containsExactly(receipt);
      assertThat(messagesToB).hasValue(1);
    } finally {
      spy.shutdown();
    }
  }

  @Test
  void messagesPublishedInTurnByTwoNodesReachEveryConnectionInThatOrder() {
    UserId bob = newUser();
    UserId alice = newUser();
    Inbox onB = new Inbox();
    Inbox onC = new Inbox();
    b.bus.subscribe(bob, onB);
    c.bus.subscribe(bob, onC);
    b.settle();
    c.settle();
    ConversationId conversation = ConversationId.direct(alice, bob);

    // As a multi-writer store publishes: each message once the previous one's publish completed,
    // alternately from node a and from node b (where one recipient connection is).
    List<Event> sent = new ArrayList<>();
    for (int seq = 1; seq <= 40; seq++) {
      var message =
          new Message(
              MessageId.of(ids.incrementAndGet()),
              conversation,
              seq,
              alice,
              bob,
              null,
              "m" + seq,
              1L,
              null,
              DeliveryStatus.SENT);
      Event event = new Event.MessageEvent(message, null, 0);
      sent.add(event);
      TestNode publisher = seq % 2 == 0 ? a : b;
      publisher.bus.publish(List.of(alice, bob), event).toCompletableFuture().join();
    }

    await().until(() -> onB.events().size() == sent.size() && onC.events().size() == sent.size());
    assertThat(onB.events()).containsExactlyElementsOf(sent);
    assertThat(onC.events()).containsExactlyElementsOf(sent);
  }

  @Test
  void aUserConnectedToTwoNodesGetsTheEventOnBoth() {
    UserId carol = newUser();
    Inbox onB = new Inbox();
    Inbox onC = new Inbox();
    b.bus.subscribe(carol, onB);
    c.bus.subscribe(carol, onC);
    b.settle();
    c.settle();

    Event presence = new Event.PresenceEvent(newUser(), false, 42);
    a.bus.publish(List.of(carol), presence);

    await().until(() -> !onB.events().isEmpty() && !onC.events().isEmpty());
    assertThat(onB.events()).containsExactly(presence);
    assertThat(onC.events()).containsExactly(presence);
  }

  @Test
  void aClosedSubscriptionNoLongerReceivesAndIsNoLongerRouted() {
    UserId dave = newUser();
    Inbox stays = new Inbox();
    Inbox leaves = new Inbox();
    b.bus.subscribe(dave, stays);
    Subscription subscription = b.bus.subscribe(dave, leaves);
    subscription.close();
    subscription.close();
    b.settle();

    Event first = new Event.PresenceEvent(newUser(), true, 0);
    a.bus.publish(List.of(dave), first);
    await().until(() -> !stays.events().isEmpty());
    assertThat(leaves.events()).isEmpty();
    assertThat(members(b, Keys.SUBSCRIBERS)).contains(dave.toString());

    b.bus.subscribe(dave, stays).close(); // one listener of the two counted remains
    assertThat(members(b, Keys.SUBSCRIBERS)).contains(dave.toString());
  }

  @Test
  void aNodeThatLeavesIsNoLongerAPublishTarget() {
    UserId erin = newUser();
    b.bus.subscribe(erin, new Inbox());
    b.settle();
    assertThat(members(b, Keys.SUBSCRIBERS)).containsExactly(erin.toString());

    b.close();

    String set = b.redis.keys().nodeSet(Keys.SUBSCRIBERS);
    assertThat(a.redis.commands().exists(set).toCompletableFuture().join()).isZero();
    b =
        TestNode.join(
            server.uri(), a.redis.config().keyPrefix(), "b", RedisConfig.DEFAULT_NODE_TTL);
  }

  private static List<String> members(TestNode node, String set) {
    node.settle();
    return node
        .redis
        .commands()
        .smembers(node.redis.keys().nodeSet(set))
        .toCompletableFuture()
        .join()
        .stream()
        .map(bytes -> new String(bytes, StandardCharsets.US_ASCII))
        .toList();
  }

  private static UserId newUser() {
    return UserId.of(ids.incrementAndGet());
  }
}
