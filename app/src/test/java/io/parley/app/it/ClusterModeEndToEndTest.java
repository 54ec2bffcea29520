package io.parley.app.it;

import static io.parley.app.it.EndToEnd.join;
import static io.parley.app.it.EndToEnd.newUser;
import static io.parley.app.it.EndToEnd.waitFor;
import static io.parley.app.it.EndToEnd.wholeHistory;
import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.parley.app.it.EndToEnd.Account;
import io.parley.client.Message;
import io.parley.client.ParleyClient;
import io.parley.client.ParleyConnection;
import io.parley.cluster.redis.RedisServer;
import io.parley.store.cassandra.CassandraConfig;
import io.parley.store.cassandra.CassandraNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cluster mode end to end: two Parley nodes configured with {@code mode: cluster} on one real
 * Cassandra node (a child JVM) and a real {@code redis-server}, driven through the client SDK over
 * real HTTP and WebSocket connections.
 */
class ClusterModeEndToEndTest {

  @TempDir Path dir;

  /** The settings of node {@code nodeId}: the test server's, in cluster mode on these engines. */
  private static Map<String, String> cluster(CassandraConfig cassandra, RedisServer redis, int id) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("mode", "cluster");
    settings.put("node.id", Integer.toString(id));
    settings.put("cassandra.contact-points", String.join(",", cassandra.contactPoints()));
    settings.put("cassandra.local-datacenter", cassandra.localDatacenter());
    settings.put("cassandra.keyspace", cassandra.keyspace());
    settings.put("redis.uri", redis.uri());
    return settings;
  }

  @Test
  void usersOnTwoNodesRegisterAndExchangeAMessageLiveAndInHistory() throws Exception {
    CassandraConfig cassandra = CassandraNode.shared().freshConfig(0);
    try (RedisServer redis = RedisServer.start();
        TestServer node1 = TestServer.start(dir.resolve("node-1"), cluster(cassandra, redis, 1));
        TestServer node2 = TestServer.start(dir.resolve("node-2"), cluster(cassandra, redis, 2));
        ParleyClient client1 = ParleyClient.create(node1.uri().toString());
        ParleyClient client2 = ParleyClient.create(node2.uri().toString());
        RedisClient redisClient = RedisClient.create(redis.uri());
        StatefulRedisConnection<String, String> inspect = redisClient.connect()) {
      Account alice = newUser(client1);
      Account bob = newUser(client2);
      Recorder bobEvents = new Recorder();
      ParleyConnection bobWs = join(client2.connect(bob.session(), bobEvents));
      ParleyConnection aliceWs = join(client1.connect(alice.session(), new Recorder()));
      // bob's node routes his events to him once his subscription is in Redis
      waitFor("bob's subscription on node-2 in Redis")
          .until(() -> inspect.sync().sismember("parley:node:node-2:subs", bob.id()));

      Message sent = join(aliceWs.send(bob.id(), "hello from node 1", "c-1"));

      Message received = bobEvents.awaitMessage(sent.messageId());
      assertThat(received.senderId()).isEqualTo(alice.id());
      assertThat(received.content()).isEqualTo("hello from node 1");
      assertThat(wholeHistory(client1, bob))
          .as("bob's history, read through the other node")
          .extracting(Message::messageId)
          .containsExactly(sent.messageId());
      assertThat(join(client2.login(alice.username(), alice.password())).userId())
          .as("alice, registered on node 1, logs in on node 2")
          .isEqualTo(alice.id());
      join(aliceWs.close());
      join(bobWs.close());
    }
  }
}
