package io.parley.store.cassandra;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.servererrors.CASWriteUnknownException;
import com.datastax.oss.driver.api.core.servererrors.WriteTimeoutException;
import io.parley.core.account.Account;
import io.parley.core.account.AccountRules;
import io.parley.core.account.User;
import io.parley.core.account.UserStore;
import io.parley.core.id.IdGenerator;
import io.parley.core.id.UserId;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Users in Cassandra (cluster mode), in the tables of {@code schema/V001__users.cql}.
 *
 * <p><b>Unique usernames across nodes.</b> A username belongs to whoever first inserts its claim:
 * the {@code usernames} row keyed by the case-folded name, written only by {@code INSERT ... IF NOT
 * EXISTS}. That lightweight transaction is a Paxos round among the name's replicas, so of any
 * number of concurrent registrations, on any nodes, exactly one is applied; the others are told the
 * name is taken. The claim carries the whole account; the {@code users} row (by id) is written
 * after it. Two failures can fall between the two writes:
 *
 * <ul>
 *   <li>The claim's outcome is unknown (a timeout: Paxos may or may not have committed it). The
 *       claim is then read at serial consistency, which completes any round still in progress and
 *       so is final: if it carries this call's user id, the call won and goes on; another id means
 *       the name was taken; no claim at all means it never will be written, and the error is
 *       reported. A claim that the driver sent twice is recognised the same way, by its user id.
 *   <li>The node dies after the claim and before the users row. The name is then taken (a retried
 *       registration is told so) but the account is not lost: {@link #findByUsername}, which every
 *       login goes through, finds the claim without its users row and writes the row from the
 *       claim. The row is always written with the same values, so a repair that races with the
 *       original write, or with another repair, is harmless; and before the first login nobody
 *       knows the user's id, so nobody can miss the row.
 * </ul>
 *
 * <p>User ids come from an {@link IdGenerator} with the configured node id: unique across nodes as
 * long as each live node has its own node id.
 *
 * <p>{@code last_seen} is written with its own value as the cell's write time, so of two updates
 * the later time wins, whichever reaches Cassandra last. An update for an unknown id leaves a row
 * without a username, which is not a user.
 */
public final class CassandraUserStore implements UserStore {

  /** Users read by one query of {@link #findAll} (an {@code IN} on the partition key). */
  static final int IDS_PER_QUERY = 100;

  private static final Logger log = LoggerFactory.getLogger(CassandraUserStore.class);
  private static final long MICROS_PER_MILLI = 1_000;

  private final CqlSession session;
  private final ConsistencyLevel consistency;
  private final ConsistencyLevel serialConsistency;
  private final IdGenerator ids;
  private final PreparedStatement insertClaim;
  private final PreparedStatement selectClaim;
  private final PreparedStatement insertUser;
  private final PreparedStatement selectUser;
  private final PreparedStatement selectUsers;
  private final PreparedStatement updateLastSeen;

  /**
   * A store on {@code session}, a session on the store's keyspace from {@link
   * CassandraSessions#open}. Prepares its statements, so it blocks: create it at start-up.
   */
  public CassandraUserStore(CqlSession session, CassandraConfig config) {
    this.session = session;
    this.consistency = config.consistency();
    this.serialConsistency = config.serialConsistency();
    this.ids = new IdGenerator(Clock.systemUTC(), config.nodeId());
    this.insertClaim =
        session.prepare(
            "INSERT INTO usernames"
                + " (username_key, user_id, username, phone, password_hash, created_at)"
                + " VALUES (?, ?, ?, ?, ?, ?) IF NOT EXISTS");
    this.selectClaim =
        session.prepare(
            "SELECT user_id, username, phone, password_hash, created_at FROM usernames"
                + " WHERE username_key = ?");
    this.insertUser =
        session.prepare(
            "INSERT INTO users (user_id, username, phone, created_at) VALUES (?, ?, ?, ?)");
    this.selectUser =
        session.prepare(
            "SELECT user_id, username, phone, created_at, last_seen FROM users WHERE user_id = ?");
    this.selectUsers =
        session.prepare(
            "SELECT user_id, username, phone, created_at, last_seen FROM users"
                + " WHERE user_id IN ?");
    this.updateLastSeen =
        session.prepare("UPDATE users USING TIMESTAMP ? SET last_seen = ? WHERE user_id = ?");
  }

  @Override
  public CompletionStage<CreateResult> create(NewAccount account) {
    User user =
        new User(UserId.of(nextId()), account.username(), account.phone(), account.createdAt(), 0);
    Claim claim = new Claim(user, account.passwordHash());
    return claim(AccountRules.canonical(account.username()), claim)
        .thenCompose(
            won ->
                won
                    ? writeUser(user).thenApply(written -> new CreateResult.Created(user))
                    : CompletableFuture.completedFuture(new CreateResult.UsernameTaken()));
  }

  @Override
  public CompletionStage<Optional<Account>> findByUsername(String username) {
    return findClaim(AccountRules.canonical(username), consistency)
        .thenCompose(
            claim ->
                claim.isEmpty()
                    ? CompletableFuture.completedFuture(Optional.empty())
                    : accountOf(claim.get()).thenApply(Optional::of));
  }

  @Override
  public CompletionStage<Optional<User>> findById(UserId id) {
    return session
        .executeAsync(selectUser.bind(id.value()))
        .thenApply(rows -> Optional.ofNullable(rows.one()).flatMap(CassandraUserStore::userOf));
  }

  @Override
  public CompletionStage<Map<UserId, User>> findAll(Collection<UserId> userIds) {
    List<Long> values = userIds.stream().map(UserId::value).distinct().toList();
    List<CompletableFuture<AsyncResultSet>> queries = new ArrayList<>();
    for (int from = 0; from < values.size(); from += IDS_PER_QUERY) {
      List<Long> part = values.subList(from, Math.min(values.size(), from + IDS_PER_QUERY));
      queries.add(session.executeAsync(selectUsers.bind(part)).toCompletableFuture());
    }
    return CompletableFuture.allOf(queries.toArray(CompletableFuture[]::new))
        .thenApply(
            done -> {
              Map<UserId, User> found = new HashMap<>();
              for (CompletableFuture<AsyncResultSet> query : queries) {
                // at most IDS_PER_QUERY rows: always one page
                for (Row row : query.join().currentPage()) {
                  userOf(row).ifPresent(user -> found.put(user.id(), user));
                }
              }
              return found;
            });
  }

  @Override
  public CompletionStage<Void> updateLastSeen(UserId id, long epochMillis) {
    return session
        .executeAsync(
            updateLastSeen
                .bind(epochMillis * MICROS_PER_MILLI, epochMillis, id.value())
                .setIdempotent(true))
        .thenApply(rows -> null);
  }

  private synchronized long nextId() {
    return ids.next();
  }

  /** Whether this call's claim of {@code key} holds (see the class comment). */
  private CompletionStage<Boolean> claim(String key, Claim claim) {
    User user = claim.user();
    long id = user.id().value();
    return session
        .executeAsync(
            insertClaim.bind(
                key, id, user.username(), user.phone(), claim.passwordHash(), user.createdAt()))
        .thenApply(rows -> rows.wasApplied() || rows.one().getLong("user_id") == id)
        .exceptionallyCompose(
            error -> {
              Throwable cause = error instanceof CompletionException ? error.getCause() : error;
              if (!outcomeUnknown(cause)) return CompletableFuture.failedStage(cause);
              return findClaim(key, serialConsistency)
                  .thenApply(
                      found ->
                          found
                              .map(existing -> existing.user().id().value() == id)
                              .orElseThrow(() -> new CompletionException(cause)));
            });
  }

  private static boolean outcomeUnknown(Throwable error) {
    return error instanceof WriteTimeoutException
        || error instanceof CASWriteUnknownException
        || error instanceof DriverTimeoutException;
  }

  /** The claim of {@code key}, read at {@code consistency}. */
  private CompletionStage<Optional<Claim>> findClaim(String key, ConsistencyLevel consistency) {
    return session
        .executeAsync(selectClaim.bind(key).setConsistencyLevel(consistency))
        .thenApply(rows -> Optional.ofNullable(rows.one()).map(CassandraUserStore::claimOf));
  }

  /** The account of {@code claim}, its users row repaired if the registration was interrupted. */
  private CompletionStage<Account> accountOf(Claim claim) {
    long id = claim.user().id().value();
    return session
        .executeAsync(selectUser.bind(id))
        .thenCompose(
            rows -> {
              Row row = rows.one();
              Optional<User> user = row == null ? Optional.empty() : userOf(row);
              if (user.isPresent()) {
                return CompletableFuture.completedFuture(
                    new Account(user.get(), claim.passwordHash()));
              }
              log.warn("user {} has a username claim but no user row: writing it", id);
              User repaired = claim.user().withLastSeen(row == null ? 0 : row.getLong("last_seen"));
              return writeUser(repaired)
                  .thenApply(written -> new Account(repaired, claim.passwordHash()));
            });
  }

  /** Writes the users row of {@code user}, all but its last seen (which it leaves alone). */
  private CompletionStage<AsyncResultSet> writeUser(User user) {
    return session.executeAsync(
        insertUser
            .bind(user.id().value(), user.username(), user.phone(), user.createdAt())
            .setIdempotent(true));
  }

  /** The user of a users row; empty for a row that only an update of last seen wrote. */
  private static Optional<User> userOf(Row row) {
    if (row.isNull("username")) return Optional.empty();
    return Optional.of(
        new User(
            UserId.of(row.getLong("user_id")),
            row.getString("username"),
            row.getString("phone"),
            row.getLong("created_at"),
            row.getLong("last_seen")));
  }

  private static Claim claimOf(Row row) {
    User user =
        new User(
            UserId.of(row.getLong("user_id")),
            row.getString("username"),
            row.getString("phone"),
            row.getLong("created_at"),
            0);
    return new Claim(user, row.getString("password_hash"));
  }

  /** A {@code usernames} row: the account as registered. */
  private record Claim(User user, String passwordHash) {}
}
