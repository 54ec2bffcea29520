package io.parley.bench.scenario;

import io.parley.bench.load.LatencyStat;
import io.parley.bench.users.Failures;
import io.parley.client.ConnectOptions;
import io.parley.client.ConnectionListener;
import io.parley.client.ParleyConnection;
import io.parley.client.Session;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/** Opens many WebSockets with a bound on connects in progress, counting failures by code. */
final class Connector {
  private final BenchContext ctx;
  private final int parallel;
  private final Semaphore permits;
  private final AtomicInteger opened = new AtomicInteger();
  private final AtomicInteger failed = new AtomicInteger();
  private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
  private LatencyStat connectTime;
  private int started;

  Connector(BenchContext ctx, int parallel) {
    this.ctx = ctx;
    this.parallel = parallel;
    this.permits = new Semaphore(parallel);
  }

  /** Also records connect-to-ready time from {@code intended} (see {@link #connect}). */
  Connector timing(LatencyStat stat) {
    this.connectTime = stat;
    return this;
  }

  void connect(
      Session session,
      ConnectOptions options,
      ConnectionListener listener,
      Consumer<ParleyConnection> onOpen)
      throws InterruptedException {
    connect(session, options, listener, onOpen, System.nanoTime());
  }

  /** Starts a connect once fewer than {@code parallel} are in progress (blocks until then). */
  void connect(
      Session session,
      ConnectOptions options,
      ConnectionListener listener,
      Consumer<ParleyConnection> onOpen,
      long intendedNanos)
      throws InterruptedException {
    permits.acquire();
    started++;
    CompletableFuture<ParleyConnection> f;
    try {
      f = ctx.client().connect(session, options, listener);
    } catch (RuntimeException e) {
      permits.release();
      fail(e);
      return;
    }
    f.whenComplete(
        (c, error) -> {
          try {
            if (error == null) {
              if (connectTime != null) {
                connectTime.record(intendedNanos, System.nanoTime());
              }
              onOpen.accept(c);
              opened.incrementAndGet();
            } else {
              fail(error);
            }
          } finally {
            permits.release(); // after the bookkeeping: await() sees every outcome
          }
        });
  }

  private void fail(Throwable error) {
    String code = Failures.code(error);
    var p = Failures.parley(error);
    if (p != null && p.getMessage() != null && "CONNECTION_FAILED".equals(code)) {
      String m = p.getMessage();
      code = code + ": " + (m.length() > 80 ? m.substring(0, 80) : m);
    }
    failed.incrementAndGet();
    failures.computeIfAbsent(code, k -> new LongAdder()).increment();
    ctx.counters().error("connect:" + code);
  }

  int opened() {
    return opened.get();
  }

  int failed() {
    return failed.get();
  }

  /** Waits until every started connect has finished, one way or the other. */
  void await(Duration timeout) throws InterruptedException {
    if (!permits.tryAcquire(parallel, timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new ScenarioException("connects did not finish within " + timeout);
    }
    permits.release(parallel);
  }

  /** Waits for every connect and fails the scenario if any failed. */
  void awaitAll(Duration timeout) throws InterruptedException {
    await(timeout);
    if (failed.get() > 0) {
      throw new ScenarioException(
          failed.get() + " of " + started + " connections failed: " + failures);
    }
  }

  /** Closes connections, a few hundred at a time. */
  static void closeAll(ParleyConnection[] connections) {
    List<CompletableFuture<Void>> batch = new ArrayList<>();
    for (ParleyConnection c : connections) {
      if (c == null) {
        continue;
      }
      batch.add(c.close());
      if (batch.size() >= 500) {
        waitFor(batch);
      }
    }
    waitFor(batch);
  }

  private static void waitFor(List<CompletableFuture<Void>> batch) {
    try {
      CompletableFuture.allOf(batch.toArray(CompletableFuture[]::new))
          .orTimeout(30, TimeUnit.SECONDS)
          .join();
    } catch (RuntimeException e) {
      // closing is best effort
    }
    batch.clear();
  }
}
