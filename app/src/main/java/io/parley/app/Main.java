package io.parley.app;

import io.parley.app.config.Config;
import io.parley.app.config.ConfigException;
import io.parley.app.config.ConfigLoader;
import io.parley.app.config.Setting;
import io.parley.app.config.Settings;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code parley} command line. */
@Command(
    name = "parley",
    mixinStandardHelpOptions = true,
    version = "Parley 0.1.0",
    description = "A self-hostable instant-messaging server.",
    subcommands = {Main.Run.class, Main.ShowConfig.class})
public final class Main {

  public static void main(String[] args) {
    int code = new CommandLine(new Main()).setExecutionExceptionHandler(Main::failure).execute(args);
    if (code != 0) System.exit(code);
  }

  private static int failure(Exception e, CommandLine line, CommandLine.ParseResult parsed) {
    if (e instanceof ConfigException) {
      line.getErr().println("parley: configuration error: " + e.getMessage());
      return 2;
    }
    line.getErr().println("parley: " + e);
    return 1;
  }

  /** Options shared by commands that read configuration. */
  static class ConfigOptions {
    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration file")
    Path file;

    @Option(names = "--port", description = "server.port (default 8080)")
    Integer port;

    @Option(names = "--host", description = "server.host (default 0.0.0.0)")
    String host;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "data.dir (default ./data)")
    Path dataDir;

    @Option(
        names = "--set",
        paramLabel = "KEY=VALUE",
        description = "any setting, e.g. --set ratelimit.enabled=false (see `parley config`)")
    Map<String, String> overrides = new LinkedHashMap<>();

    Config load() {
      Map<String, String> flags = new LinkedHashMap<>(overrides);
      if (port != null) flags.put("server.port", port.toString());
      if (host != null) flags.put("server.host", host);
      if (dataDir != null) flags.put("data.dir", dataDir.toString());
      return ConfigLoader.load(file, System.getenv(), flags);
    }
  }

  @Command(name = "run", description = "Start the server in the foreground (embedded or cluster).")
  static final class Run implements Callable<Integer> {
    @CommandLine.Mixin ConfigOptions options = new ConfigOptions();

    @Override
    public Integer call() throws InterruptedException {
      ParleyServer server = ParleyServer.start(options.load());
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    server.close();
                    stopped.countDown();
                  },
                  "parley-shutdown"));
      stopped.await();
      return 0;
    }
  }

  @Command(name = "config", description = "Print every setting: effective value, env variable, meaning.")
  static final class ShowConfig implements Callable<Integer> {
    @CommandLine.Mixin ConfigOptions options = new ConfigOptions();

    @Override
    public Integer call() {
      Config config = options.load();
      for (Setting setting : Settings.ALL) {
        String value = setting.key().equals("auth.jwt-secret") && config.string(setting.key()) != null
            ? "(set)"
            : String.valueOf(config.string(setting.key()));
        System.out.printf(
            "%-34s %-12s %-40s %s%n",
            setting.key(), value, setting.environmentVariable(), setting.description());
      }
      return 0;
    }
  }
}
