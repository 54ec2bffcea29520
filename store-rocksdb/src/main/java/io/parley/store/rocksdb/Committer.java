package io.parley.store.rocksdb;

import io.parley.core.group.GroupStore.Changed;
import io.parley.core.group.GroupStore.UpdateResult;
import io.parley.core.message.MessageStore;
import io.parley.core.message.MessageStore.AppendResult;
import io.parley.core.metrics.ParleyMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.rocksdb.WriteBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one writer (ADR 001). Callers enqueue requests; a single thread takes whatever is queued, up
 * to {@code maxBatch}, decides each request in order ({@link Mutations}), writes them all as one
 * atomic {@link WriteBatch} (synced when so configured), and only then hands the answers to the ack
 * thread, which completes the callers' futures in commit order. Callers' continuations thus never
 * run on the committer; they run on the ack thread and must not block it.
 */
final class Committer {

  private static final Logger log = LoggerFactory.getLogger(Committer.class);
  private static final long CLOSE_TIMEOUT_SECONDS = 30;

  /** Puts after which one atomic write is closed (about 100k inbox references: a few MB). */
  static final int MAX_PUTS_PER_WRITE = 100_000;

  private final Db db;
  private final Mutations mutations;
  private final ParleyMetrics metrics;
  private final int maxBatch;
  private final LinkedBlockingQueue<WriteRequest<?>> queue = new LinkedBlockingQueue<>();
  private final ReentrantReadWriteLock gate = new ReentrantReadWriteLock();
  private boolean closed; // guarded by gate
  private final Thread thread;
  private final ExecutorService acks;
  private volatile MessageStore.StoredListener listener;
  private volatile Thread ackThread;

  Committer(Db db, Mutations mutations, ParleyMetrics metrics, int maxBatch) {
    this.db = db;
    this.mutations = mutations;
    this.metrics = metrics;
    this.maxBatch = maxBatch;
    this.thread = new Thread(this::run, "parley-rocksdb-committer");
    this.thread.setDaemon(true);
    this.acks =
        Executors.newSingleThreadExecutor(
            task -> {
              Thread t = new Thread(task, "parley-rocksdb-ack");
              t.setDaemon(true);
              ackThread = t;
              return t;
            });
  }

  void start() {
    thread.start();
  }

  /** Queues {@code request}; its future fails at once if the committer is closed. */
  <T> CompletableFuture<T> submit(WriteRequest<T> request) {
    gate.readLock().lock();
    try {
      if (closed) {
        request.future().completeExceptionally(new StoreException("the store is closed"));
      } else {
        queue.add(request);
      }
    } finally {
      gate.readLock().unlock();
    }
    return request.future();
  }

  /** Stops accepting writes, commits those already queued and waits until all are answered. */
  void close() {
    gate.writeLock().lock();
    try {
      if (closed) return;
      closed = true;
    } finally {
      gate.writeLock().unlock();
    }
    thread.interrupt(); // wakes the committer, which drains the queue and stops
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    acks.shutdown();
    if (Thread.currentThread() != ackThread) {
      try {
        if (!acks.awaitTermination(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
          log.warn("write acknowledgements still running after {} s", CLOSE_TIMEOUT_SECONDS);
        }
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) Thread.currentThread().interrupt();
  }

  private void run() {
    List<WriteRequest<?>> batch = new ArrayList<>(maxBatch);
    boolean stopping = false;
    while (true) {
      if (stopping) {
        WriteRequest<?> next = queue.poll();
        if (next == null) return; // closed and drained: no request can arrive any more
        batch.add(next);
      } else {
        try {
          batch.add(queue.take());
        } catch (InterruptedException e) {
          stopping = true;
          continue;
        }
      }
      queue.drainTo(batch, maxBatch - 1);
      commit(batch);
      batch.clear();
    }
  }

  /**
   * Commits {@code batch} in as few atomic writes as the size cap allows: a write is closed after
   * the request that takes it past {@link #MAX_PUTS_PER_WRITE} (a request's changes are never
   * split), so a burst of large group fan-outs is acknowledged in steps rather than all at once.
   */
  private void commit(List<WriteRequest<?>> batch) {
    int from = 0;
    while (from < batch.size()) from = commitFrom(batch, from);
  }

  /** Commits the requests from {@code from} on, up to the size cap; answers where it stopped. */
  private int commitFrom(List<WriteRequest<?>> batch, int from) {
    long start = System.nanoTime();
    List<Runnable> answers = new ArrayList<>();
    int end = from;
    boolean committed = false;
    try (WriteBatch writes = new WriteBatch()) {
      while (end < batch.size() && writes.count() < MAX_PUTS_PER_WRITE) {
        WriteRequest<?> request = batch.get(end++); // counted before deciding: failures include it
        answers.add(decide(request, writes));
      }
      if (writes.count() > 0) db.write(writes);
      committed = true;
      mutations.batchCommitted();
    } catch (Throwable failure) {
      mutations.batchFailed();
      log.error("a commit of {} writes failed; none of them was stored", end - from, failure);
      answers.clear();
      var cause = new StoreException("the write failed", failure);
      for (WriteRequest<?> request : batch.subList(from, end)) {
        answers.add(() -> request.future().completeExceptionally(cause));
      }
    }
    long nanos = System.nanoTime() - start;
    if (committed) { // reported before any caller hears of the commit, so callers see it counted
      int writes = end - from;
      runQuietly(() -> metrics.storeCommit(nanos, writes));
    }
    acks.execute(() -> answers.forEach(Committer::runQuietly));
    return end;
  }

  private <T> Runnable decide(WriteRequest<T> request, WriteBatch writes) throws Exception {
    T answer = request.apply(mutations, writes);
    return () -> {
      announce(answer);
      request.future().complete(answer);
    };
  }

  /** Sets who hears of stored messages, on the ack thread, in commit order. */
  void onStored(MessageStore.StoredListener listener) {
    this.listener = listener;
  }

  private void announce(Object answer) {
    MessageStore.StoredListener heard = listener;
    if (heard == null) return;
    if (answer instanceof AppendResult.Appended appended) {
      runQuietly(() -> heard.stored(appended.message(), appended.cursor(), appended.audience()));
    } else if (answer instanceof Changed changed) {
      announce(heard, changed);
    } else if (answer instanceof UpdateResult.Updated updated) {
      announce(heard, updated.change());
    }
  }

  private static void announce(MessageStore.StoredListener heard, Changed changed) {
    runQuietly(() -> heard.stored(changed.announcement(), changed.cursor(), changed.audience()));
  }

  private static void runQuietly(Runnable answer) {
    try {
      answer.run();
    } catch (RuntimeException e) {
      log.warn("a write callback failed", e);
    }
  }
}
