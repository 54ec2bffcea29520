package io.parley.store.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Cassandra for the tests, run as a child JVM from the isolated classpath that
 * the cassandra-server module writes (its Netty 4.1 never meets the driver's Netty 4.2).
 *
 * <p>One node serves every test class of a Maven run ({@link #shared()}); each class isolates
 * itself in its own keyspace ({@link #freshConfig}). The node is stopped by PID when the test JVM
 * exits: SIGTERM, then SIGKILL if it has not ended within {@link #STOP_GRACE}.
 *
 * <p>Public so that the tests of other modules (the app's cluster-mode tests) can use the same
 * node; their Maven module must set the {@value #CLASSPATH_FILE_PROPERTY} and {@value
 * #WORK_DIR_PROPERTY} system properties as this module's surefire configuration does.
 */
public final class CassandraNode {

  public static final String DATACENTER = "datacenter1";

  private static final Logger log = LoggerFactory.getLogger(CassandraNode.class);
  private static final String CLASSPATH_FILE_PROPERTY = "parley.cassandra.classpath-file";
  private static final String WORK_DIR_PROPERTY = "parley.cassandra.work-dir";
  private static final String JAVA_HOME_ENV = "CASSANDRA_JAVA_HOME";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration STOP_GRACE = Duration.ofSeconds(10);

  /** Cassandra 5.0's own jvm17-server.options, plus heap and test-speed settings. */
  private static final List<String> JVM_FLAGS =
      List.of(
          "-Djdk.attach.allowAttachSelf=true",
          "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
          "--add-exports=java.management.rmi/com.sun.jmx.remote.internal.rmi=ALL-UNNAMED",
          "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
          "--add-exports=java.rmi/sun.rmi.server=ALL-UNNAMED",
          "--add-exports=java.sql/java.sql=ALL-UNNAMED",
          "--add-exports=java.base/java.lang.ref=ALL-UNNAMED",
          "--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED",
          "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
          "--add-exports=jdk.attach/sun.tools.attach=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.module=ALL-UNNAMED",
          "--add-opens=java.base/jdk.internal.loader=ALL-UNNAMED",
          "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
          "--add-opens=java.base/jdk.internal.reflect=ALL-UNNAMED",
          "--add-opens=java.base/jdk.internal.math=ALL-UNNAMED",
          "--add-opens=java.base/jdk.internal.module=ALL-UNNAMED",
          "--add-opens=java.base/jdk.internal.util.jar=ALL-UNNAMED",
          "--add-opens=jdk.management/com.sun.management.internal=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
          "--add-opens=java.base/java.io=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
          "--add-opens=jdk.compiler/com.sun.tools.javac=ALL-UNNAMED",
          "--add-opens=java.base/java.lang=ALL-UNNAMED",
          "--add-opens=java.base/java.util=ALL-UNNAMED",
          "-Dio.netty.tryReflectionSetAccessible=true",
          "-Xms256m",
          "-Xmx768m",
          "-XX:+UseG1GC",
          "-Dcassandra-foreground=true",
          "-Dcassandra.skip_wait_for_gossip_to_settle=0",
          "-Dcassandra.ring_delay_ms=0",
          "-Dcassandra.superuser_setup_delay_ms=0",
          "-Dcassandra.unsafesystem=true");

  private static CassandraNode shared;
  private static RuntimeException startFailure;

  private final Process process;
  private final Path dataDir;
  private final Path logFile;
  private final int nativePort;

  private CassandraNode(Process process, Path dataDir, Path logFile, int nativePort) {
    this.process = process;
    this.dataDir = dataDir;
    this.logFile = logFile;
    this.nativePort = nativePort;
  }

  /**
   * The node of this test JVM, started on first use and stopped when the JVM exits. If it failed to
   * start, every later call fails at once instead of trying again.
   */
  public static synchronized CassandraNode shared() {
    if (startFailure != null) {
      throw new IllegalStateException("the Cassandra test node failed to start", startFailure);
    }
    if (shared == null) {
      try {
        shared = start();
      } catch (RuntimeException e) {
        startFailure = e;
        throw e;
      }
      CassandraNode node = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(node::stop, "cassandra-node-stop"));
    }
    return shared;
  }

  /** A configuration for a keyspace of its own, so that a test class shares no data. */
  public CassandraConfig freshConfig(int nodeId) {
    return configFor(
        "test_" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1), nodeId);
  }

  CassandraConfig configFor(String keyspace, int nodeId) {
    return CassandraConfig.of(
        List.of("127.0.0.1:" + nativePort),
        DATACENTER,
        keyspace,
        CassandraConfig.simpleStrategy(1),
        nodeId);
  }

  private static CassandraNode start() {
    Path workDir = Path.of(System.getProperty(WORK_DIR_PROPERTY, "target/cassandra-node"));
    try {
      Files.createDirectories(workDir);
      Path dataDir = Files.createTempDirectory(workDir, "data-");
      Path logFile = workDir.resolve("cassandra.log");
      int storagePort = freePort();
      int nativePort = freePort();
      Path yaml = dataDir.resolve("cassandra.yaml");
      Files.writeString(yaml, yaml(dataDir, storagePort, nativePort));
      Path logback = dataDir.resolve("logback.xml");
      Files.writeString(logback, LOGBACK);

      List<String> command = new ArrayList<>();
      command.add(javaExecutable().toString());
      command.addAll(JVM_FLAGS);
      command.add("-Dcassandra.config=" + yaml.toUri());
      command.add("-Dcassandra.logdir=" + dataDir.resolve("logs"));
      command.add("-Dlogback.configurationFile=" + logback.toUri());
      command.add("-cp");
      command.add(cassandraClasspath());
      command.add("org.apache.cassandra.service.CassandraDaemon");
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(logFile.toFile())
              .start();
      log.info(
          "Cassandra test node pid {} on native port {}, log {}",
          process.pid(),
          nativePort,
          logFile.toAbsolutePath());

      CassandraNode node = new CassandraNode(process, dataDir, logFile, nativePort);
      try {
        node.awaitReady();
      } catch (RuntimeException | Error e) {
        node.stop();
        throw e;
      }
      return node;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the Cassandra test node", e);
    }
  }

  /** Ready when the native port accepts connections and a driver session can query it. */
  private void awaitReady() {
    Awaitility.await("Cassandra native port " + nativePort + " (log: " + logFile + ")")
        .atMost(START_TIMEOUT)
        .pollInterval(Duration.ofMillis(250))
        .until(() -> exitedOrListening() && canQuery());
  }

  private boolean exitedOrListening() {
    if (!process.isAlive()) {
      throw new IllegalStateException(
          "Cassandra exited with " + process.exitValue() + "; see " + logFile.toAbsolutePath());
    }
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", nativePort), 500);
      return true;
    } catch (IOException notYet) {
      return false;
    }
  }

  private boolean canQuery() {
    try (CqlSession session =
        CqlSession.builder()
            .addContactPoint(new InetSocketAddress("127.0.0.1", nativePort))
            .withLocalDatacenter(DATACENTER)
            .withConfigLoader(CassandraSessions.driverConfig(configFor("system", 0)))
            .build()) {
      return session.execute("SELECT release_version FROM system.local").one() != null;
    } catch (RuntimeException notYet) {
      return false;
    }
  }

  /** Stops the node by PID (SIGTERM, then SIGKILL after a bound) and deletes its data. */
  synchronized void stop() {
    try {
      if (process.isAlive()) {
        process.destroy();
        if (!process.waitFor(STOP_GRACE.toSeconds(), TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(STOP_GRACE.toSeconds(), TimeUnit.SECONDS);
        }
      }
      deleteRecursively(dataDir);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      log.warn("could not delete {}", dataDir, e);
    }
  }

  private static String yaml(Path dir, int storagePort, int nativePort) {
    return String.join(
        "\n",
        "cluster_name: parley-test",
        "num_tokens: 1",
        "initial_token: 0",
        "partitioner: org.apache.cassandra.dht.Murmur3Partitioner",
        "endpoint_snitch: SimpleSnitch",
        "seed_provider:",
        "  - class_name: org.apache.cassandra.locator.SimpleSeedProvider",
        "    parameters:",
        "      - seeds: \"127.0.0.1:" + storagePort + "\"",
        "listen_address: 127.0.0.1",
        "rpc_address: 127.0.0.1",
        "storage_port: " + storagePort,
        "native_transport_port: " + nativePort,
        "start_native_transport: true",
        "data_file_directories: [" + dir.resolve("data") + "]",
        "commitlog_directory: " + dir.resolve("commitlog"),
        "saved_caches_directory: " + dir.resolve("saved_caches"),
        "hints_directory: " + dir.resolve("hints"),
        "cdc_raw_directory: " + dir.resolve("cdc_raw"),
        "commitlog_sync: periodic",
        "commitlog_sync_period: 10000ms",
        "memtable_heap_space: 64MiB",
        "memtable_allocation_type: heap_buffers",
        "concurrent_reads: 4",
        "concurrent_writes: 4",
        "concurrent_counter_writes: 2",
        "concurrent_materialized_view_writes: 2",
        "concurrent_compactors: 1",
        "auto_snapshot: false",
        "");
  }

  private static final String LOGBACK =
      """
      <configuration>
        <appender name="STDOUT" class="ch.qos.logback.core.ConsoleAppender">
          <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{20} - %msg%n</pattern></encoder>
        </appender>
        <root level="INFO"><appender-ref ref="STDOUT"/></root>
      </configuration>
      """;

  private static String cassandraClasspath() throws IOException {
    String file =
        System.getProperty(
            CLASSPATH_FILE_PROPERTY, "../cassandra-server/target/cassandra.classpath");
    Path path = Path.of(file);
    if (!Files.isRegularFile(path)) {
      throw new IllegalStateException(
          path.toAbsolutePath()
              + " is missing: build the cassandra-server module first"
              + " (mvn -pl store-cassandra -am verify)");
    }
    return Files.readString(path, StandardCharsets.UTF_8).strip();
  }

  /** Cassandra 5.0 runs on Java 11 or 17: {@value #JAVA_HOME_ENV}, else this JVM's own java. */
  private static Path javaExecutable() {
    String home = System.getenv().getOrDefault(JAVA_HOME_ENV, System.getProperty("java.home"));
    if (System.getenv(JAVA_HOME_ENV) == null && Runtime.version().feature() != 17) {
      throw new IllegalStateException(
          "Cassandra 5.0 needs Java 17; these tests run on "
              + Runtime.version()
              + ": set "
              + JAVA_HOME_ENV
              + " to a Java 17 home");
    }
    return Path.of(home, "bin", "java");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) return;
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
