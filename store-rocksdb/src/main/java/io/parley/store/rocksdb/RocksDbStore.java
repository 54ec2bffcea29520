package io.parley.store.rocksdb;

import io.parley.core.account.Account;
import io.parley.core.account.User;
import io.parley.core.account.UserStore;
import io.parley.core.group.Group;
import io.parley.core.group.GroupStore;
import io.parley.core.group.Invite;
import io.parley.core.id.GroupId;
import io.parley.core.id.IdGenerator;
import io.parley.core.id.MessageId;
import io.parley.core.id.UserId;
import io.parley.core.message.ConversationId;
import io.parley.core.message.ConversationSummary;
import io.parley.core.message.Markers;
import io.parley.core.message.Message;
import io.parley.core.message.MessageStore;
import io.parley.core.message.Receipt;
import io.parley.core.metrics.ParleyMetrics;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded store: users, messages and groups in one RocksDB database (ADR 001, 002, 003).
 *
 * <p>Writes are group-committed by one committer thread: a write's future completes only after its
 * batch is synced to the write-ahead log, so an acknowledged write survives {@code kill -9}. Write
 * futures complete on the store's ack thread in commit order; continuations must not block it.
 * Reads run on a small bounded executor and complete there. The inbox cursor is the decimal id of
 * the last message read. Open with {@link #open}; {@link #close} drains pending writes and is
 * idempotent.
 */
public final class RocksDbStore implements UserStore, MessageStore, GroupStore, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RocksDbStore.class);
  private static final int READ_THREADS = Math.max(2, Runtime.getRuntime().availableProcessors());
  private static final int READ_QUEUE = 10_000;
  private static final long CLOSE_TIMEOUT_SECONDS = 30;

  private final RocksDbConfig config;
  private final Db db;
  private final Committer committer;
  private final Reader reader;
  private final GroupReader groupReader;
  private final ThreadPoolExecutor reads;
  private final AtomicBoolean closed = new AtomicBoolean();

  private RocksDbStore(RocksDbConfig config, Db db, Committer committer) {
    this.config = config;
    this.db = db;
    this.committer = committer;
    this.groupReader = new GroupReader(db);
    this.reader = new Reader(db, groupReader);
    AtomicInteger threads = new AtomicInteger();
    this.reads =
        new ThreadPoolExecutor(
            READ_THREADS,
            READ_THREADS,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(READ_QUEUE),
            task -> {
              Thread t = new Thread(task, "parley-rocksdb-read-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  /** Opens (or creates) the store in {@code config.dir()}. */
  public static RocksDbStore open(RocksDbConfig config) {
    return open(config, ParleyMetrics.NONE, Clock.systemUTC());
  }

  /** Opens the store, reporting commits to {@code metrics}. */
  public static RocksDbStore open(RocksDbConfig config, ParleyMetrics metrics) {
    return open(config, metrics, Clock.systemUTC());
  }

  /** Opens the store with ids drawn from {@code clock}: always above every stored id. */
  public static RocksDbStore open(RocksDbConfig config, ParleyMetrics metrics, Clock clock) {
    Db db = Db.open(config);
    try {
      var ids = new IdGenerator(clock, 0);
      long lastId =
          Math.max(lastId(db, db.messages), Math.max(lastId(db, db.users), lastId(db, db.groups)));
      ids.advancePast(lastId);
      var committer = new Committer(db, new Mutations(db, ids), metrics, config.maxBatch());
      committer.start();
      log.info("RocksDB store open in {} (highest stored id {})", config.dir(), lastId);
      return new RocksDbStore(config, db, committer);
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
  }

  private static long lastId(Db db, ColumnFamilyHandle family) {
    try {
      byte[] key = db.lastKey(family);
      return key == null ? 0 : Keys.id(key);
    } catch (RocksDBException e) {
      throw new StoreException("cannot read the highest id", e);
    }
  }

  public RocksDbConfig config() {
    return config;
  }

  // --- UserStore

  @Override
  public CompletionStage<CreateResult> create(NewAccount account) {
    return committer.submit(new WriteRequest.CreateUser(account, new CompletableFuture<>()));
  }

  @Override
  public CompletionStage<Optional<Account>> findByUsername(String username) {
    return read(() -> reader.findByUsername(username));
  }

  @Override
  public CompletionStage<Optional<User>> findById(UserId id) {
    return read(() -> reader.findById(id));
  }

  @Override
  public CompletionStage<Map<UserId, User>> findAll(Collection<UserId> ids) {
    List<UserId> copy = List.copyOf(ids);
    return read(() -> reader.findAll(copy));
  }

  @Override
  public CompletionStage<Void> updateLastSeen(UserId id, long epochMillis) {
    return committer.submit(new WriteRequest.LastSeen(id, epochMillis, new CompletableFuture<>()));
  }

  // --- MessageStore

  /**
   * {@inheritDoc} The conversation must match the message: a direct one between sender and
   * receiver, or the group's.
   */
  @Override
  public void onStored(StoredListener listener) {
    committer.onStored(listener);
  }

  @Override
  public CompletionStage<AppendResult> append(NewMessage message) {
    if (!consistent(message)) {
      return CompletableFuture.failedFuture(
          new IllegalArgumentException(
              "conversation " + message.conversation() + " does not match the message"));
    }
    return committer.submit(new WriteRequest.Append(message, new CompletableFuture<>()));
  }

  @Override
  public CompletionStage<InboxResult> inbox(UserId owner, InboxQuery query) {
    return read(() -> reader.inbox(owner, query));
  }

  @Override
  public CompletionStage<HistoryPage> history(
      ConversationId conversation, long beforeSeq, int limit) {
    if (limit < 1) {
      return CompletableFuture.failedFuture(
          new IllegalArgumentException("limit must be positive: " + limit));
    }
    return read(() -> reader.history(conversation, beforeSeq, limit));
  }

  @Override
  public CompletionStage<Map<MessageId, Message>> messages(Collection<MessageId> ids) {
    List<MessageId> copy = List.copyOf(ids);
    return read(() -> reader.messages(copy));
  }

  @Override
  public CompletionStage<List<ConversationSummary>> conversations(UserId owner) {
    return read(() -> reader.conversations(owner));
  }

  @Override
  public CompletionStage<Markers> markers(ConversationId conversation, UserId user) {
    return read(() -> reader.markers(conversation, user));
  }

  @Override
  public CompletionStage<MarkerChange> advance(
      UserId user, ConversationId conversation, Receipt kind, long seq) {
    return committer.submit(
        new WriteRequest.Advance(user, conversation, kind, seq, new CompletableFuture<>()));
  }

  // --- GroupStore

  @Override
  public CompletionStage<Changed> create(NewGroup group, Announcement announcement) {
    return committer.submit(
        new WriteRequest.CreateGroup(group, announcement, new CompletableFuture<>()));
  }

  @Override
  public CompletionStage<Optional<Group>> group(GroupId id) {
    return read(() -> groupReader.group(id));
  }

  @Override
  public CompletionStage<UpdateResult> update(Group next, Announcement announcement) {
    return committer.submit(
        new WriteRequest.UpdateGroup(next, announcement, new CompletableFuture<>()));
  }

  @Override
  public CompletionStage<List<Group>> groupsOf(UserId user) {
    return read(() -> groupReader.groupsOf(user));
  }

  @Override
  public CompletionStage<Map<UserId, Markers>> markers(GroupId group) {
    return read(() -> groupReader.markers(group));
  }

  @Override
  public CompletionStage<Void> saveInvite(Invite invite) {
    return committer.submit(new WriteRequest.SaveInvite(invite, new CompletableFuture<>()));
  }

  @Override
  public CompletionStage<Optional<Invite>> invite(String code) {
    return read(() -> groupReader.invite(code));
  }

  @Override
  public CompletionStage<List<Invite>> invites(GroupId group) {
    return read(() -> groupReader.invites(group));
  }

  @Override
  public CompletionStage<Boolean> revokeInvite(String code) {
    return committer.submit(new WriteRequest.RevokeInvite(code, new CompletableFuture<>()));
  }

  /**
   * Stops accepting writes, commits and acknowledges those already queued, lets running reads
   * finish, flushes and closes the database. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) return;
    committer.close();
    reads.shutdown();
    try {
      if (!reads.awaitTermination(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        log.error(
            "reads still running after {} s; leaving the database open", CLOSE_TIMEOUT_SECONDS);
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      log.error("interrupted while waiting for reads; leaving the database open");
      return;
    }
    db.close();
    log.info("RocksDB store in {} closed", config.dir());
  }

  private <T> CompletableFuture<T> read(Supplier<T> work) {
    try {
      return CompletableFuture.supplyAsync(work, reads);
    } catch (RejectedExecutionException e) {
      return CompletableFuture.failedFuture(
          closed.get()
              ? new StoreException("the store is closed")
              : new StoreException("too many reads waiting", e));
    }
  }

  private static boolean consistent(NewMessage m) {
    if (m.conversation() instanceof ConversationId.Direct direct) {
      return m.receiver() != null
          && m.group() == null
          && direct.involves(m.sender())
          && direct.involves(m.receiver())
          && !m.sender().equals(m.receiver());
    }
    return m.group() != null
        && m.receiver() == null
        && m.conversation().equals(ConversationId.group(m.group()));
  }
}
