package io.parley.store.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Three stores on three sessions sharing one fresh keyspace, as three nodes: node ids 1 to 3,
 * clocks skewed by -40, 0 and +35 ms, and tiny buckets (inboxes every 11 positions, logs every 7
 * seqs) so that reads and claims cross many partition boundaries. A test class registers it as its
 * static extension: opened before its tests, closed after them.
 */
final class SkewedNodes implements BeforeAllCallback, AfterAllCallback {

  private static final Buckets SMALL_BUCKETS = new Buckets(7, 11);
  private static final long[] SKEW_MILLIS = {-40, 0, 35};

  private final List<CqlSession> sessions = new ArrayList<>();
  private final List<CassandraMessageStore> stores = new ArrayList<>();

  @Override
  public void beforeAll(ExtensionContext context) {
    CassandraConfig first = CassandraNode.shared().freshConfig(1);
    for (int node = 1; node <= SKEW_MILLIS.length; node++) {
      CassandraConfig config = CassandraNode.shared().configFor(first.keyspace(), node);
      CqlSession session = CassandraSessions.open(config);
      sessions.add(session);
      Clock skewed = Clock.offset(Clock.systemUTC(), Duration.ofMillis(SKEW_MILLIS[node - 1]));
      stores.add(new CassandraMessageStore(session, config, skewed, SMALL_BUCKETS));
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    sessions.forEach(CqlSession::close);
  }

  /** The three nodes' stores, node 1 first. */
  List<CassandraMessageStore> stores() {
    return stores;
  }

  /** One of the nodes' stores, at random. */
  CassandraMessageStore any() {
    return stores.get(ThreadLocalRandom.current().nextInt(stores.size()));
  }
}
