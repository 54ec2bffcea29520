package io.parley.bench.scenario;

import io.parley.bench.load.Content;
import io.parley.bench.load.LatencyStat;
import io.parley.bench.load.Ledger;
import io.parley.bench.load.OpenLoop;
import io.parley.bench.users.Failures;
import io.parley.bench.users.UserPool.BenchUser;
import io.parley.client.ConnectOptions;
import io.parley.client.HistoryQuery;
import io.parley.client.Message;
import io.parley.client.Page;
import io.parley.client.ParleyClient;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * {@code history}: 1:1 writes at R/s (as {@code direct}) while users page through their own history
 * over HTTP ({@code GET /messages/{me}?since=&after=&limit=}) at a given rate of pages. Each user's
 * walk continues from its last {@code next_cursor}: pages must come oldest first with no repeats.
 * After the run, the whole history of a sample of users is read again and must hold every message
 * of theirs that was acknowledged.
 */
public final class HistoryScenario implements Scenario {
  private final int users;
  private final double rate;
  private final double readRate;
  private final int pageSize;
  private final int readers;
  private final int verifyUsers;
  private final int size;

  /** One user's walk through its history; guarded by itself. */
  private static final class Walk {
    String cursor;
    long lastId;
    boolean busy;
  }

  public HistoryScenario(
      int users,
      double rate,
      double readRate,
      int pageSize,
      int readers,
      int verifyUsers,
      int size) {
    if (users < 2) {
      throw new IllegalArgumentException("history needs at least 2 users");
    }
    this.users = users;
    this.rate = rate;
    this.readRate = readRate;
    this.pageSize = pageSize;
    this.readers = readers;
    this.verifyUsers = Math.min(verifyUsers, users);
    this.size = size;
  }

  @Override
  public String name() {
    return "history";
  }

  @Override
  public Map<String, Object> parameters() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("users", users);
    p.put("rate", rate);
    p.put("read_rate", readRate);
    p.put("page_size", pageSize);
    p.put("read_connections", readers);
    p.put("verify_users", verifyUsers);
    p.put("content_bytes", size);
    return p;
  }

  @Override
  public void run(BenchContext ctx) throws Exception {
    List<BenchUser> list = ctx.users(users);
    long since = System.currentTimeMillis() - 2000;
    MessageLoad load =
        new MessageLoad(
            ctx, list, DirectScenario.capacity(ctx, rate), null, DirectScenario.ONE_TO_ONE, size);
    load.connectAll(DirectScenario.bench(new ConnectOptions()), 256);
    LatencyStat pageLatency = new LatencyStat("history_page", ctx.window());
    ctx.monitor().rate("pages", "pages_read").latency(pageLatency);
    load.startMonitor();
    ParleyClient reads = ctx.newClient(readers);
    try {
      Walk[] walks = new Walk[users];
      for (int i = 0; i < users; i++) {
        walks[i] = new Walk();
      }
      MessageLoad.Schedule s = load.schedule();
      SplittableRandom readRandom = ctx.random().split();
      Thread reader =
          OpenLoop.start(
              "bench-reader",
              readRate,
              s.start(),
              s.end(),
              Long.MAX_VALUE,
              () -> false,
              null,
              (k, intended) ->
                  read(
                      ctx,
                      reads,
                      list.get(readRandom.nextInt(users)),
                      walks,
                      since,
                      intended,
                      pageLatency));
      SplittableRandom random = ctx.random();
      load.send(rate, s, (k, pick) -> DirectScenario.randomPair(random, users, pick));
      reader.join();
      Ledger.Tally tally = load.drain();
      load.fill(ctx.report(), tally);
      verify(ctx, reads, list, load.ledger(), since);
    } finally {
      reads.close();
    }
    var r = ctx.report().results();
    double seconds = ctx.window().seconds();
    r.put("pages_read", ctx.counters().get("pages_read"));
    r.put("page_messages_read", ctx.counters().get("page_messages"));
    r.put("pages_per_s", MessageLoad.perSecond(pageLatency.count(), seconds));
    ctx.report().latencies().put("history_page", pageLatency.summary());
    ctx.report().checks().put("history_repeats", ctx.counters().get("history_repeats"));
    ctx.report().checks().put("history_misordered", ctx.counters().get("history_misordered"));
    ctx.report().checks().put("history_page_errors", ctx.counters().get("history_page_errors"));
    load.closeAll();
  }

  private void read(
      BenchContext ctx,
      ParleyClient reads,
      BenchUser user,
      Walk[] walks,
      long since,
      long intended,
      LatencyStat latency) {
    Walk walk = walks[user.index()];
    boolean continues;
    String cursor;
    synchronized (walk) {
      continues = !walk.busy;
      walk.busy = walk.busy || continues;
      cursor = continues ? walk.cursor : null;
    }
    HistoryQuery query =
        cursor == null ? HistoryQuery.since(since, pageSize) : HistoryQuery.after(cursor, pageSize);
    reads
        .history(user.session(), user.userId(), query)
        .whenComplete(
            (page, error) -> {
              latency.record(intended, System.nanoTime());
              if (error != null) {
                ctx.counters().increment("history_page_errors");
                ctx.counters().error("history:" + Failures.code(error));
              } else {
                ctx.counters().increment("pages_read");
                ctx.counters().add("page_messages", page.messages().size());
                check(ctx, page, walk, continues, cursor == null);
              }
              if (continues) {
                synchronized (walk) {
                  walk.busy = false;
                }
              }
            });
  }

  /** Oldest first, no repeats within the page or across a continued walk. */
  private static void check(
      BenchContext ctx, Page page, Walk walk, boolean continues, boolean fromStart) {
    long previous = 0;
    synchronized (walk) {
      if (continues && !fromStart) {
        previous = walk.lastId;
      }
    }
    for (Message m : page.messages()) {
      long id = Long.parseLong(m.messageId());
      if (id == previous) {
        ctx.counters().increment("history_repeats");
      } else if (id < previous) {
        ctx.counters().increment("history_misordered");
      }
      previous = Math.max(previous, id);
    }
    if (continues) {
      synchronized (walk) {
        walk.lastId = previous;
        if (page.nextCursor() != null) {
          walk.cursor = page.nextCursor();
        }
      }
    }
  }

  /** A whole-history read of a sample of users: every acked message of theirs must be there. */
  private void verify(
      BenchContext ctx, ParleyClient reads, List<BenchUser> list, Ledger ledger, long since) {
    ctx.monitor().phase("verify");
    long missing = 0;
    long repeats = 0;
    long checked = 0;
    int n = ledger.issued();
    for (int u = 0; u < verifyUsers; u++) {
      BenchUser user = list.get(u * (users / verifyUsers));
      BitSet found = new BitSet(n);
      String cursor = null;
      boolean more = true;
      while (more) {
        HistoryQuery q =
            cursor == null ? HistoryQuery.since(since, 500) : HistoryQuery.after(cursor, 500);
        Page page = reads.history(user.session(), user.userId(), q).join();
        for (Message m : page.messages()) {
          Content c = Content.parse(m.content(), ctx.runId());
          if (c != null && c.msgNo() < n) {
            if (found.get(c.msgNo())) {
              repeats++;
            }
            found.set(c.msgNo());
          }
        }
        more = page.hasMore() && page.nextCursor() != null;
        cursor = page.nextCursor();
      }
      for (int k = 0; k < n; k++) {
        boolean mine = ledger.sender(k) == user.index() || ledger.target(k) == user.index();
        if (mine && ledger.state(k) == Ledger.ACKED) {
          checked++;
          if (!found.get(k)) {
            missing++;
          }
        }
      }
    }
    ctx.report().results().put("history_verified_messages", checked);
    ctx.report().checks().put("history_missing", missing);
    ctx.report().checks().put("history_duplicates", repeats);
  }
}
