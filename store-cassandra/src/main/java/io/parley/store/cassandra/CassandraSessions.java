package io.parley.store.cassandra;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import java.time.Duration;
import java.util.List;

/** Opens driver sessions on the store's keyspace, creating the keyspace and schema as needed. */
public final class CassandraSessions {

  private static final Duration SCHEMA_REFRESH_WINDOW = Duration.ofMillis(100);

  private CassandraSessions() {}

  /**
   * Connects, creates the keyspace if it is missing, applies the schema migrations not yet applied
   * and answers a session on the keyspace, whose requests use the configured consistency levels and
   * timeout. Blocks: call it at start-up. The caller closes the session.
   */
  public static CqlSession open(CassandraConfig config) {
    // a session cannot be opened on a keyspace that does not exist yet
    try (CqlSession bootstrap = builder(config).build()) {
      Schema.createKeyspace(bootstrap, config.keyspace(), config.replication());
    }
    CqlSession session =
        builder(config).withKeyspace(CqlIdentifier.fromCql(config.keyspace())).build();
    try {
      Schema.apply(session, config.serialConsistency());
      return session;
    } catch (RuntimeException e) {
      session.close();
      throw e;
    }
  }

  /** The driver's settings for the store: the configured ones, and a few of its own. */
  static DriverConfigLoader driverConfig(CassandraConfig config) {
    return DriverConfigLoader.programmaticBuilder()
        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, config.requestTimeout())
        .withString(DefaultDriverOption.REQUEST_CONSISTENCY, config.consistency().name())
        .withString(
            DefaultDriverOption.REQUEST_SERIAL_CONSISTENCY, config.serialConsistency().name())
        // the driver keeps metadata only of the keyspace it works in
        .withStringList(
            DefaultDriverOption.METADATA_SCHEMA_REFRESHED_KEYSPACES, List.of(config.keyspace()))
        // a schema change completes after the driver's metadata refresh, which by default
        // waits 1 s for more changes to coalesce: too long for start-up's few migrations
        .withDuration(DefaultDriverOption.METADATA_SCHEMA_WINDOW, SCHEMA_REFRESH_WINDOW)
        // protocol v5's segment framing (SegmentToFrameDecoder) failed to decode responses
        // under concurrent load on Netty 4.2 ("readerIndex + length exceeds writerIndex" on a
        // slice of an adaptive-allocator buffer), closing the connection; v4 framing does not
        .withString(DefaultDriverOption.PROTOCOL_VERSION, "V4")
        // nothing is submitted to a closed session: no need for Netty's 2 s quiet period
        .withInt(DefaultDriverOption.NETTY_IO_SHUTDOWN_QUIET_PERIOD, 0)
        .withInt(DefaultDriverOption.NETTY_ADMIN_SHUTDOWN_QUIET_PERIOD, 0)
        .build();
  }

  private static CqlSessionBuilder builder(CassandraConfig config) {
    return CqlSession.builder()
        .addContactPoints(config.contactAddresses())
        .withLocalDatacenter(config.localDatacenter())
        .withConfigLoader(driverConfig(config));
  }
}
