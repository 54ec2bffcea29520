package io.parley.bench.scenario;

import io.parley.bench.load.Content;
import io.parley.bench.load.Counters;
import io.parley.bench.load.Ledger;
import io.parley.bench.load.Receiver;
import io.parley.bench.users.Failures;
import io.parley.bench.users.UserPool.BenchUser;
import io.parley.client.HistoryQuery;
import io.parley.client.Message;
import io.parley.client.Page;
import io.parley.client.ParleyClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * After the drain: looks up every acknowledged message that a recipient had not received live in
 * that recipient's own history ({@code GET /messages/{me}}, with the recipient's token). Found
 * there, the delivery was <em>late</em> (the message is stored and the recipient's next sync gets
 * it); not found, it is <em>lost</em>. A history is paged from the run's start ({@code since}, then
 * {@code after} cursors), one page in memory per worker, and only until every missing message of
 * that recipient is found; at most {@link #PARALLELISM} recipients at a time and the whole check
 * within a time bound: what it could not look up by then is <em>unverified</em>.
 */
final class UndeliveredCheck {
  static final int PARALLELISM = 16;
  static final int PAGE_SIZE = 500;
  static final int ATTEMPTS_PER_PAGE = 3;

  /** What the check found, counted in deliveries (a message to one recipient). */
  record Verdict(
      long late, long lost, long unverified, int recipients, long pages, double seconds) {
    static final Verdict NOTHING_MISSING = new Verdict(0, 0, 0, 0, 0, 0);
  }

  /** The messages one recipient did not get live, in message order. */
  private static final class Missing {
    final int user;
    int[] msgNos = new int[4];
    int size;
    boolean[] found;
    int foundCount;
    boolean finished;

    Missing(int user) {
      this.user = user;
    }

    void add(int msgNo) {
      if (size == msgNos.length) {
        msgNos = Arrays.copyOf(msgNos, size * 2);
      }
      msgNos[size++] = msgNo;
    }

    void found(int msgNo) {
      int i = Arrays.binarySearch(msgNos, 0, size, msgNo);
      if (i >= 0 && !found[i]) {
        found[i] = true;
        foundCount++;
      }
    }
  }

  private final ParleyClient client;
  private final List<BenchUser> users;
  private final String runId;
  private final long sinceMillis;
  private final Counters counters;
  private final LongAdder pages = new LongAdder();

  /**
   * @param sinceMillis server time before the run's first message: histories are read from there
   */
  UndeliveredCheck(
      ParleyClient client,
      List<BenchUser> users,
      String runId,
      long sinceMillis,
      Counters counters) {
    this.client = client;
    this.users = users;
    this.runId = runId;
    this.sinceMillis = sinceMillis;
    this.counters = counters;
  }

  /**
   * Which recipients lacked which acknowledged messages when the ledger was read (right after the
   * drain), then their histories, within {@code timeout}.
   */
  Verdict run(Ledger ledger, Receiver[] receivers, Receiver.Addressing addressing, Duration timeout)
      throws InterruptedException {
    long start = System.nanoTime();
    List<Missing> missing = collect(ledger, receivers, addressing);
    if (missing.isEmpty()) {
      return Verdict.NOTHING_MISSING;
    }
    long deadline = start + timeout.toNanos();
    AtomicInteger next = new AtomicInteger();
    List<Thread> workers = new ArrayList<>();
    for (int w = 0; w < Math.min(PARALLELISM, missing.size()); w++) {
      Thread t =
          new Thread(
              () -> {
                for (int i = next.getAndIncrement(); i < missing.size(); ) {
                  lookUp(missing.get(i), deadline);
                  i = next.getAndIncrement();
                }
              },
              "bench-verify-" + w);
      t.setDaemon(true);
      t.start();
      workers.add(t);
    }
    for (Thread t : workers) {
      t.join(); // every page waits at most until the deadline
    }
    long late = 0;
    long lost = 0;
    long unverified = 0;
    for (Missing m : missing) {
      late += m.foundCount;
      if (m.finished) {
        lost += m.size - m.foundCount;
      } else {
        unverified += m.size - m.foundCount;
      }
    }
    double seconds = Math.round((System.nanoTime() - start) / 1e8) / 10.0;
    return new Verdict(late, lost, unverified, missing.size(), pages.sum(), seconds);
  }

  /** Acknowledged messages some recipient did not get, by recipient. */
  private static List<Missing> collect(
      Ledger ledger, Receiver[] receivers, Receiver.Addressing addressing) {
    Missing[] byUser = new Missing[receivers.length];
    List<Missing> list = new ArrayList<>();
    int n = ledger.issued();
    for (int k = 0; k < n; k++) {
      if (ledger.state(k) != Ledger.ACKED || ledger.deliveredCount(k) >= ledger.expected(k)) {
        continue;
      }
      int msgNo = k;
      addressing.recipients(
          ledger.sender(k),
          ledger.target(k),
          r -> {
            if (!receivers[r].received(msgNo)) {
              if (byUser[r] == null) {
                byUser[r] = new Missing(r);
                list.add(byUser[r]);
              }
              byUser[r].add(msgNo);
            }
          });
    }
    return list;
  }

  /** Pages one recipient's history until its missing messages are found, it ends or time is up. */
  private void lookUp(Missing m, long deadline) {
    m.found = new boolean[m.size];
    BenchUser user = users.get(m.user);
    String cursor = null;
    int failures = 0;
    while (m.foundCount < m.size) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return;
      }
      HistoryQuery q =
          cursor == null
              ? HistoryQuery.since(sinceMillis, PAGE_SIZE)
              : HistoryQuery.after(cursor, PAGE_SIZE);
      Page page;
      try {
        page = client.history(user.session(), user.userId(), q).get(left, TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        return;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (ExecutionException e) {
        counters.error("verify:" + Failures.code(e));
        if (++failures >= ATTEMPTS_PER_PAGE) {
          return;
        }
        continue;
      }
      pages.increment();
      failures = 0;
      for (Message message : page.messages()) {
        Content c = Content.parse(message.content(), runId);
        if (c != null) {
          m.found(c.msgNo());
        }
      }
      if (!page.hasMore() || page.nextCursor() == null) {
        break;
      }
      cursor = page.nextCursor();
    }
    m.finished = true;
  }
}
