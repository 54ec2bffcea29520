package io.parley.store.cassandra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CassandraConfigTest {

  private static CassandraConfig config(
      List<String> contactPoints, String keyspace, Map<String, String> replication) {
    return CassandraConfig.of(contactPoints, "dc1", keyspace, replication, 1);
  }

  private static CassandraConfig valid() {
    return config(List.of("10.0.0.1:9042"), "parley", CassandraConfig.simpleStrategy(3));
  }

  @Test
  void defaultsAreTheSeedsOnes() {
    CassandraConfig config = valid();

    assertThat(config.consistency()).isEqualTo(DefaultConsistencyLevel.LOCAL_QUORUM);
    assertThat(config.serialConsistency()).isEqualTo(DefaultConsistencyLevel.LOCAL_SERIAL);
    assertThat(config.messageTtl()).isBetween(Duration.ofDays(5 * 365), Duration.ofDays(5 * 366));
  }

  @Test
  void replicationAcrossThreeDatacentresIsAccepted() {
    Map<String, Integer> perDc = new LinkedHashMap<>();
    perDc.put("us-east", 3);
    perDc.put("eu-west", 3);
    perDc.put("ap-south", 3);

    CassandraConfig config =
        config(
            List.of("10.0.0.1:9042", "10.0.0.2:9042"),
            "parley",
            CassandraConfig.networkTopology(perDc));

    assertThat(config.replication())
        .containsExactly(
            Map.entry("class", "NetworkTopologyStrategy"),
            Map.entry("us-east", "3"),
            Map.entry("eu-west", "3"),
            Map.entry("ap-south", "3"));
  }

  @Test
  void contactPointsMustBeHostAndPort() {
    assertThatThrownBy(() -> config(List.of(), "parley", CassandraConfig.simpleStrategy(1)))
        .hasMessageContaining("cassandra.contact-points");
    assertThatThrownBy(
            () -> config(List.of("10.0.0.1"), "parley", CassandraConfig.simpleStrategy(1)))
        .hasMessageContaining("host:port");
    assertThatThrownBy(
            () -> config(List.of("10.0.0.1:99999"), "parley", CassandraConfig.simpleStrategy(1)))
        .hasMessageContaining("bad port");
  }

  @Test
  void keyspaceMustBeAPlainIdentifier() {
    assertThatThrownBy(
            () ->
                config(
                    List.of("h:9042"),
                    "parley; DROP KEYSPACE x",
                    CassandraConfig.simpleStrategy(1)))
        .hasMessageContaining("cassandra.keyspace");
    assertThatThrownBy(
            () -> config(List.of("h:9042"), "1parley", CassandraConfig.simpleStrategy(1)))
        .hasMessageContaining("cassandra.keyspace");
  }

  @Test
  void replicationMustBeAKnownStrategyWithPositiveCounts() {
    assertThatThrownBy(() -> config(List.of("h:9042"), "parley", Map.of("class", "LocalStrategy")))
        .hasMessageContaining("class must be");
    assertThatThrownBy(() -> config(List.of("h:9042"), "parley", Map.of("class", "SimpleStrategy")))
        .hasMessageContaining("replication_factor");
    assertThatThrownBy(
            () ->
                config(
                    List.of("h:9042"), "parley", CassandraConfig.networkTopology(Map.of("dc1", 0))))
        .hasMessageContaining("positive count");
    assertThatThrownBy(
            () ->
                config(
                    List.of("h:9042"),
                    "parley",
                    Map.of("class", "NetworkTopologyStrategy", "dc'1", "3")))
        .hasMessageContaining("not a data centre name");
    assertThatThrownBy(
            () -> config(List.of("h:9042"), "parley", CassandraConfig.networkTopology(Map.of())))
        .hasMessageContaining("a count per data centre");
  }

  @Test
  void serialConsistencyMustBeSerial() {
    CassandraConfig v = valid();
    assertThatThrownBy(
            () ->
                new CassandraConfig(
                    v.contactPoints(),
                    v.localDatacenter(),
                    v.keyspace(),
                    v.replication(),
                    v.consistency(),
                    DefaultConsistencyLevel.QUORUM,
                    v.messageTtl(),
                    v.requestTimeout(),
                    1))
        .hasMessageContaining("cassandra.serial-consistency");
  }

  @Test
  void ttlTimeoutAndNodeIdAreBounded() {
    CassandraConfig v = valid();
    assertThatThrownBy(
            () ->
                new CassandraConfig(
                    v.contactPoints(),
                    v.localDatacenter(),
                    v.keyspace(),
                    v.replication(),
                    v.consistency(),
                    v.serialConsistency(),
                    Duration.ofDays(365 * 21),
                    v.requestTimeout(),
                    1))
        .hasMessageContaining("cassandra.message-ttl");
    assertThatThrownBy(
            () ->
                new CassandraConfig(
                    v.contactPoints(),
                    v.localDatacenter(),
                    v.keyspace(),
                    v.replication(),
                    v.consistency(),
                    v.serialConsistency(),
                    v.messageTtl(),
                    Duration.ZERO,
                    1))
        .hasMessageContaining("cassandra.request-timeout");
    assertThatThrownBy(
            () ->
                CassandraConfig.of(
                    List.of("h:9042"), "dc1", "parley", CassandraConfig.simpleStrategy(1), 1024))
        .hasMessageContaining("node.id");
  }
}
