package io.parley.app.cluster;

import io.parley.client.ParleyClient;
import io.parley.client.ParleyClientOptions;
import io.parley.cluster.redis.RedisServer;
import io.parley.store.cassandra.CassandraConfig;
import io.parley.store.cassandra.CassandraNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Parley cluster for one test: nodes 1..n in cluster mode, each a {@link ClusterNode} child JVM,
 * on the Cassandra node shared by the whole test run ({@link CassandraNode#shared()}) in a keyspace
 * of their own, and on a redis-server of their own. Nothing is shared with another test's cluster
 * but the Cassandra process.
 *
 * <p>Nodes run with a short {@code redis.node-ttl}, so that the users of a killed node go offline
 * within seconds, and with rate limits far above what a test sends.
 */
final class LocalCluster implements AutoCloseable {

  /** The token secret of every node, so tests can mint sessions (see {@link ClusterEndToEnd}). */
  static final String JWT_SECRET = "cluster-test-secret-cluster-test-secret-0123456789";

  static final String NODE_TTL = "3s";

  private final RedisServer redis;
  private final List<ClusterNode> nodes;
  private final List<ParleyClient> clients = new CopyOnWriteArrayList<>();

  private LocalCluster(RedisServer redis, List<ClusterNode> nodes) {
    this.redis = redis;
    this.nodes = nodes;
  }

  /**
   * Starts {@code size} nodes and returns once each answers {@code /health}. Node 1 starts alone
   * first: it creates the keyspace and its tables, which the others then find (concurrent schema
   * changes from several nodes would only make Cassandra reconcile them).
   */
  static LocalCluster start(int size) {
    CassandraConfig cassandra = CassandraNode.shared().freshConfig(0);
    RedisServer redis = RedisServer.start();
    List<ClusterNode> nodes = new ArrayList<>();
    try {
      Path dir = Files.createDirectories(Path.of("target", "cluster-it", cassandra.keyspace()));
      Map<String, String> settings = settings(cassandra, redis);
      nodes.add(ClusterNode.launch(1, dir, settings).awaitReady());
      for (int id = 2; id <= size; id++) nodes.add(ClusterNode.launch(id, dir, settings));
      nodes.forEach(ClusterNode::awaitReady);
      return new LocalCluster(redis, List.copyOf(nodes));
    } catch (IOException e) {
      nodes.forEach(ClusterNode::close);
      closeQuietly(redis);
      throw new UncheckedIOException(e);
    } catch (RuntimeException | Error e) {
      nodes.forEach(ClusterNode::close);
      closeQuietly(redis);
      throw e;
    }
  }

  /** The settings every node shares: the agreed cluster-mode keys (docs/OPERATIONS.md). */
  private static Map<String, String> settings(CassandraConfig cassandra, RedisServer redis) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("mode", "cluster");
    settings.put("auth.jwt-secret", JWT_SECRET);
    settings.put("cassandra.contact-points", String.join(",", cassandra.contactPoints()));
    settings.put("cassandra.local-datacenter", CassandraNode.DATACENTER);
    settings.put("cassandra.keyspace", cassandra.keyspace());
    settings.put("cassandra.replication", "replication_factor=1");
    settings.put("redis.uri", redis.uri());
    settings.put("redis.node-ttl", NODE_TTL);
    settings.put("ratelimit.auth-per-ip-per-minute", "100000");
    settings.put("ratelimit.auth-per-ip-burst", "100000");
    settings.put("ratelimit.send-per-ip", "100000");
    settings.put("ratelimit.send-per-ip-burst", "100000");
    settings.put("ratelimit.send-per-user", "10000");
    settings.put("ratelimit.send-per-user-burst", "10000");
    return settings;
  }

  /** Node {@code id}, 1-based. */
  ClusterNode node(int id) {
    return nodes.get(id - 1);
  }

  String uri(int id) {
    return node(id).uri();
  }

  RedisServer redis() {
    return redis;
  }

  /**
   * A client of node {@code id} that fails over to the {@code fallbacks} in order, closed with the
   * cluster.
   */
  ParleyClient client(int id, int... fallbacks) {
    String[] others = new String[fallbacks.length];
    for (int i = 0; i < fallbacks.length; i++) others[i] = uri(fallbacks[i]);
    ParleyClient client =
        ParleyClient.create(new ParleyClientOptions().baseUri(uri(id)).fallbackUris(others));
    clients.add(client);
    return client;
  }

  /** Stops the clients, then every node gracefully (all at once), then Redis. */
  @Override
  public void close() {
    clients.forEach(ParleyClient::close);
    nodes.parallelStream().forEach(ClusterNode::close);
    closeQuietly(redis);
  }

  private static void closeQuietly(RedisServer redis) {
    try {
      redis.close();
    } catch (IOException | RuntimeException e) {
      // its directory is temporary; nothing else to do
    }
  }
}
