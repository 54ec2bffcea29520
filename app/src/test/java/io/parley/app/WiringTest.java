package io.parley.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import io.parley.app.Backend.Mode;
import io.parley.app.config.Config;
import io.parley.app.config.ConfigException;
import io.parley.app.config.ConfigLoader;
import io.parley.cluster.redis.BucketLimit;
import io.parley.cluster.redis.RedisConfig;
import io.parley.core.ratelimit.RateLimiter.Scope;
import io.parley.store.cassandra.CassandraConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the mode and the cluster settings map onto the Cassandra and Redis configurations. */
class WiringTest {

  @TempDir Path dir;

  private static Config flags(Map<String, String> flags) {
    return ConfigLoader.load(null, Map.of(), flags);
  }

  @Test
  void embeddedIsTheDefaultMode() {
    assertThat(Wiring.mode(flags(Map.of()))).isEqualTo(Mode.EMBEDDED);
    assertThat(Wiring.mode(flags(Map.of("mode", "Cluster")))).isEqualTo(Mode.CLUSTER);
  }

  @Test
  void anUnknownModeNamesTheKey() {
    assertThatThrownBy(() -> Wiring.mode(flags(Map.of("mode", "clustered"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("mode must be embedded or cluster")
        .hasMessageContaining("clustered");
  }

  @Test
  void theDefaultsReachALocalSingleNodeCassandraAndRedis() {
    Config config = flags(Map.of());

    CassandraConfig cassandra = Wiring.cassandraConfig(config);
    RedisConfig redis = Wiring.redisConfig(config);

    assertThat(cassandra.contactPoints()).containsExactly("127.0.0.1:9042");
    assertThat(cassandra.localDatacenter()).isEqualTo("datacenter1");
    assertThat(cassandra.keyspace()).isEqualTo("parley");
    assertThat(cassandra.replication()).isEqualTo(CassandraConfig.simpleStrategy(1));
    assertThat(cassandra.consistency()).isEqualTo(DefaultConsistencyLevel.LOCAL_QUORUM);
    assertThat(cassandra.serialConsistency()).isEqualTo(DefaultConsistencyLevel.LOCAL_SERIAL);
    assertThat(cassandra.messageTtl()).isEqualTo(Duration.ofDays(1826));
    assertThat(cassandra.requestTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(cassandra.nodeId()).isZero();
    assertThat(redis)
        .isEqualTo(
            new RedisConfig(
                "redis://127.0.0.1:6379",
                "node-0",
                "parley:",
                Duration.ofSeconds(1),
                Duration.ofSeconds(15),
                Duration.ofSeconds(2)));
  }

  @Test
  void aYamlFileConfiguresEveryClusterSetting() throws Exception {
    Path file = dir.resolve("cluster.yml");
    Files.writeString(
        file,
        """
        mode: cluster
        node:
          id: 7
        cassandra:
          contact-points: 10.0.0.1:9042, 10.0.0.2:9142
          local-datacenter: eu-west
          keyspace: chat
          replication: eu-west=3,us-east=2
          consistency: quorum
          serial-consistency: SERIAL
          message-ttl: 30d
          request-timeout: 2500ms
        redis:
          uri: redis-sentinel://10.0.0.5:26379,10.0.0.6:26379/0#parley
          key-prefix: "chat:"
          command-timeout: 500ms
          node-ttl: 6s
          max-reconnect-delay: 1s
        """);
    Config config = ConfigLoader.load(file, Map.of(), Map.of());

    CassandraConfig cassandra = Wiring.cassandraConfig(config);
    RedisConfig redis = Wiring.redisConfig(config);

    assertThat(Wiring.mode(config)).isEqualTo(Mode.CLUSTER);
    assertThat(cassandra)
        .isEqualTo(
            new CassandraConfig(
                List.of("10.0.0.1:9042", "10.0.0.2:9142"),
                "eu-west",
                "chat",
                CassandraConfig.networkTopology(Map.of("eu-west", 3, "us-east", 2)),
                DefaultConsistencyLevel.QUORUM,
                DefaultConsistencyLevel.SERIAL,
                Duration.ofDays(30),
                Duration.ofMillis(2500),
                7));
    assertThat(redis)
        .isEqualTo(
            new RedisConfig(
                "redis-sentinel://10.0.0.5:26379,10.0.0.6:26379/0#parley",
                "node-7",
                "chat:",
                Duration.ofMillis(500),
                Duration.ofSeconds(6),
                Duration.ofSeconds(1)));
  }

  @Test
  void theExampleClusterConfigurationIsValid() {
    Config config = ConfigLoader.load(Path.of("..", "cluster.example.yml"), Map.of(), Map.of());

    assertThat(Wiring.mode(config)).isEqualTo(Mode.CLUSTER);
    assertThat(Wiring.cassandraConfig(config).nodeId()).isEqualTo(1);
    assertThat(Wiring.redisConfig(config).nodeId()).isEqualTo("node-1");
    assertThat(Wiring.jwtSecret(config, Mode.CLUSTER, dir)).hasSizeGreaterThanOrEqualTo(32);
  }

  @Test
  void badClusterValuesNameTheirKey() {
    Map<String, String> bad =
        Map.ofEntries(
            Map.entry("cassandra.contact-points", "localhost"),
            Map.entry("cassandra.local-datacenter", "dc one"),
            Map.entry("cassandra.keyspace", "1parley"),
            Map.entry("cassandra.replication", "three"),
            Map.entry("cassandra.consistency", "STRONG"),
            Map.entry("cassandra.serial-consistency", "QUORUM"),
            Map.entry("cassandra.message-ttl", "5y"),
            Map.entry("cassandra.request-timeout", "0s"),
            Map.entry("redis.uri", "http://127.0.0.1:6379"),
            Map.entry("redis.key-prefix", "has space"),
            Map.entry("redis.command-timeout", "0ms"),
            Map.entry("redis.node-ttl", "100ms"),
            Map.entry("redis.max-reconnect-delay", "soon"),
            Map.entry("node.id", "1024"));
    bad.forEach(
        (key, value) -> {
          Config config = flags(Map.of(key, value));
          assertThatThrownBy(
                  () -> {
                    Wiring.cassandraConfig(config);
                    Wiring.redisConfig(config);
                  })
              .as("%s=%s", key, value)
              .isInstanceOf(ConfigException.class)
              .hasMessageContaining(key);
        });
  }

  @Test
  void replicationCountsAreChecked() {
    for (String replication :
        List.of("replication_factor=0", "dc1=3,dc1=2", "dc1=", "replication_factor=1,dc1=3")) {
      assertThatThrownBy(
              () -> Wiring.cassandraConfig(flags(Map.of("cassandra.replication", replication))))
          .as(replication)
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("cassandra.replication");
    }
  }

  @Test
  void aMessageTtlAboveTwentyYearsIsRefused() {
    assertThatThrownBy(
            () -> Wiring.cassandraConfig(flags(Map.of("cassandra.message-ttl", "7301d"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("cassandra.message-ttl must be between 1 second and 20 years");
  }

  @Test
  void clusterModeRequiresAConfiguredJwtSecret() {
    Config config = flags(Map.of("mode", "cluster", "data.dir", dir.toString()));

    assertThatThrownBy(() -> ParleyServer.start(config))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("auth.jwt-secret must be set in cluster mode");
    assertThat(dir.resolve(JwtSecret.FILE_NAME)).doesNotExist();
  }

  @Test
  void embeddedModeStillGeneratesTheSecretWhenUnset() {
    byte[] secret = Wiring.jwtSecret(flags(Map.of()), Mode.EMBEDDED, dir);

    assertThat(secret).hasSize(JwtSecret.MIN_BYTES);
    assertThat(dir.resolve(JwtSecret.FILE_NAME)).exists();
  }

  @Test
  void rateLimitsBecomeSharedBucketsOfTheSameShape() {
    Config config =
        flags(
            Map.of(
                "ratelimit.send-per-user", "5",
                "ratelimit.send-per-user-burst", "10",
                "ratelimit.send-per-ip", "50",
                "ratelimit.send-per-ip-burst", "100",
                "ratelimit.auth-per-ip-per-minute", "12",
                "ratelimit.auth-per-ip-burst", "6"));

    Map<Scope, BucketLimit> limits = Wiring.redisLimits(Wiring.rateLimitConfig(config));

    assertThat(limits)
        .containsOnly(
            Map.entry(Scope.SEND_PER_USER, new BucketLimit(10, 5, Duration.ofSeconds(1))),
            Map.entry(Scope.SEND_PER_IP, new BucketLimit(100, 50, Duration.ofSeconds(1))),
            Map.entry(Scope.AUTH_PER_IP, new BucketLimit(6, 12, Duration.ofMinutes(1))));
  }

  @Test
  void disabledRateLimitsAreNoSharedBuckets() {
    Config config = flags(Map.of("ratelimit.enabled", "false"));

    assertThat(Wiring.redisLimits(Wiring.rateLimitConfig(config))).isEmpty();
  }

  @Test
  void logsNeverShowARedisPassword() {
    assertThat(ClusterBackend.withoutPassword("redis://:s3cret@10.0.0.5:6379/0"))
        .isEqualTo("redis://***@10.0.0.5:6379/0");
    assertThat(ClusterBackend.withoutPassword("redis://127.0.0.1:6379"))
        .isEqualTo("redis://127.0.0.1:6379");
  }
}
