package io.parley.bench;

import io.parley.bench.server.LocalServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One real Parley server for all bench tests: {@code io.parley.app.Main run} in a child JVM on the
 * test class path (the app jar may not be built yet), on a temporary data directory, without rate
 * limits. Stopped by pid (SIGTERM) when the test JVM exits, which deletes its data; the reports
 * stay in the temporary directory for a look after a failure.
 */
public final class SharedServer {
  private static LocalServer server;
  private static Path outDir;

  private SharedServer() {}

  public static synchronized LocalServer get() {
    if (server == null) {
      try {
        outDir = Files.createTempDirectory("parley-bench-test-");
        Path data = outDir.resolve("server-data");
        server =
            LocalServer.start(
                new LocalServer.Spec(
                    LocalServer.javaLaunch(
                        List.of("-Xmx512m"), null, System.getProperty("java.class.path")),
                    data,
                    true,
                    Map.of("ratelimit.enabled", "false"),
                    outDir.resolve("server.log"),
                    Duration.ofSeconds(60),
                    null));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return server;
  }

  /** Options of a short run against the shared server, reports in a temporary directory. */
  public static CommonOptions shortRun() {
    LocalServer s = get();
    CommonOptions o = new CommonOptions();
    o.target = s.uri().toString();
    o.serverPid = s.pid().getAsLong();
    o.out = outDir.resolve("reports");
    o.warmup = Duration.ofSeconds(1);
    o.duration = Duration.ofSeconds(3);
    o.drain = Duration.ofSeconds(15);
    o.quiet = true;
    o.seed = 42L;
    o.setupTimeout = Duration.ofSeconds(60);
    return o;
  }
}
