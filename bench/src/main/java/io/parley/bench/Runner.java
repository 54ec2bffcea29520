package io.parley.bench;

import io.parley.bench.report.HtmlChart;
import io.parley.bench.report.JsonReport;
import io.parley.bench.report.Report;
import io.parley.bench.report.TextReport;
import io.parley.bench.scenario.BenchContext;
import io.parley.bench.scenario.Scenario;
import io.parley.bench.scenario.ScenarioException;
import io.parley.bench.server.LocalServer;
import io.parley.bench.server.Target;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs one scenario end to end: the target (a started child server or {@code --target}), the
 * scenario, the report (table, JSON, HTML chart next to each other in the output directory).
 */
public final class Runner {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  /** The report and where its files went. */
  public record Outcome(Report report, Path json, Path html) {}

  private Runner() {}

  public static Outcome run(CommonOptions options, Scenario scenario, PrintStream log) {
    Instant started = Instant.now();
    String stamp = STAMP.format(started);
    Path outDir = options.outDir();
    Report report = new Report(scenario.name(), started);
    describe(report, options, scenario);
    Target target = null;
    BenchContext ctx = null;
    try {
      Files.createDirectories(outDir);
      target = target(options, outDir, scenario.name() + "-" + stamp, report, log);
      ctx = new BenchContext(options, target, report, log);
      scenario.run(ctx);
    } catch (ScenarioException e) {
      report.fail(e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      report.fail("interrupted");
    } catch (Exception e) {
      report.fail(e.toString());
      e.printStackTrace(log);
    } finally {
      if (ctx != null) {
        ctx.monitor().close();
        ctx.monitor().fill(report);
        ctx.close();
      }
      if (target != null) {
        target.close();
        if (target instanceof LocalServer local) {
          report.server().put("log_errors", local.logCounts().errors());
          report.server().put("log_warnings", local.logCounts().warnings());
          local.logCounts().top(5).forEach(m -> report.notes().add("server log: " + m));
        }
      }
    }
    return write(report, outDir, scenario.name() + "-" + stamp);
  }

  private static void describe(Report report, CommonOptions o, Scenario scenario) {
    Map<String, Object> p = report.parameters();
    p.putAll(scenario.parameters());
    p.put("warmup", Durations.format(o.warmup));
    p.put("duration", Durations.format(o.duration));
    p.put("drain", Durations.format(o.drain));
    p.put("target", o.target == null ? "local child server" : o.target);
    p.put("generator_event_loops", o.eventLoops);
    p.put("cores", Runtime.getRuntime().availableProcessors());
    p.put("java", System.getProperty("java.version"));
  }

  private static Target target(
      CommonOptions o, Path outDir, String name, Report report, PrintStream log)
      throws IOException {
    if (o.target != null) {
      return Target.remote(URI.create(o.target), o.serverPid);
    }
    List<String> jvm = new ArrayList<>(Arrays.asList(o.serverJavaOpts.trim().split("\\s+")));
    jvm.removeIf(String::isBlank);
    if (o.jfr) {
      Path jfr = outDir.resolve(name + ".jfr").toAbsolutePath();
      jvm.add("-XX:StartFlightRecording=filename=" + jfr + ",settings=profile,dumponexit=true");
      report.notes().add("JFR recording of the server: " + jfr);
    }
    List<String> launch;
    if (o.serverClasspath != null) {
      launch = LocalServer.javaLaunch(jvm, null, o.serverClasspath);
    } else {
      Path jar = o.serverJar != null ? o.serverJar : defaultJar();
      if (!Files.isRegularFile(jar)) {
        throw new ScenarioException("no server jar at " + jar + ": run ./parley build");
      }
      launch = LocalServer.javaLaunch(jvm, jar, null);
    }
    boolean temporary = o.fresh || o.dataFrom != null;
    Path dataDir =
        temporary
            ? Files.createTempDirectory(outDir.toAbsolutePath(), "data-")
            : (o.dataDir != null ? o.dataDir : outDir.resolve("server-data"));
    String accountsKey = null;
    if (o.dataFrom != null) {
      copyTree(o.dataFrom, dataDir);
      accountsKey = o.dataFrom.toAbsolutePath().normalize().toString();
      report.parameters().put("server_data_from", accountsKey);
    }
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("ratelimit.enabled", "false");
    settings.putAll(o.serverSet);
    Path logFile = outDir.resolve(name + "-server.log");
    log.println(
        "starting the server: "
            + String.join(" ", launch).replaceAll("-cp \\S+", "-cp …")
            + " run --data-dir "
            + dataDir
            + " "
            + settings);
    LocalServer server =
        LocalServer.start(
            new LocalServer.Spec(
                launch, dataDir, temporary, settings, logFile, Duration.ofMinutes(2), accountsKey));
    log.println(
        "server pid "
            + server.pid().getAsLong()
            + " listening on "
            + server.uri()
            + " (log: "
            + logFile
            + ")");
    report.parameters().put("server_java_opts", String.join(" ", jvm));
    report.parameters().put("server_settings", settings.toString());
    report.parameters().put("server_data_dir", temporary ? "temporary" : dataDir.toString());
    return server;
  }

  private static void copyTree(Path from, Path to) throws IOException {
    if (!Files.isDirectory(from)) {
      throw new ScenarioException("--data-from: no directory " + from);
    }
    try (var paths = Files.walk(from)) {
      for (Path p : (Iterable<Path>) paths::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  private static Path defaultJar() {
    String home = System.getenv("PARLEY_HOME");
    return (home == null ? Path.of(".") : Path.of(home)).resolve("app/target/parley.jar");
  }

  private static Outcome write(Report report, Path outDir, String name) {
    Path json = outDir.resolve(name + ".json");
    Path html = outDir.resolve(name + ".html");
    try {
      Files.createDirectories(outDir);
      Files.writeString(json, JsonReport.toJson(report).encodePrettily(), StandardCharsets.UTF_8);
      Files.writeString(html, HtmlChart.render(report), StandardCharsets.UTF_8);
      Files.writeString(
          outDir.resolve(name + ".txt"), TextReport.format(report), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Outcome(report, json, html);
  }
}
