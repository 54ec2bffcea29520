package io.parley.store.cassandra;

import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import io.parley.core.id.IdGenerator;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Settings of the Cassandra store (cluster mode).
 *
 * @param contactPoints {@code host:port} of some Cassandra nodes; the driver discovers the rest
 * @param localDatacenter the data centre this node talks to (the others only for replication)
 * @param keyspace created with {@code replication} if missing
 * @param replication the keyspace's replication, as CQL writes it: {@code class} is {@code
 *     SimpleStrategy} with a {@code replication_factor}, or {@code NetworkTopologyStrategy} with a
 *     replica count per data centre (see {@link #simpleStrategy}, {@link #networkTopology})
 * @param consistency of reads and writes, and the commit of lightweight transactions
 * @param serialConsistency of the Paxos phase of lightweight transactions (SERIAL or LOCAL_SERIAL)
 * @param messageTtl how long a message is kept
 * @param requestTimeout how long one request may take before it fails
 * @param nodeId this Parley node's id (0..{@value IdGenerator#MAX_NODE}), part of every id it
 *     generates: each live node of a cluster needs its own
 */
public record CassandraConfig(
    List<String> contactPoints,
    String localDatacenter,
    String keyspace,
    Map<String, String> replication,
    DefaultConsistencyLevel consistency,
    DefaultConsistencyLevel serialConsistency,
    Duration messageTtl,
    Duration requestTimeout,
    int nodeId) {

  public static final DefaultConsistencyLevel DEFAULT_CONSISTENCY =
      DefaultConsistencyLevel.LOCAL_QUORUM;
  public static final DefaultConsistencyLevel DEFAULT_SERIAL_CONSISTENCY =
      DefaultConsistencyLevel.LOCAL_SERIAL;
  public static final Duration DEFAULT_MESSAGE_TTL = ChronoUnit.YEARS.getDuration().multipliedBy(5);
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(5);

  /** Cassandra refuses TTLs above 20 years. */
  public static final Duration MAX_MESSAGE_TTL = Duration.ofSeconds(630_720_000);

  public static final String SIMPLE_STRATEGY = "SimpleStrategy";
  public static final String NETWORK_TOPOLOGY_STRATEGY = "NetworkTopologyStrategy";

  private static final Pattern KEYSPACE = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,47}");
  private static final Pattern DATACENTER = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
  private static final Pattern COUNT = Pattern.compile("[1-9][0-9]{0,2}");

  public CassandraConfig {
    contactPoints = List.copyOf(Objects.requireNonNull(contactPoints, "cassandra.contact-points"));
    if (contactPoints.isEmpty()) {
      throw new IllegalArgumentException("cassandra.contact-points must not be empty");
    }
    contactPoints.forEach(CassandraConfig::address);
    Objects.requireNonNull(localDatacenter, "cassandra.local-datacenter");
    if (!DATACENTER.matcher(localDatacenter).matches()) {
      throw new IllegalArgumentException(
          "cassandra.local-datacenter is not a data centre name: " + localDatacenter);
    }
    Objects.requireNonNull(keyspace, "cassandra.keyspace");
    if (!KEYSPACE.matcher(keyspace).matches()) {
      throw new IllegalArgumentException(
          "cassandra.keyspace must be a letter then up to 47 letters, digits or _: " + keyspace);
    }
    replication = checkReplication(replication);
    Objects.requireNonNull(consistency, "cassandra.consistency");
    Objects.requireNonNull(serialConsistency, "cassandra.serial-consistency");
    if (!serialConsistency.isSerial()) {
      throw new IllegalArgumentException(
          "cassandra.serial-consistency must be SERIAL or LOCAL_SERIAL: " + serialConsistency);
    }
    Objects.requireNonNull(messageTtl, "cassandra.message-ttl");
    if (messageTtl.toSeconds() < 1 || messageTtl.compareTo(MAX_MESSAGE_TTL) > 0) {
      throw new IllegalArgumentException(
          "cassandra.message-ttl must be between 1 second and 20 years: " + messageTtl);
    }
    Objects.requireNonNull(requestTimeout, "cassandra.request-timeout");
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException(
          "cassandra.request-timeout must be positive: " + requestTimeout);
    }
    if (nodeId < 0 || nodeId > IdGenerator.MAX_NODE) {
      throw new IllegalArgumentException(
          "node.id must be between 0 and " + IdGenerator.MAX_NODE + ": " + nodeId);
    }
  }

  /** The given connection settings with every other setting at its default. */
  public static CassandraConfig of(
      List<String> contactPoints,
      String localDatacenter,
      String keyspace,
      Map<String, String> replication,
      int nodeId) {
    return new CassandraConfig(
        contactPoints,
        localDatacenter,
        keyspace,
        replication,
        DEFAULT_CONSISTENCY,
        DEFAULT_SERIAL_CONSISTENCY,
        DEFAULT_MESSAGE_TTL,
        DEFAULT_REQUEST_TIMEOUT,
        nodeId);
  }

  /** {@code SimpleStrategy} with {@code factor} replicas: for a single data centre. */
  public static Map<String, String> simpleStrategy(int factor) {
    return Map.of("class", SIMPLE_STRATEGY, "replication_factor", Integer.toString(factor));
  }

  /** {@code NetworkTopologyStrategy} with the given replicas per data centre. */
  public static Map<String, String> networkTopology(Map<String, Integer> replicasPerDatacenter) {
    Map<String, String> replication = new LinkedHashMap<>();
    replication.put("class", NETWORK_TOPOLOGY_STRATEGY);
    replicasPerDatacenter.forEach((dc, count) -> replication.put(dc, Integer.toString(count)));
    return replication;
  }

  /** The contact points as socket addresses, their host names resolved now. */
  public List<InetSocketAddress> contactAddresses() {
    return contactPoints.stream()
        .map(CassandraConfig::address)
        .map(address -> new InetSocketAddress(address.getHostString(), address.getPort()))
        .toList();
  }

  private static InetSocketAddress address(String hostPort) {
    int colon = hostPort == null ? -1 : hostPort.lastIndexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException(
          "cassandra.contact-points: expected host:port, got " + hostPort);
    }
    try {
      int port = Integer.parseInt(hostPort.substring(colon + 1));
      if (port < 1 || port > 65_535) throw new NumberFormatException();
      return InetSocketAddress.createUnresolved(hostPort.substring(0, colon), port);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("cassandra.contact-points: bad port in " + hostPort, e);
    }
  }

  private static Map<String, String> checkReplication(Map<String, String> replication) {
    Objects.requireNonNull(replication, "cassandra.replication");
    String strategy = replication.get("class");
    Map<String, String> counts = new LinkedHashMap<>(replication);
    counts.remove("class");
    if (SIMPLE_STRATEGY.equals(strategy)) {
      if (!counts.keySet().equals(Set.of("replication_factor"))) {
        throw new IllegalArgumentException(
            "cassandra.replication: SimpleStrategy takes only a replication_factor");
      }
    } else if (NETWORK_TOPOLOGY_STRATEGY.equals(strategy)) {
      if (counts.isEmpty()) {
        throw new IllegalArgumentException(
            "cassandra.replication: NetworkTopologyStrategy needs a count per data centre");
      }
      for (String dc : counts.keySet()) {
        if (!DATACENTER.matcher(dc).matches()) {
          throw new IllegalArgumentException(
              "cassandra.replication: not a data centre name: " + dc);
        }
      }
    } else {
      throw new IllegalArgumentException(
          "cassandra.replication: class must be "
              + SIMPLE_STRATEGY
              + " or "
              + NETWORK_TOPOLOGY_STRATEGY
              + ": "
              + strategy);
    }
    counts.forEach(
        (key, count) -> {
          if (count == null || !COUNT.matcher(count).matches()) {
            throw new IllegalArgumentException(
                "cassandra.replication: " + key + " must be a positive count: " + count);
          }
        });
    Map<String, String> copy = new LinkedHashMap<>();
    copy.put("class", strategy);
    copy.putAll(counts);
    return Collections.unmodifiableMap(copy);
  }
}
