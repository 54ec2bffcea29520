package io.parley.bench.scenario;

import io.parley.bench.CommonOptions;
import io.parley.bench.load.Counters;
import io.parley.bench.load.Monitor;
import io.parley.bench.load.Window;
import io.parley.bench.report.Report;
import io.parley.bench.server.Target;
import io.parley.bench.users.UserPool;
import io.parley.client.ParleyClient;
import io.parley.client.ParleyClientOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What a running scenario works with: the server, one client, counters, the monitor, the report.
 */
public final class BenchContext implements AutoCloseable {
  private final CommonOptions options;
  private final Target target;
  private final Report report;
  private final PrintStream log;
  private final Vertx vertx;
  private final ParleyClient client;
  private final Counters counters = new Counters();
  private final Window window = new Window();
  private final Monitor monitor;
  private final SplittableRandom random;
  private final String runId;

  public BenchContext(CommonOptions options, Target target, Report report, PrintStream log) {
    this.options = options;
    this.target = target;
    this.report = report;
    this.log = log;
    this.vertx =
        Vertx.vertx(
            new VertxOptions()
                .setPreferNativeTransport(true)
                .setEventLoopPoolSize(Math.max(1, options.eventLoops)));
    this.client = newClient(64);
    this.monitor = new Monitor(counters, target.pid(), options.quiet ? null : log);
    long seed = options.seed != null ? options.seed : ThreadLocalRandom.current().nextLong();
    this.random = new SplittableRandom(seed);
    this.runId = Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36).substring(0, 6);
    report.parameters().put("seed", seed);
    report.parameters().put("run_id", runId);
    report.parameters().put("generator_native_transport", vertx.isNativeTransportEnabled());
  }

  /** A client of the target on the shared event loops, with this many HTTP connections. */
  public ParleyClient newClient(int httpPoolSize) {
    return ParleyClient.create(
        new ParleyClientOptions()
            .baseUri(target.uri())
            .vertx(vertx)
            .httpPoolSize(httpPoolSize)
            .connectTimeout(Duration.ofSeconds(30))
            .requestTimeout(Duration.ofSeconds(60)));
  }

  public CommonOptions options() {
    return options;
  }

  public Target target() {
    return target;
  }

  public Report report() {
    return report;
  }

  public ParleyClient client() {
    return client;
  }

  public Vertx vertx() {
    return vertx;
  }

  public Counters counters() {
    return counters;
  }

  public Window window() {
    return window;
  }

  public Monitor monitor() {
    return monitor;
  }

  /** The run's random source: use it from the scheduling thread(s) only (or split it). */
  public SplittableRandom random() {
    return random;
  }

  /** Distinguishes this run's messages from older ones in a reused data directory. */
  public String runId() {
    return runId;
  }

  /** Progress and diagnostics (stderr). */
  public void say(String format, Object... args) {
    log.println(String.format(format, args));
  }

  /** The first {@code count} bench users of the target, created as needed. */
  public List<UserPool.BenchUser> users(int count) throws InterruptedException {
    String hash = sha1(target.accountsKey());
    boolean cache = !options.noUserCache && !target.ephemeral();
    Path file =
        cache ? options.outDir().resolve("users-" + hash.substring(0, 12) + ".jsonl") : null;
    String salt = cache ? hash.substring(0, 6) : runId;
    long start = System.nanoTime();
    List<UserPool.BenchUser> users =
        new UserPool(client, file, salt, options.registerParallelism, log).ensure(count);
    report.results().put("setup_users_seconds", (System.nanoTime() - start) / 1_000_000 / 1000.0);
    return users;
  }

  /**
   * Waits until the server has finished the work of the setup (connect storms cause presence
   * look-ups and fan-out): its CPU below 25% of a core for 3 s in a row, at most {@code max}.
   * Without a local server, waits 5 s.
   */
  public void settle(java.time.Duration max) throws InterruptedException {
    monitor.phase("settle");
    if (target.pid().isEmpty()) {
      Thread.sleep(5000);
      return;
    }
    long pid = target.pid().getAsLong();
    long deadline = System.nanoTime() + max.toNanos();
    long start = System.nanoTime();
    int quiet = 0;
    var last = io.parley.bench.server.ProcStats.read(pid).orElse(null);
    while (quiet < 6 && System.nanoTime() < deadline && last != null) {
      Thread.sleep(500);
      var now = io.parley.bench.server.ProcStats.read(pid).orElse(null);
      if (now == null) {
        break;
      }
      double cpu = 100.0 * (now.cpuNanos() - last.cpuNanos()) / 500e6;
      quiet = cpu < 25 ? quiet + 1 : 0;
      last = now;
    }
    double waited = (System.nanoTime() - start) / 1e9;
    report.results().put("setup_settle_seconds", Math.round(waited * 10) / 10.0);
    if (quiet < 6) {
      report
          .notes()
          .add(String.format("the server was still busy after the %.0f s settle", waited));
    }
  }

  @Override
  public void close() {
    monitor.close();
    client.close();
    vertx
        .close()
        .toCompletionStage()
        .toCompletableFuture()
        .orTimeout(20, java.util.concurrent.TimeUnit.SECONDS)
        .exceptionally(e -> null)
        .join();
  }

  private static String sha1(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
