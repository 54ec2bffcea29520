package io.parley.app.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * One Parley node in cluster mode, in a JVM of its own (the {@code parley run} command on this
 * test's classpath), so that {@link #kill()} is a real {@code kill -9}: no shutdown hook, no
 * draining, Redis entries left behind. Its output goes to {@code node-<id>.log} in its directory.
 */
final class ClusterNode implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration STOP_GRACE = Duration.ofSeconds(20);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  private final int id;
  private final int port;
  private final Path log;
  private final Process process;

  private ClusterNode(int id, int port, Path log, Process process) {
    this.id = id;
    this.port = port;
    this.log = log;
    this.process = process;
  }

  /**
   * Starts node {@code id} with these settings (plus {@code node.id}, {@code server.port} and
   * {@code data.dir}, chosen here) and returns at once: {@link #awaitReady()} waits for it.
   */
  static ClusterNode launch(int id, Path dir, Map<String, String> settings) {
    try {
      Path dataDir = Files.createDirectories(dir.resolve("node-" + id));
      Path log = dir.resolve("node-" + id + ".log");
      int port = freePort();
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.add("-Xmx384m");
      command.add("-XX:+UseSerialGC");
      command.add("-cp");
      command.add(System.getProperty("java.class.path"));
      command.add("io.parley.app.Main");
      command.add("run");
      settings.forEach((key, value) -> command.add("--set=" + key + "=" + value));
      command.add("--set=node.id=" + id);
      command.add("--set=server.host=127.0.0.1");
      command.add("--set=server.port=" + port);
      command.add("--set=data.dir=" + dataDir);
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      return new ClusterNode(id, port, log, process);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start node " + id, e);
    }
  }

  /** Waits until {@code GET /health} answers 200; fails at once if the JVM exits first. */
  ClusterNode awaitReady() {
    Awaitility.await("node " + id + " healthy on port " + port + " (log: " + log + ")")
        .atMost(START_TIMEOUT)
        .pollInterval(Duration.ofMillis(100))
        .until(this::healthy);
    return this;
  }

  private boolean healthy() throws IOException, InterruptedException {
    if (!process.isAlive()) {
      throw new IllegalStateException(
          "node " + id + " exited with " + process.exitValue() + ":\n" + tail());
    }
    try {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(uri() + "/health"))
              .timeout(Duration.ofSeconds(2))
              .build();
      return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException notYet) {
      return false;
    }
  }

  int id() {
    return id;
  }

  String uri() {
    return "http://127.0.0.1:" + port;
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** SIGKILL, as a crash or {@code kill -9}; returns once the process is gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(STOP_GRACE.toSeconds(), TimeUnit.SECONDS);
  }

  /**
   * SIGTERM, as an orchestrator stops a node: it drains (its clients are told to go elsewhere) and
   * exits. Answers whether it exited by itself within {@link #STOP_GRACE}.
   */
  boolean terminate() throws InterruptedException {
    process.destroy();
    return process.waitFor(STOP_GRACE.toSeconds(), TimeUnit.SECONDS);
  }

  /** SIGTERM (the node drains), then SIGKILL if it has not stopped within {@link #STOP_GRACE}. */
  @Override
  public void close() {
    try {
      if (process.isAlive()) {
        process.destroy();
        if (!process.waitFor(STOP_GRACE.toSeconds(), TimeUnit.SECONDS)) kill();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** The last lines of the node's log, for failure messages. */
  String tail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
