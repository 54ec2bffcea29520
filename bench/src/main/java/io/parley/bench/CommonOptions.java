package io.parley.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options every scenario takes: the server, the run's timing, the report. */
public final class CommonOptions {
  static final int CORES = Runtime.getRuntime().availableProcessors();

  @Option(
      names = "--target",
      paramLabel = "URL",
      description =
          "A running Parley (e.g. http://127.0.0.1:8080). Default: start one in a child JVM.")
  public String target;

  @Option(
      names = "--server-pid",
      paramLabel = "PID",
      description = "With --target: the server's process id, to sample its CPU and RSS from /proc.")
  public Long serverPid;

  @Option(
      names = "--warmup",
      converter = Durations.class,
      description = "Load before measuring (default: ${DEFAULT-VALUE}).")
  public Duration warmup = Duration.ofSeconds(5);

  @Option(
      names = "--duration",
      converter = Durations.class,
      description = "Measured time (default: ${DEFAULT-VALUE}).")
  public Duration duration = Duration.ofSeconds(20);

  @Option(
      names = "--drain",
      converter = Durations.class,
      description =
          "After the last send, wait at most this long for answers and deliveries; what is still"
              + " missing then counts as lost, or in direct and group is looked up in the"
              + " recipients' histories (default: ${DEFAULT-VALUE}).")
  public Duration drain = Duration.ofSeconds(15);

  @Option(
      names = "--verify-timeout",
      converter = Durations.class,
      description =
          "direct, group: bound on looking up in the recipients' histories the acknowledged"
              + " messages not delivered live by the end of the drain (late if found, lost if not;"
              + " what is not looked up by then counts as unverified) (default: ${DEFAULT-VALUE}).")
  public Duration verifyTimeout = Duration.ofSeconds(60);

  @Option(names = "--json", description = "Print the report as JSON (the table goes to stderr).")
  public boolean json;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Where reports go (default: $PARLEY_HOME/target/bench).")
  public Path out;

  @Option(names = "--seed", description = "Random seed (default: random).")
  public Long seed;

  @Option(names = "--quiet", description = "No progress line.")
  public boolean quiet;

  @Option(
      names = "--max-in-flight",
      description =
          "Stop the run as overloaded when this many sends are unanswered (default:"
              + " ${DEFAULT-VALUE}).")
  public int maxInFlight = 200_000;

  @Option(
      names = "--event-loops",
      description = "Event loops of the generator (default: cores = ${DEFAULT-VALUE}).")
  public int eventLoops = CORES;

  @Option(
      names = "--register-parallelism",
      description = "Users registered/logged in at once (default: ${DEFAULT-VALUE}).")
  public int registerParallelism = 2 * CORES;

  @Option(
      names = "--no-user-cache",
      description = "Do not keep created users in target/bench/users-*.jsonl for the next run.")
  public boolean noUserCache;

  @Option(
      names = "--server-jar",
      paramLabel = "JAR",
      description = "The server to start (default: $PARLEY_HOME/app/target/parley.jar).")
  public Path serverJar;

  @Option(
      names = "--server-classpath",
      hidden = true,
      description = "Start io.parley.app.Main from this class path instead of a jar (tests).")
  public String serverClasspath;

  @Option(
      names = "--server-java-opts",
      description = "JVM options of the started server (default: ${DEFAULT-VALUE}).")
  public String serverJavaOpts = "-Xms1g -Xmx2g -XX:+UseG1GC";

  @Option(
      names = "--server-set",
      paramLabel = "KEY=VALUE",
      description =
          "Settings of the started server (`parley config`); the bench adds"
              + " ratelimit.enabled=false unless given.")
  public Map<String, String> serverSet = new LinkedHashMap<>();

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description =
          "Data directory of the started server, kept between runs with its users"
              + " (default: <out>/server-data).")
  public Path dataDir;

  @Option(
      names = "--data-from",
      paramLabel = "DIR",
      description =
          "Start the server on a temporary copy of this data directory (e.g. one holding only the"
              + " bench users), so that every run starts from the same state; its users are cached"
              + " under this directory's name.")
  public Path dataFrom;

  @Option(
      names = "--fresh",
      description = "Start the server on a new temporary data directory (users are created anew).")
  public boolean fresh;

  @Option(
      names = "--jfr",
      description = "Record the started server with JFR (profile settings) into <out>/*.jfr.")
  public boolean jfr;

  @Option(
      names = "--setup-timeout",
      converter = Durations.class,
      description = "Bound on setup (registration, connecting) (default: ${DEFAULT-VALUE}).")
  public Duration setupTimeout = Duration.ofMinutes(30);

  /** Where reports, logs and the user cache go. */
  public Path outDir() {
    if (out != null) {
      return out;
    }
    String home = System.getenv("PARLEY_HOME");
    return (home == null ? Path.of("target") : Path.of(home, "target")).resolve("bench");
  }
}
