package io.parley.bench.load;

import io.parley.bench.report.Report;
import io.parley.bench.report.TimelinePoint;
import io.parley.bench.server.ProcStats;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;

/**
 * Once a second: rates of the tracked counters, interval latency percentiles, gauges, and the CPU
 * and RSS of the server (from /proc, when local) and of the generator itself. Prints a progress
 * line and keeps every second for the report's timeline and chart.
 */
public final class Monitor implements AutoCloseable {
  private record Rate(String label, String counter) {}

  private record Gauge(String label, LongSupplier value) {}

  private final Counters counters;
  private final OptionalLong serverPid;
  private final PrintStream progress;
  private final long startNanos = System.nanoTime();
  private final List<Rate> rates = new ArrayList<>();
  private final List<LatencyStat> latencies = new ArrayList<>();
  private final List<Gauge> gauges = new ArrayList<>();
  private final Map<String, Long> lastCounts = new LinkedHashMap<>();
  private final List<TimelinePoint> timeline = new ArrayList<>();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "bench-monitor");
            t.setDaemon(true);
            return t;
          });
  private volatile String phase = "setup";
  private ProcStats.Sample lastServer;
  private ProcStats.Sample lastSelf;
  private long lastTick = startNanos;
  private double serverCpuSum;
  private double serverSysSum;
  private int serverCpuSamples;
  private long serverRssMax;
  private long serverRssLast;
  private double selfCpuSum;
  private long lastMachineBusy = -1;
  private double othersCpuSum;
  private int measureSamples;
  private double othersCpuMax;
  private final double loadAtStart = ProcStats.loadAverage();

  /**
   * @param progress where the progress line goes, or null for none
   */
  public Monitor(Counters counters, OptionalLong serverPid, PrintStream progress) {
    this.counters = counters;
    this.serverPid = serverPid;
    this.progress = progress;
  }

  public Monitor rate(String label, String counter) {
    rates.add(new Rate(label, counter));
    return this;
  }

  public Monitor latency(LatencyStat stat) {
    latencies.add(stat);
    return this;
  }

  public Monitor gauge(String label, LongSupplier value) {
    gauges.add(new Gauge(label, value));
    return this;
  }

  public Monitor start() {
    lastSelf = ProcStats.read(ProcessHandle.current().pid()).orElse(null);
    serverPid.ifPresent(pid -> lastServer = ProcStats.read(pid).orElse(null));
    timer.scheduleAtFixedRate(this::safeTick, 1, 1, TimeUnit.SECONDS);
    return this;
  }

  public void phase(String phase) {
    this.phase = phase;
  }

  public String phase() {
    return phase;
  }

  /** The server's RSS now, or -1 when it cannot be read. */
  public long serverRssNow() {
    return serverPid.isEmpty()
        ? -1
        : ProcStats.read(serverPid.getAsLong()).map(ProcStats.Sample::rssBytes).orElse(-1L);
  }

  private void safeTick() {
    try {
      tick();
    } catch (RuntimeException e) {
      if (progress != null) {
        progress.println("monitor: " + e);
      }
    }
  }

  private synchronized void tick() {
    long now = System.nanoTime();
    double dt = Math.max(1e-3, (now - lastTick) / 1e9);
    lastTick = now;
    Map<String, Double> values = new LinkedHashMap<>();
    StringBuilder line = new StringBuilder();
    String current = phase;
    line.append(
        String.format(Locale.ROOT, "[%4ds %-7s]", (now - startNanos) / 1_000_000_000L, current));
    for (Rate r : rates) {
      long count = counters.get(r.counter());
      long last = lastCounts.getOrDefault(r.counter(), 0L);
      lastCounts.put(r.counter(), count);
      double perSecond = (count - last) / dt;
      values.put("rate." + r.label(), perSecond);
      line.append(String.format(Locale.ROOT, " %s %.0f/s", r.label(), perSecond));
    }
    for (LatencyStat stat : latencies) {
      Histogram h = stat.takeInterval();
      if (h.getTotalCount() > 0) {
        double p50 = h.getValueAtPercentile(50) / 1000.0;
        double p99 = h.getValueAtPercentile(99) / 1000.0;
        double max = h.getMaxValue() / 1000.0;
        values.put(stat.name() + ".p50", p50);
        values.put(stat.name() + ".p99", p99);
        values.put(stat.name() + ".max", max);
        line.append(
            String.format(Locale.ROOT, " | %s p50 %.1f p99 %.1f ms", stat.name(), p50, p99));
      }
    }
    for (Gauge g : gauges) {
      long v = g.value().getAsLong();
      values.put(g.label(), (double) v);
      line.append(' ').append(g.label()).append(' ').append(v);
    }
    long errors = counters.errorTotal();
    values.put("errors", (double) errors);
    if (errors > 0) {
      line.append(" | errors ").append(errors);
    }
    sampleProcesses(values, line, now, dt, current);
    timeline.add(new TimelinePoint((now - startNanos) / 1e9, current, values));
    if (progress != null) {
      progress.println(line);
    }
  }

  private void sampleProcesses(
      Map<String, Double> values, StringBuilder line, long now, double dt, String current) {
    if (serverPid.isPresent()) {
      ProcStats.Sample s = ProcStats.read(serverPid.getAsLong()).orElse(null);
      if (s != null) {
        double cpu =
            lastServer == null ? 0 : 100.0 * (s.cpuNanos() - lastServer.cpuNanos()) / (dt * 1e9);
        double sys =
            lastServer == null
                ? 0
                : 100.0 * (s.systemNanos() - lastServer.systemNanos()) / (dt * 1e9);
        values.put("server.sys_cpu", sys);
        lastServer = s;
        values.put("server.cpu", cpu);
        values.put("server.rss_mib", s.rssBytes() / 1048576.0);
        serverRssMax = Math.max(serverRssMax, s.rssBytes());
        serverRssLast = s.rssBytes();
        if ("measure".equals(current)) {
          serverSysSum += sys;
          serverCpuSum += cpu;
          serverCpuSamples++;
        }
        line.append(
            String.format(
                Locale.ROOT, " | server cpu %.0f%% rss %d MiB", cpu, s.rssBytes() / 1048576));
      }
    }
    ProcStats.Sample self = ProcStats.read(ProcessHandle.current().pid()).orElse(null);
    double selfCpu = 0;
    if (self != null && lastSelf != null) {
      selfCpu = 100.0 * (self.cpuNanos() - lastSelf.cpuNanos()) / (dt * 1e9);
      values.put("bench.cpu", selfCpu);
      if ("measure".equals(current)) {
        selfCpuSum += selfCpu;
      }
      line.append(String.format(Locale.ROOT, " | bench cpu %.0f%%", selfCpu));
    }
    lastSelf = self;
    long machine = ProcStats.machineBusyNanos();
    if (machine >= 0 && lastMachineBusy >= 0) {
      // what other processes of this machine took: a disturbed run shows here
      double others =
          Math.max(
              0,
              100.0 * (machine - lastMachineBusy) / (dt * 1e9)
                  - selfCpu
                  - values.getOrDefault("server.cpu", 0.0));
      values.put("others.cpu", others);
      if ("measure".equals(current)) {
        measureSamples++;
        othersCpuSum += others;
        othersCpuMax = Math.max(othersCpuMax, others);
      }
      line.append(String.format(Locale.ROOT, " | others %.0f%%", others));
    }
    lastMachineBusy = machine;
  }

  /** Stops sampling and copies the timeline and the server figures into the report. */
  @Override
  public synchronized void close() {
    timer.shutdownNow();
  }

  public synchronized void fill(Report report) {
    report.timeline().addAll(timeline);
    report.server().put("cores", Runtime.getRuntime().availableProcessors());
    report.server().put("load_average_start", loadAtStart);
    report.server().put("load_average_end", ProcStats.loadAverage());
    if (measureSamples > 0) {
      report.server().put("other_processes_cpu_avg_percent", round(othersCpuSum / measureSamples));
      report.server().put("other_processes_cpu_max_percent", round(othersCpuMax));
    }
    if (serverPid.isPresent()) {
      report.server().put("pid", serverPid.getAsLong());
      if (serverCpuSamples > 0) {
        report.server().put("cpu_avg_percent", round(serverCpuSum / serverCpuSamples));
        report.server().put("cpu_sys_avg_percent", round(serverSysSum / serverCpuSamples));
        report.server().put("bench_cpu_avg_percent", round(selfCpuSum / serverCpuSamples));
      }
      report.server().put("rss_max_mib", round(serverRssMax / 1048576.0));
      report.server().put("rss_last_mib", round(serverRssLast / 1048576.0));
    } else {
      report.server().put("sampled", "no (remote server: pass --server-pid to sample it)");
    }
  }

  static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
