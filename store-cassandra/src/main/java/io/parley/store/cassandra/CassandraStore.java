package io.parley.store.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import io.parley.core.account.UserStore;
import io.parley.core.group.GroupStore;
import io.parley.core.message.MessageStore;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The whole Cassandra store of one Parley node: the user, message and group ports on one session.
 * The message and group ports share their logs, claims and fan-outs (a group's messages and
 * membership changes are one conversation log), so a node opens exactly one of these.
 */
public final class CassandraStore implements AutoCloseable {

  private final CqlSession session;
  private final CassandraUserStore users;
  private final CassandraMessageStore messages;

  private CassandraStore(CqlSession session, CassandraConfig config) {
    this.session = session;
    this.users = new CassandraUserStore(session, config);
    this.messages = new CassandraMessageStore(session, config);
  }

  /**
   * Connects, creates the keyspace and schema as needed ({@link CassandraSessions#open}) and
   * prepares every statement. Blocks: call it at start-up.
   */
  public static CassandraStore open(CassandraConfig config) {
    CqlSession session = CassandraSessions.open(config);
    try {
      return new CassandraStore(session, config);
    } catch (RuntimeException e) {
      session.close();
      throw e;
    }
  }

  public UserStore users() {
    return users;
  }

  public MessageStore messages() {
    return messages;
  }

  public GroupStore groups() {
    return messages.groups();
  }

  /**
   * Waits, at most {@code timeout}, until the writes running now have ended, fan-out and live
   * publishing included; answers whether they all did. A stopping node calls it before it leaves
   * Redis.
   */
  public boolean awaitWrites(Duration timeout) {
    try {
      messages.settled().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException e) {
      throw new IllegalStateException("unreachable: settled() never fails", e);
    }
  }

  /** Closes the session; requests still running fail. */
  @Override
  public void close() {
    session.close();
  }
}
