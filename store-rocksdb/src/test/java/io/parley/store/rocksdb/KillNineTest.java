package io.parley.store.rocksdb;

import static io.parley.store.rocksdb.CrashTarget.ALICE;
import static io.parley.store.rocksdb.CrashTarget.BOB;
import static io.parley.store.rocksdb.RocksDbStoreContractTest.smallConfig;
import static org.assertj.core.api.Assertions.assertThat;

import io.parley.core.id.MessageId;
import io.parley.core.message.ConversationId;
import io.parley.core.message.Message;
import io.parley.core.message.MessageStore.NewMessage;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** An acknowledged append survives {@code kill -9} of the process, mid-stream. */
class KillNineTest {

  private static final int ACKS_BEFORE_KILL = 2_000;

  @TempDir Path dir;

  @Test
  @Timeout(120)
  void everyAcknowledgedAppendSurvivesKillNine() throws Exception {
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                CrashTarget.class.getName(),
                dir.toString())
            .redirectErrorStream(true)
            .start();
    Set<MessageId> acked = new HashSet<>();
    try (var out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith("acked ")) acked.add(MessageId.parse(line.substring(6)).orElseThrow());
        if (acked.size() == ACKS_BEFORE_KILL) child.toHandle().destroyForcibly(); // SIGKILL
      }
    } finally {
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(acked).hasSizeGreaterThanOrEqualTo(ACKS_BEFORE_KILL);

    try (var store = RocksDbStore.open(smallConfig(dir))) {
      Map<MessageId, Message> found = store.messages(acked).toCompletableFuture().get();
      assertThat(found.keySet()).containsExactlyInAnyOrderElementsOf(acked);

      var conversation = ConversationId.direct(ALICE, BOB);
      List<Message> history = new ArrayList<>();
      long before = Long.MAX_VALUE;
      boolean more = true;
      while (more) {
        var page = store.history(conversation, before, 500).toCompletableFuture().get();
        history.addAll(page.messages());
        more = page.hasMore();
        before = history.get(history.size() - 1).seq();
      }
      long stored = history.size();
      assertThat(history)
          .extracting(Message::seq)
          .containsExactlyElementsOf(
              LongStream.iterate(stored, s -> s - 1).limit(stored).boxed().toList());

      var next =
          new NewMessage(
              conversation, BOB, ALICE, null, "after the crash", null, Set.of(ALICE, BOB));
      Message after = store.append(next).toCompletableFuture().get().message();
      assertThat(after.seq()).isEqualTo(stored + 1);
      assertThat(after.id()).isGreaterThan(history.get(0).id());
    }
  }
}
