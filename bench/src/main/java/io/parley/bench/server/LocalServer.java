package io.parley.bench.server;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A Parley server started by the bench in a separate JVM ({@code parley run --port 0}), so that the
 * load generator and the server never share a heap. Its port is read from the "Parley listening on
 * host:PORT" log line; its output goes to a log file. {@link #close()} stops it by its process id
 * with SIGTERM (graceful), and with SIGKILL only if it has not stopped in time.
 */
public final class LocalServer implements Target {
  private static final Pattern LISTENING = Pattern.compile("Parley listening on ([^:\\s]+):(\\d+)");
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
  private static final int TAIL_LINES = 30;
  private static final long MAX_LOG_BYTES = 64L << 20;
  private static final Pattern LEVEL = Pattern.compile(" (ERROR|WARN) +\\[[^]]*\\] (.{0,90})");

  /**
   * How to start the server.
   *
   * @param launch the command up to the server's arguments: {@code java [opts] -jar parley.jar} or
   *     {@code java [opts] -cp CP io.parley.app.Main}
   * @param dataDir the server's data directory
   * @param temporary delete the data directory after the server stopped
   * @param settings {@code --set key=value} overrides
   * @param logFile where the server's output goes (the first 64 MiB)
   * @param accountsKey what identifies the server's accounts (see {@link #accountsKey()})
   */
  public record Spec(
      List<String> launch,
      Path dataDir,
      boolean temporary,
      Map<String, String> settings,
      Path logFile,
      Duration startTimeout,
      String accountsKey) {
    public Spec {
      launch = List.copyOf(launch);
      settings = new LinkedHashMap<>(settings);
    }
  }

  private final Spec spec;
  private final Process process;
  private final URI uri;
  private final Deque<String> tail;
  private final LogCounts counts;
  private boolean closed;

  /** Warnings and errors the server logged, by message (the first 90 characters). */
  public static final class LogCounts {
    private final Map<String, Long> byMessage = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong errors =
        new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong warnings =
        new java.util.concurrent.atomic.AtomicLong();

    void line(String line) {
      if (!line.contains("ERROR") && !line.contains("WARN")) {
        return;
      }
      Matcher m = LEVEL.matcher(line);
      if (m.find()) {
        (m.group(1).equals("ERROR") ? errors : warnings).incrementAndGet();
        byMessage.merge(m.group(1) + " " + m.group(2).replaceAll("\\d{6,}", "N"), 1L, Long::sum);
      }
    }

    public long errors() {
      return errors.get();
    }

    public long warnings() {
      return warnings.get();
    }

    /** The most frequent messages, most frequent first. */
    public List<String> top(int n) {
      return byMessage.entrySet().stream()
          .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
          .limit(n)
          .map(e -> e.getValue() + "x " + e.getKey())
          .toList();
    }
  }

  private LocalServer(Spec spec, Process process, URI uri, Deque<String> tail, LogCounts counts) {
    this.spec = spec;
    this.process = process;
    this.uri = uri;
    this.tail = tail;
    this.counts = counts;
  }

  public LogCounts logCounts() {
    return counts;
  }

  /** The {@code java} launch prefix for a jar or a class path, with JVM options. */
  public static List<String> javaLaunch(List<String> jvmOptions, Path jar, String classPath) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    if (jar != null) {
      command.add("-jar");
      command.add(jar.toString());
    } else {
      command.add("-cp");
      command.add(classPath);
      command.add("io.parley.app.Main");
    }
    return command;
  }

  /** Starts the server and waits until it listens; fails with its last log lines if it cannot. */
  public static LocalServer start(Spec spec) {
    List<String> command = new ArrayList<>(spec.launch());
    command.addAll(
        List.of(
            "run", "--host", "127.0.0.1", "--port", "0", "--data-dir", spec.dataDir().toString()));
    spec.settings().forEach((k, v) -> command.add("--set=" + k + "=" + v));
    Process process;
    try {
      Files.createDirectories(spec.dataDir());
      Files.createDirectories(spec.logFile().toAbsolutePath().getParent());
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the server: " + command, e);
    }
    Deque<String> tail = new ArrayDeque<>();
    LogCounts counts = new LogCounts();
    CompletableFuture<URI> listening = new CompletableFuture<>();
    Thread pump =
        new Thread(() -> pump(process, spec.logFile(), tail, counts, listening), "server-log");
    pump.setDaemon(true);
    pump.start();
    try {
      URI uri = listening.get(spec.startTimeout().toMillis(), TimeUnit.MILLISECONDS);
      LocalServer server = new LocalServer(spec, process, uri, tail, counts);
      Runtime.getRuntime().addShutdownHook(new Thread(server::close, "server-stop"));
      return server;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IllegalStateException("interrupted while the server started");
    } catch (ExecutionException | TimeoutException e) {
      process.destroy();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
      }
      process.destroyForcibly();
      throw new IllegalStateException(
          "the server did not start ("
              + (e instanceof TimeoutException ? "timeout" : e.getCause().getMessage())
              + "); its last output:\n"
              + String.join("\n", snapshot(tail)));
    }
  }

  private static void pump(
      Process process,
      Path logFile,
      Deque<String> tail,
      LogCounts counts,
      CompletableFuture<URI> listening) {
    try (BufferedReader in =
            new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        BufferedWriter log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8)) {
      String line;
      long written = 0;
      while ((line = in.readLine()) != null) {
        counts.line(line);
        if (written < MAX_LOG_BYTES) {
          log.write(line);
          log.newLine();
          log.flush();
          written += line.length() + 1;
          if (written >= MAX_LOG_BYTES) {
            log.write("[parley bench: log truncated at 64 MiB; warnings and errors still counted]");
            log.newLine();
            log.flush();
          }
        }
        synchronized (tail) {
          tail.addLast(line);
          if (tail.size() > TAIL_LINES) {
            tail.removeFirst();
          }
        }
        if (!listening.isDone()) {
          Matcher m = LISTENING.matcher(line);
          if (m.find()) {
            listening.complete(URI.create("http://127.0.0.1:" + m.group(2)));
          }
        }
      }
      listening.completeExceptionally(new IOException("the server exited before listening"));
    } catch (IOException e) {
      listening.completeExceptionally(e);
    }
  }

  private static List<String> snapshot(Deque<String> tail) {
    synchronized (tail) {
      return new ArrayList<>(tail);
    }
  }

  @Override
  public URI uri() {
    return uri;
  }

  @Override
  public OptionalLong pid() {
    return OptionalLong.of(process.pid());
  }

  @Override
  public String accountsKey() {
    return spec.accountsKey() != null
        ? spec.accountsKey()
        : spec.dataDir().toAbsolutePath().normalize().toString();
  }

  @Override
  public boolean ephemeral() {
    return spec.temporary() && spec.accountsKey() == null;
  }

  public Path logFile() {
    return spec.logFile();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** The server's last lines of output. */
  public List<String> lastOutput() {
    return snapshot(tail);
  }

  /** SIGTERM to the server's pid, then SIGKILL after 30 s; deletes a temporary data directory. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (process.isAlive()) {
        process.destroy(); // SIGTERM to this pid only
        if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly();
          process.waitFor(10, TimeUnit.SECONDS);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    if (spec.temporary()) {
      deleteTree(spec.dataDir());
    }
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort: a temp directory
    }
  }
}
