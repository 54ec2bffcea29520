package io.parley.bench.scenario;

import io.parley.bench.load.LatencyStat;
import io.parley.bench.load.OpenLoop;
import io.parley.bench.users.Failures;
import io.parley.bench.users.UserPool.BenchUser;
import io.parley.client.CloseEvent;
import io.parley.client.ConnectOptions;
import io.parley.client.ConnectionListener;
import io.parley.client.ParleyConnection;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code connections}: opens N idle WebSockets at a ramp rate (spread over loopback source
 * addresses 127.0.0.1, .2, ... so that ephemeral ports do not run out), holds them for the duration
 * with heartbeats (the server's pings, and a client {@code ping} per connection every heartbeat
 * interval), and reports the server's resident memory per connection.
 */
public final class ConnectionsScenario implements Scenario {
  private final int connections;
  private final int users;
  private final double rampRate;
  private final Duration heartbeat;
  private final int perSourceIp;

  public ConnectionsScenario(
      int connections, int users, double rampRate, Duration heartbeat, int perSourceIp) {
    if (connections < 1 || users < 1 || perSourceIp < 1) {
      throw new IllegalArgumentException("connections, users and per-source-ip must be positive");
    }
    if ((connections + perSourceIp - 1) / perSourceIp > 254) {
      throw new IllegalArgumentException("more than 254 source addresses needed");
    }
    this.connections = connections;
    this.users = Math.min(users, connections);
    this.rampRate = rampRate;
    this.heartbeat = heartbeat;
    this.perSourceIp = perSourceIp;
  }

  @Override
  public String name() {
    return "connections";
  }

  @Override
  public Map<String, Object> parameters() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("connections", connections);
    p.put("users", users);
    p.put("ramp_rate", rampRate);
    p.put("heartbeat", heartbeat.toMillis() + "ms");
    p.put("source_addresses", sourceAddresses());
    return p;
  }

  private int sourceAddresses() {
    return connections <= perSourceIp ? 1 : (connections + perSourceIp - 1) / perSourceIp;
  }

  /** The loopback address connection {@code k} binds to, or null to let the system pick. */
  private String sourceAddress(long k) {
    return connections <= perSourceIp ? null : "127.0.0." + (1 + k / perSourceIp);
  }

  @Override
  public void run(BenchContext ctx) throws Exception {
    List<BenchUser> list = ctx.users(users);
    ParleyConnection[] open = new ParleyConnection[connections];
    AtomicInteger closed = new AtomicInteger();
    ConnectionListener listener =
        new ConnectionListener() {
          @Override
          public void onClose(CloseEvent event) {
            closed.incrementAndGet();
            ctx.counters().increment("close_code_" + event.code());
          }
        };
    LatencyStat connectTime = new LatencyStat("connect", ctx.window());
    LatencyStat ping = new LatencyStat("ping", ctx.window());
    Connector connector = new Connector(ctx, 512).timing(connectTime);
    ctx.monitor()
        .rate("opened", "opened")
        .gauge("open", () -> ctx.counters().get("opened") - closed.get())
        .latency(connectTime)
        .latency(ping)
        .start();
    java.util.OptionalLong heapBefore = liveHeap(ctx);
    long baseline = ctx.monitor().serverRssNow();
    ctx.monitor().phase("ramp");
    ConnectOptions base =
        new ConnectOptions().autoReconnect(false).readyTimeout(Duration.ofSeconds(60));
    long rampStart = System.nanoTime() + 100_000_000L;
    ctx.window().set(rampStart, Duration.ofDays(1));
    long deadline = System.nanoTime() + ctx.options().setupTimeout.toNanos();
    OpenLoop.run(
        rampRate,
        rampStart,
        Long.MAX_VALUE,
        connections,
        () -> System.nanoTime() > deadline,
        null,
        (k, intended) -> {
          try {
            connector.connect(
                list.get((int) (k % users)).session(),
                new ConnectOptions(base).localAddress(sourceAddress(k)),
                listener,
                c -> {
                  open[(int) k] = c;
                  ctx.counters().increment("opened");
                },
                intended);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    connector.await(ctx.options().setupTimeout);
    double rampSeconds = (System.nanoTime() - rampStart) / 1e9;
    int established = connector.opened();
    ctx.say(
        "%d of %d connections open after %.1f s; holding for %s",
        established, connections, rampSeconds, ctx.options().duration);
    long afterRamp = ctx.monitor().serverRssNow();
    hold(ctx, open, established, ping);
    long held = ctx.monitor().serverRssNow();
    java.util.OptionalLong heapHeld = liveHeap(ctx);
    int openAtEnd = 0;
    for (ParleyConnection c : open) {
      if (c != null && c.isOpen()) {
        openAtEnd++;
      }
    }
    fill(
        ctx,
        connector,
        established,
        openAtEnd,
        rampSeconds,
        baseline,
        afterRamp,
        held,
        connectTime,
        ping);
    if (heapBefore.isPresent() && heapHeld.isPresent() && established > 0) {
      var r = ctx.report().results();
      r.put("server_live_heap_before_mib", mib(heapBefore.getAsLong()));
      r.put("server_live_heap_held_mib", mib(heapHeld.getAsLong()));
      r.put(
          "server_live_heap_per_connection_bytes",
          (heapHeld.getAsLong() - heapBefore.getAsLong()) / established);
    }
    ctx.monitor().phase("close");
    Connector.closeAll(open);
  }

  /** Every connection pings once per heartbeat interval, spread evenly, for the duration. */
  private void hold(BenchContext ctx, ParleyConnection[] open, int established, LatencyStat ping) {
    ctx.monitor().phase("measure");
    long start = System.nanoTime();
    ctx.window().set(start, ctx.options().duration);
    double rate = Math.max(1, established) / (heartbeat.toMillis() / 1000.0);
    OpenLoop.run(
        rate,
        start,
        start + ctx.options().duration.toNanos(),
        Long.MAX_VALUE,
        () -> false,
        null,
        (k, intended) -> {
          ParleyConnection c = open[(int) (k % open.length)];
          if (c == null) {
            return;
          }
          c.ping()
              .whenComplete(
                  (rtt, error) -> {
                    if (error == null) {
                      ping.record(intended, System.nanoTime());
                      ctx.counters().increment("pings");
                    } else {
                      ctx.counters().error("ping:" + Failures.code(error));
                    }
                  });
        });
  }

  private void fill(
      BenchContext ctx,
      Connector connector,
      int established,
      int openAtEnd,
      double rampSeconds,
      long baseline,
      long afterRamp,
      long held,
      LatencyStat connectTime,
      LatencyStat ping) {
    var r = ctx.report().results();
    r.put("connections_requested", connections);
    r.put("established", established);
    r.put("failed", connector.failed());
    r.put("open_at_end", openAtEnd);
    r.put("ramp_seconds", Math.round(rampSeconds * 10) / 10.0);
    r.put("pings", ctx.counters().get("pings"));
    r.put("close_codes", ctx.counters().withPrefix("close_code_").toString());
    if (baseline > 0 && held > 0) {
      r.put("server_rss_before_mib", mib(baseline));
      r.put("server_rss_after_ramp_mib", mib(afterRamp));
      r.put("server_rss_held_mib", mib(held));
      if (established > 0) {
        long perConnection = (held - baseline) / established;
        r.put("server_rss_per_connection_bytes", perConnection);
        r.put(
            "projected_rss_100k_gib",
            Math.round((baseline + 100_000.0 * perConnection) / (1L << 30) * 100) / 100.0);
      }
    }
    ctx.report().latencies().put("connect", connectTime.summary());
    ctx.report().latencies().put("ping", ping.summary());
    ctx.report().checks().put("connections_failed", (long) connector.failed());
    ctx.report().checks().put("connections_dropped", (long) (established - openAtEnd));
    ctx.report().errors().putAll(ctx.counters().errors());
    if (established < connections) {
      ctx.report()
          .notes()
          .add(
              "open-file limit of this process: see `ulimit -n`; each connection is one descriptor"
                  + " in the generator and one in the server");
    }
  }

  /** The server's heap after a full GC, when it runs here (jcmd). */
  private static java.util.OptionalLong liveHeap(BenchContext ctx) {
    return ctx.target().pid().isPresent()
        ? io.parley.bench.server.Jcmd.liveHeapBytes(ctx.target().pid().getAsLong())
        : java.util.OptionalLong.empty();
  }

  private static double mib(long bytes) {
    return Math.round(bytes / 1048576.0 * 10) / 10.0;
  }
}
