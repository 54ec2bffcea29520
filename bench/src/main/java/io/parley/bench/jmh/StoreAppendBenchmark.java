package io.parley.bench.jmh;

import io.parley.core.group.GroupStore;
import io.parley.core.group.Role;
import io.parley.core.id.GroupId;
import io.parley.core.id.UserId;
import io.parley.core.message.ConversationId;
import io.parley.core.message.MessageStore;
import io.parley.core.message.SystemEvent;
import io.parley.store.rocksdb.RocksDbConfig;
import io.parley.store.rocksdb.RocksDbStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The store's write path: {@link RocksDbStore#append} from many threads at once, so that the one
 * committer group-commits them (one synced WriteBatch for everything queued). Each call waits for
 * its own durable ack, as a sender does: the throughput is what group commit achieves with 16
 * concurrent writers; {@code sync=false} shows the cost of the fsync. {@code fanOut} appends group
 * messages (one body, one inbox reference per member).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 4, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx1g"})
@Threads(16)
public class StoreAppendBenchmark {
  private static final int USERS = 1000;

  @Param({"true", "false"})
  boolean sync;

  @Param({"100"})
  int members;

  Path dir;
  RocksDbStore store;
  GroupId[] groups;
  final String content = "x".repeat(100);

  @Setup(Level.Trial)
  public void open() throws IOException {
    dir = Files.createTempDirectory("parley-jmh-store-");
    store =
        RocksDbStore.open(
            new RocksDbConfig(
                dir,
                RocksDbConfig.DEFAULT_WRITE_BUFFER_MB,
                RocksDbConfig.DEFAULT_BLOCK_CACHE_MB,
                RocksDbConfig.DEFAULT_MAX_BATCH,
                sync));
    Map<UserId, Role> roles = new HashMap<>();
    for (int i = 1; i <= members; i++) {
      roles.put(UserId.of(i), i == 1 ? Role.ADMIN : Role.MEMBER);
    }
    UserId creator = UserId.of(1);
    groups = new GroupId[10];
    for (int g = 0; g < groups.length; g++) {
      String name = "bench-" + g;
      groups[g] =
          store
              .create(
                  new GroupStore.NewGroup(name, creator, System.currentTimeMillis(), roles),
                  new GroupStore.Announcement(
                      "created",
                      new SystemEvent(SystemEvent.Type.CREATED, creator, List.of(), name)))
              .toCompletableFuture()
              .join()
              .group()
              .id();
    }
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    store.close();
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Benchmark
  public Object appendDirect() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long a = 1 + random.nextInt(USERS);
    long b = 1 + (a + random.nextInt(USERS - 1)) % USERS;
    UserId sender = UserId.of(a);
    UserId receiver = UserId.of(b);
    return store
        .append(
            new MessageStore.NewMessage(
                ConversationId.direct(sender, receiver),
                sender,
                receiver,
                null,
                content,
                null,
                Set.of(sender, receiver)))
        .toCompletableFuture()
        .join();
  }

  @Benchmark
  public Object fanOut() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    GroupId group = groups[random.nextInt(groups.length)];
    UserId sender = UserId.of(1 + random.nextInt(members));
    return store
        .append(MessageStore.NewMessage.toGroup(group, sender, content, null))
        .toCompletableFuture()
        .join();
  }
}
