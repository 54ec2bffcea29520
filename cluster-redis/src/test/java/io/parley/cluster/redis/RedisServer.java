package io.parley.cluster.redis;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A Debian {@code redis-server} on a free loopback port, without persistence, for tests. Ready when
 * it answers PING; stopped by the PID from its pid file; {@link #start} again brings it back on the
 * same port (empty, as after a crash).
 *
 * <p>Public so that the tests of other modules (the app's cluster-mode tests) can start one too.
 */
public final class RedisServer implements AutoCloseable {

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);

  private final int port;
  private final Path dir;
  private Process process;

  private RedisServer(int port, Path dir) {
    this.port = port;
    this.dir = dir;
  }

  /** Starts a server on a free port. */
  public static RedisServer start() {
    try {
      RedisServer server = new RedisServer(freePort(), Files.createTempDirectory("parley-redis"));
      server.startAgain();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String uri() {
    return "redis://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  /** Starts the server again on its port, empty; returns once it answers PING. */
  public void startAgain() {
    if (process != null && process.isAlive()) throw new IllegalStateException("already running");
    List<String> command =
        List.of(
            findExecutable().toString(),
            "--port",
            Integer.toString(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--daemonize",
            "no",
            "--dir",
            dir.toString(),
            "--pidfile",
            pidFile().toString(),
            "--logfile",
            dir.resolve("redis.log").toString());
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    await("redis-server answers PING on port " + port)
        .atMost(READY_TIMEOUT)
        .pollInterval(Duration.ofMillis(20))
        .until(() -> process.isAlive() ? answersPing() : failStart());
  }

  /** Kills the server as a crash would (SIGKILL to the PID in its pid file) and waits for it. */
  public void kill() {
    ProcessHandle handle = running();
    handle.destroyForcibly();
    handle.onExit().join();
  }

  /** Stops the server (SIGTERM to the PID in its pid file) and deletes its directory. */
  @Override
  public void close() throws IOException {
    if (process != null && process.isAlive()) {
      ProcessHandle handle = running();
      handle.destroy();
      handle.onExit().join();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  private ProcessHandle running() {
    try {
      long pid = Long.parseLong(Files.readString(pidFile()).trim());
      return ProcessHandle.of(pid)
          .orElseThrow(() -> new IllegalStateException("no process " + pid));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Path pidFile() {
    return dir.resolve("redis.pid");
  }

  private boolean answersPing() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      socket.setSoTimeout(500);
      OutputStream out = socket.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] reply = in.readNBytes(7);
      return new String(reply, StandardCharsets.US_ASCII).equals("+PONG\r\n")
          && Files.exists(pidFile());
    } catch (IOException e) {
      return false;
    }
  }

  private boolean failStart() throws IOException {
    Path log = dir.resolve("redis.log");
    String output = Files.exists(log) ? Files.readString(log) : "";
    throw new IllegalStateException(
        "redis-server exited at start (code " + process.exitValue() + "): " + output);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static Path findExecutable() {
    String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
    for (String dir : (path + ":/usr/bin:/usr/sbin").split(":")) {
      Path candidate = Path.of(dir, "redis-server");
      if (Files.isExecutable(candidate)) return candidate;
    }
    throw new IllegalStateException(
        "redis-server is not installed: run scripts/test-deps.sh (it installs Debian's"
            + " redis-server) before running the cluster-redis tests");
  }
}
