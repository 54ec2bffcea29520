package io.parley.bench;

import io.parley.bench.report.JsonReport;
import io.parley.bench.report.TextReport;
import io.parley.bench.scenario.ConnectionsScenario;
import io.parley.bench.scenario.DirectScenario;
import io.parley.bench.scenario.GroupScenario;
import io.parley.bench.scenario.HistoryScenario;
import io.parley.bench.scenario.ReconnectScenario;
import io.parley.bench.scenario.Scenario;
import io.parley.bench.scenario.UsersScenario;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./parley bench SCENARIO [options]}: the load generator, and {@code jmh} for JMH. */
@Command(
    name = "parley bench",
    mixinStandardHelpOptions = true,
    description = "Load scenarios against a Parley server (started in a child JVM by default).",
    subcommands = {
      Main.Direct.class,
      Main.Group.class,
      Main.Connections.class,
      Main.History.class,
      Main.Reconnect.class,
      Main.Users.class,
      JfrTop.class
    },
    footer = {
      "",
      "  jmh [REGEX] [JMH options]   run the JMH micro-benchmarks (e.g. `jmh Wire -f 1 -wi 2 -i"
          + " 3`)",
      "",
      "Reports go to target/bench/<scenario>-<time>.{txt,json,html}. Exit code 0 when every check"
          + " (lost, duplicated, out of order...) is 0."
    })
public final class Main {
  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("jmh")) {
      org.openjdk.jmh.Main.main(Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    int code = new CommandLine(new Main()).execute(args);
    System.exit(code);
  }

  /** Runs a scenario and prints its report; the exit code says whether every check is 0. */
  static int report(CommonOptions options, Scenario scenario) {
    Runner.Outcome out = Runner.run(options, scenario, System.err);
    String table = TextReport.format(out.report());
    if (options.json) {
      System.err.println(table);
      System.out.println(JsonReport.toJson(out.report()).encodePrettily());
    } else {
      System.out.println(table);
    }
    System.err.println("report: " + out.json() + "\nchart:  " + out.html());
    return out.report().passed() ? 0 : 1;
  }

  @Command(
      name = "direct",
      description = "U users online, 1:1 messages to random peers at R msg/s.")
  static final class Direct implements Callable<Integer> {
    @Mixin CommonOptions common = new CommonOptions();

    @Option(names = "--users", description = "Users online (default: ${DEFAULT-VALUE}).")
    int users = 100;

    @Option(
        names = "--rate",
        description = "Messages per second in total (default: ${DEFAULT-VALUE}).")
    double rate = 1000;

    @Option(names = "--size", description = "Content bytes (default: ${DEFAULT-VALUE}).")
    int size = 100;

    @Override
    public Integer call() {
      return report(common, new DirectScenario(users, rate, size));
    }
  }

  @Command(
      name = "group",
      description = "G groups of M members online, R group messages/s; latency to the last member.")
  static final class Group implements Callable<Integer> {
    @Mixin CommonOptions common = new CommonOptions();

    @Option(names = "--groups", description = "Groups (default: ${DEFAULT-VALUE}).")
    int groups = 1;

    @Option(
        names = "--members",
        description = "Members per group, up to 1000 (default: ${DEFAULT-VALUE}).")
    int members = 100;

    @Option(
        names = "--rate",
        description = "Group messages per second in total (default: ${DEFAULT-VALUE}).")
    double rate = 50;

    @Option(names = "--size", description = "Content bytes (default: ${DEFAULT-VALUE}).")
    int size = 100;

    @Override
    public Integer call() {
      return report(common, new GroupScenario(groups, members, rate, size));
    }
  }

  @Command(
      name = "connections",
      description =
          "Ramp N idle WebSockets, hold them with heartbeats, report server RSS per connection.")
  static final class Connections implements Callable<Integer> {
    @Mixin CommonOptions common = new CommonOptions();

    @Option(names = "--connections", description = "Connections (default: ${DEFAULT-VALUE}).")
    int connections = 1000;

    @Option(names = "--users", description = "Users they belong to (default: min(N, 1000)).")
    Integer users;

    @Option(
        names = "--ramp-rate",
        description = "New connections per second (default: ${DEFAULT-VALUE}).")
    double rampRate = 1000;

    @Option(
        names = "--heartbeat",
        converter = Durations.class,
        description = "Each connection pings this often while held (default: ${DEFAULT-VALUE}).")
    java.time.Duration heartbeat = java.time.Duration.ofSeconds(30);

    @Option(
        names = "--per-source-ip",
        description =
            "Connections per loopback source address 127.0.0.x (default: ${DEFAULT-VALUE}).")
    int perSourceIp = 25_000;

    @Override
    public Integer call() {
      int u = users != null ? users : Math.min(connections, 1000);
      return report(
          common, new ConnectionsScenario(connections, u, rampRate, heartbeat, perSourceIp));
    }
  }

  @Command(
      name = "history",
      description = "Paginated history reads (HTTP) at R pages/s while 1:1 writes go on.")
  static final class History implements Callable<Integer> {
    @Mixin CommonOptions common = new CommonOptions();

    @Option(names = "--users", description = "Users online (default: ${DEFAULT-VALUE}).")
    int users = 100;

    @Option(names = "--rate", description = "Writes per second (default: ${DEFAULT-VALUE}).")
    double rate = 500;

    @Option(
        names = "--read-rate",
        description = "History pages read per second (default: ${DEFAULT-VALUE}).")
    double readRate = 500;

    @Option(names = "--page-size", description = "Messages per page (default: ${DEFAULT-VALUE}).")
    int pageSize = 50;

    @Option(
        names = "--readers",
        description = "HTTP connections for reads (default: ${DEFAULT-VALUE}).")
    int readers = 32;

    @Option(
        names = "--verify-users",
        description =
            "Users whose whole history is checked after the run (default: ${DEFAULT-VALUE}).")
    int verifyUsers = 20;

    @Option(names = "--size", description = "Content bytes (default: ${DEFAULT-VALUE}).")
    int size = 100;

    @Override
    public Integer call() {
      return report(
          common, new HistoryScenario(users, rate, readRate, pageSize, readers, verifyUsers, size));
    }
  }

  @Command(
      name = "reconnect",
      description = "1:1 messages while connections drop and resume; nothing may be missed.")
  static final class Reconnect implements Callable<Integer> {
    @Mixin CommonOptions common = new CommonOptions();

    @Option(names = "--users", description = "Users online (default: ${DEFAULT-VALUE}).")
    int users = 50;

    @Option(names = "--rate", description = "Messages per second (default: ${DEFAULT-VALUE}).")
    double rate = 200;

    @Option(
        names = "--drop-every",
        converter = Durations.class,
        description = "Each connection drops on average this often (default: ${DEFAULT-VALUE}).")
    java.time.Duration dropEvery = java.time.Duration.ofSeconds(5);

    @Option(names = "--size", description = "Content bytes (default: ${DEFAULT-VALUE}).")
    int size = 100;

    @Override
    public Integer call() {
      return report(common, new ReconnectScenario(users, rate, dropEvery, size));
    }
  }

  @Command(
      name = "users",
      description =
          "Only create and cache N bench users, e.g. in a --data-dir to use later with"
              + " --data-from.")
  static final class Users implements Callable<Integer> {
    @Mixin CommonOptions common = new CommonOptions();

    @Option(names = "--users", description = "Users (default: ${DEFAULT-VALUE}).")
    int users = 1000;

    @Override
    public Integer call() {
      return report(common, new UsersScenario(users));
    }
  }
}
