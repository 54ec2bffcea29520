package io.parley.bench.scenario;

import io.parley.bench.Durations;
import io.parley.bench.load.Counters;
import io.parley.bench.load.LatencyStat;
import io.parley.bench.load.Ledger;
import io.parley.bench.load.OpenLoop;
import io.parley.bench.load.Receiver;
import io.parley.bench.report.Report;
import io.parley.bench.server.ServerMetrics;
import io.parley.bench.users.Failures;
import io.parley.bench.users.UserPool.BenchUser;
import io.parley.client.ConnectOptions;
import io.parley.client.Message;
import io.parley.client.ParleyConnection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * The engine shared by the message scenarios: one WebSocket per user, an open-loop schedule of
 * sends, acks and deliveries checked against a {@link Ledger}, a drain, and the report's figures.
 */
public final class MessageLoad {
  /** Chooses who sends message {@code k} and to whom; called on the scheduling thread. */
  public interface Picker {
    /** Fills {@code pick} with the sender's index and the receiver's (or group's) index. */
    void pick(long k, int[] pick);
  }

  private final BenchContext ctx;
  private final List<BenchUser> users;
  private final Ledger ledger;
  private final Counters counters;
  private final Receiver.Addressing addressing;
  private final String[] groupIds;
  private final int contentSize;
  private final ParleyConnection[] connections;
  private final Receiver[] receivers;
  private final int[] senderSeq;
  private final LatencyStat ack;
  private final LatencyStat deliver;
  private final LatencyStat lastDelivery;
  private final LatencyStat lag;
  private final AtomicBoolean overloaded = new AtomicBoolean();
  private Map<String, Double> metricsBefore = Map.of();
  private Map<String, Double> metricsAfter = Map.of();
  private long loadStart;
  private long loadEnd;
  private long historySince;
  private final LongAdder sent;
  private final LongAdder sentInWindow;
  private final LongAdder acked;
  private final LongAdder ackedInWindow;
  private final LongAdder failed;

  /**
   * @param groupIds the groups messages go to, or null for 1:1 messages
   * @param addressing how many deliveries a message expects
   */
  public MessageLoad(
      BenchContext ctx,
      List<BenchUser> users,
      int capacity,
      String[] groupIds,
      Receiver.Addressing addressing,
      int contentSize) {
    this.ctx = ctx;
    this.users = users;
    this.ledger = new Ledger(capacity);
    this.counters = ctx.counters();
    this.groupIds = groupIds;
    this.addressing = addressing;
    this.contentSize = contentSize;
    this.connections = new ParleyConnection[users.size()];
    this.receivers = new Receiver[users.size()];
    this.senderSeq = new int[users.size()];
    this.ack = new LatencyStat("send_ack", ctx.window());
    this.deliver = new LatencyStat("send_deliver", ctx.window());
    this.lastDelivery = groupIds == null ? null : new LatencyStat("send_last_member", ctx.window());
    this.lag = new LatencyStat("generator_lag", ctx.window());
    this.sent = counters.counter("sent");
    this.sentInWindow = counters.counter("sent_in_window");
    this.acked = counters.counter("acked");
    this.ackedInWindow = counters.counter("acked_in_window");
    this.failed = counters.counter("failed");
  }

  public Ledger ledger() {
    return ledger;
  }

  public ParleyConnection connection(int user) {
    return connections[user];
  }

  public int users() {
    return users.size();
  }

  /** Opens one connection per user, at most {@code parallel} connects at a time. */
  public void connectAll(ConnectOptions options, int parallel) throws InterruptedException {
    ctx.monitor().phase("connect");
    long connectStart = System.nanoTime();
    Connector connector = new Connector(ctx, parallel);
    for (int i = 0; i < users.size(); i++) {
      BenchUser u = users.get(i);
      int index = i;
      Receiver receiver =
          new Receiver(
              u.userId(),
              ctx.runId(),
              ledger,
              counters,
              deliver,
              lastDelivery,
              ctx.window(),
              addressing,
              groupIds != null);
      receivers[i] = receiver;
      connector.connect(u.session(), options, receiver, c -> connections[index] = c);
    }
    connector.awaitAll(ctx.options().setupTimeout);
    report(connectStart);
    ctx.settle(java.time.Duration.ofMinutes(2));
  }

  private void report(long connectStart) {
    ctx.report()
        .results()
        .put("setup_connect_seconds", Math.round((System.nanoTime() - connectStart) / 1e8) / 10.0);
  }

  /** Starts the monitor with the figures of a message run. */
  public void startMonitor() {
    ctx.monitor()
        .rate("sent", "sent")
        .rate("acked", "acked")
        .rate("delivered", "delivered")
        .latency(ack)
        .latency(groupIds == null ? deliver : lastDelivery)
        .gauge("inflight", this::inFlight)
        .start();
  }

  public long inFlight() {
    return sent.sum() - acked.sum() - failed.sum();
  }

  /** The run's timing: warm-up then the measured window, starting shortly. */
  public record Schedule(long start, long measureStart, long end) {}

  public Schedule schedule() {
    Duration warmup = ctx.options().warmup;
    Duration duration = ctx.options().duration;
    long start = System.nanoTime() + 200_000_000L;
    ctx.window().set(start + warmup.toNanos(), duration);
    return new Schedule(start, start + warmup.toNanos(), start + warmup.plus(duration).toNanos());
  }

  /** Sends at {@code rate} messages/s over the schedule, on the calling thread. */
  public void send(double rate, Schedule s, Picker picker) {
    ctx.monitor().phase(s.measureStart() > s.start() ? "warmup" : "measure");
    int[] pick = new int[2];
    metricsBefore =
        ServerMetrics.scrape(ctx.client()).completeOnTimeout(Map.of(), 10, TimeUnit.SECONDS).join();
    historySince = serverTimeBeforeLoad();
    loadStart = System.nanoTime();
    long max = ledger.capacity();
    long fired =
        OpenLoop.run(
            rate,
            s.start(),
            s.end(),
            max,
            overloaded::get,
            lag,
            (k, intended) -> {
              if (intended >= s.measureStart() && !"measure".equals(ctx.monitor().phase())) {
                ctx.monitor().phase("measure");
              }
              picker.pick(k, pick);
              fire((int) k, intended, pick[0], pick[1]);
              if ((k & 1023) == 0 && inFlight() > ctx.options().maxInFlight) {
                overloaded.set(true);
              }
            });
    if (overloaded.get()) {
      ctx.report()
          .fail(
              String.format(
                  "overloaded: more than %d sends unanswered after %d sends; lower the rate",
                  ctx.options().maxInFlight, fired));
    }
  }

  /**
   * The server's clock before the run's first message: the earliest {@code ready} of the
   * connections (all made before the load), less a second; the local clock less a minute if none
   * said ready.
   */
  private long serverTimeBeforeLoad() {
    long earliest = Long.MAX_VALUE;
    for (ParleyConnection c : connections) {
      if (c != null && c.ready() != null) {
        earliest = Math.min(earliest, c.ready().serverTime());
      }
    }
    return earliest == Long.MAX_VALUE ? System.currentTimeMillis() - 60_000 : earliest - 1000;
  }

  private void fire(int k, long intended, int sender, int target) {
    int group = groupIds == null ? -1 : target;
    int seq = ++senderSeq[sender];
    ledger.issue(k, sender, target, addressing.expected(group));
    String content =
        new io.parley.bench.load.Content(ctx.runId(), k, sender, seq, intended, group)
            .encode(contentSize);
    sent.increment();
    boolean measured = ctx.window().contains(intended);
    if (measured) {
      sentInWindow.increment();
    }
    ParleyConnection c = connections[sender];
    CompletableFuture<Message> answer =
        group < 0
            ? c.send(users.get(target).userId(), content, null)
            : c.sendToGroup(groupIds[group], content, null);
    answer.whenComplete(
        (m, error) -> {
          long now = System.nanoTime();
          if (!ledger.answer(k, error == null)) {
            return;
          }
          if (error == null) {
            acked.increment();
            if (ctx.window().contains(now)) {
              ackedInWindow.increment();
            }
            ack.record(intended, now);
          } else {
            failed.increment();
            counters.error(Failures.code(error));
          }
        });
  }

  /** Waits until every send is answered and every acked message delivered, or the drain ends. */
  public Ledger.Tally drain() throws InterruptedException {
    ctx.monitor().phase("drain");
    long deadline = System.nanoTime() + ctx.options().drain.toNanos();
    Ledger.Tally tally = ledger.tally();
    while (!tally.settled() && System.nanoTime() < deadline) {
      Thread.sleep(100);
      tally = ledger.tally();
    }
    loadEnd = System.nanoTime();
    metricsAfter =
        ServerMetrics.scrape(ctx.client()).completeOnTimeout(Map.of(), 30, TimeUnit.SECONDS).join();
    return tally;
  }

  /**
   * Looks up the acknowledged messages that a recipient had not received live when the drain ended
   * in that recipient's history: late if there, lost if not (see {@link UndeliveredCheck}). Runs
   * also after an overloaded run, within {@code --verify-timeout}.
   */
  public UndeliveredCheck.Verdict verifyUndelivered(Ledger.Tally tally)
      throws InterruptedException {
    if (tally.lostDeliveries() == 0) {
      return UndeliveredCheck.Verdict.NOTHING_MISSING;
    }
    ctx.monitor().phase("verify");
    return new UndeliveredCheck(ctx.client(), users, ctx.runId(), historySince, counters)
        .run(ledger, receivers, addressing, ctx.options().verifyTimeout);
  }

  /** Closes every connection, at most a few hundred at a time. */
  public void closeAll() {
    ctx.monitor().phase("close");
    Connector.closeAll(connections);
  }

  /**
   * The figures of a message run whose undelivered messages were not looked up in history: every
   * acknowledged message still missing after the drain counts as lost.
   */
  public void fill(Report report, Ledger.Tally tally) {
    fill(report, tally, null);
  }

  /**
   * The figures of a message run.
   *
   * @param verdict what the recipients' histories said of the messages undelivered after the drain,
   *     or null if they were not looked up (then all of them count as lost)
   */
  public void fill(Report report, Ledger.Tally tally, UndeliveredCheck.Verdict verdict) {
    double seconds = ctx.window().seconds();
    var r = report.results();
    r.put("sent", tally.sent());
    r.put("acknowledged", tally.acked());
    r.put("failed", tally.failed());
    r.put("delivered", counters.get("delivered"));
    r.put("completed_messages", counters.get("completed"));
    if (verdict != null) {
      r.put("late", verdict.late());
      r.put("verify_recipients", verdict.recipients());
      r.put("verify_pages", verdict.pages());
      r.put("verify_seconds", verdict.seconds());
    }
    r.put("measured_seconds", seconds);
    r.put("sent_per_s", perSecond(counters.get("sent_in_window"), seconds));
    r.put("acked_per_s", perSecond(counters.get("acked_in_window"), seconds));
    r.put("delivered_per_s", perSecond(counters.get("completed_in_window"), seconds));
    r.put("deliveries_per_s", perSecond(deliver.count(), seconds));
    r.put(
        "throughput_note",
        "sent_per_s: sends due in the window; acked_per_s and delivered_per_s: acks and"
            + " completed deliveries that happened during the window");
    r.put("delivered_without_ack", tally.deliveredWithoutAck());
    r.put("own_echoes", counters.get("echoes"));
    r.put("foreign_messages", counters.get("foreign"));
    Map<String, Long> closes = counters.withPrefix("close_code_");
    if (!closes.isEmpty()) {
      r.put("close_codes", closes.toString());
    }
    report.latencies().put("send_ack", ack.summary());
    report.latencies().put("send_deliver", deliver.summary());
    if (lastDelivery != null) {
      report.latencies().put("send_last_member", lastDelivery.summary());
    }
    report.latencies().put("generator_lag", lag.summary());
    report.checks().put("lost", verdict == null ? tally.lostDeliveries() : verdict.lost());
    report.checks().put("duplicated", counters.get("duplicates"));
    report.checks().put("out_of_order", counters.get("out_of_order"));
    report.checks().put("out_of_server_order", counters.get("out_of_server_order"));
    report.checks().put("unanswered_sends", tally.unanswered());
    if (verdict != null) {
      report.checks().put("unverified", verdict.unverified());
    }
    report.notes().addAll(counters.notes());
    report.errors().putAll(counters.errors());
    report
        .server()
        .putAll(ServerMetrics.between(metricsBefore, metricsAfter, (loadEnd - loadStart) / 1e9));
    if (tally.unanswered() > 0) {
      report.fail(
          String.format(
              "the server did not keep up: %d sends still unanswered after the %s drain (%s)",
              tally.unanswered(),
              ctx.options().drain,
              verdict == null
                  ? "lost counts acknowledged messages still undelivered then"
                  : "acknowledged messages still undelivered then were looked up in their"
                      + " recipients' histories: late if found, lost if not"));
    }
    if (verdict != null && verdict.unverified() > 0) {
      report.alsoFail(
          String.format(
              "the history check did not finish within %s (--verify-timeout): %d deliveries"
                  + " of undelivered messages not looked up (unverified)",
              Durations.format(ctx.options().verifyTimeout), verdict.unverified()));
    }
  }

  static double perSecond(long count, double seconds) {
    return seconds <= 0 ? 0 : Math.round(count / seconds * 10) / 10.0;
  }
}
