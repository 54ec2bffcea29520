package io.parley.store.rocksdb;

import static io.parley.store.rocksdb.RocksDbStoreContractTest.smallConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.core.account.UserStore.CreateResult;
import io.parley.core.account.UserStore.NewAccount;
import io.parley.core.id.IdGenerator;
import io.parley.core.id.UserId;
import io.parley.core.message.ConversationId;
import io.parley.core.message.Message;
import io.parley.core.message.MessageStore.AppendResult;
import io.parley.core.message.MessageStore.InboxQuery;
import io.parley.core.message.MessageStore.InboxResult;
import io.parley.core.message.MessageStore.NewMessage;
import io.parley.core.metrics.ParleyMetrics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

/** What the contract cannot see: restart recovery, group commit, close, the cursor format. */
class RocksDbStoreTest {

  private static final UserId ALICE = UserId.of(1);
  private static final UserId BOB = UserId.of(2);

  @TempDir Path dir;

  @Test
  void idsKeepIncreasingAfterARestartEvenIfTheClockWentBack() throws Exception {
    Message before;
    try (var store = RocksDbStore.open(smallConfig(dir))) {
      before = await(store.append(direct("before"))).message();
    }
    Clock past = Clock.fixed(Instant.parse("2024-06-01T00:00:00Z"), ZoneOffset.UTC);

    try (var store = RocksDbStore.open(smallConfig(dir), ParleyMetrics.NONE, past)) {
      Message after = await(store.append(direct("after"))).message();
      var created =
          (CreateResult.Created) await(store.create(new NewAccount("carol", null, "h", 0)));

      assertThat(after.id()).isGreaterThan(before.id());
      assertThat(after.seq()).isEqualTo(2);
      assertThat(created.user().id().value()).isGreaterThan(after.id().value());
    }
  }

  @Test
  void concurrentAppendsAreCommittedTogether() throws Exception {
    var metrics = new CommitCounter();
    try (var store = RocksDbStore.open(smallConfig(dir), metrics)) {
      List<CompletableFuture<AppendResult>> appends = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        appends.add(store.append(direct("m" + i)).toCompletableFuture());
      }
      CompletableFuture.allOf(appends.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

      assertThat(metrics.writes.get()).isEqualTo(100);
      assertThat(metrics.largestBatch.get()).isGreaterThan(1);
      assertThat(metrics.commits.get()).isLessThan(100);
      assertThat(metrics.nanos.get()).isPositive();
    }
  }

  @Test
  void closeCommitsTheWritesAlreadyQueued() throws Exception {
    List<CompletableFuture<AppendResult>> appends = new ArrayList<>();
    try (var store = RocksDbStore.open(smallConfig(dir))) {
      for (int i = 0; i < 200; i++) {
        appends.add(store.append(direct("m" + i)).toCompletableFuture());
      }
    }

    assertThat(appends).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
    try (var store = RocksDbStore.open(smallConfig(dir))) {
      var page = (InboxResult.Page) await(store.inbox(BOB, new InboxQuery(null, 0, 500)));
      assertThat(page.messages()).extracting(Message::seq).hasSize(200).isSorted();
    }
  }

  @Test
  void closeIsIdempotentAndLaterCallsFail() {
    var store = RocksDbStore.open(smallConfig(dir));
    store.close();
    store.close();

    assertThatThrownBy(() -> await(store.append(direct("late"))))
        .hasRootCauseInstanceOf(StoreException.class)
        .hasRootCauseMessage("the store is closed");
    assertThatThrownBy(() -> await(store.findById(ALICE)))
        .hasRootCauseInstanceOf(StoreException.class);
  }

  @Test
  void theCursorIsTheDecimalIdOfTheLastMessageRead() throws Exception {
    try (var store = RocksDbStore.open(smallConfig(dir))) {
      var first = (AppendResult.Appended) await(store.append(direct("one")));
      Message second = await(store.append(direct("two"))).message();

      assertThat(first.cursor()).isEqualTo(first.message().id().toString());
      var page = (InboxResult.Page) await(store.inbox(ALICE, new InboxQuery("0", 0, 10)));
      assertThat(page.nextCursor()).isEqualTo(second.id().toString());
      for (String invalid : List.of("-1", "", "+5", "1e3", " 1", "99999999999999999999")) {
        assertThat(await(store.inbox(ALICE, new InboxQuery(invalid, 0, 10))))
            .as(invalid)
            .isInstanceOf(InboxResult.InvalidCursor.class);
      }
    }
  }

  @Test
  void aMessageWhoseConversationDoesNotMatchIsRefused() {
    try (var store = RocksDbStore.open(smallConfig(dir))) {
      var wrong =
          new NewMessage(
              ConversationId.direct(ALICE, UserId.of(3)),
              ALICE,
              BOB,
              null,
              "misrouted",
              null,
              Set.of(ALICE, BOB));

      assertThatThrownBy(() -> await(store.append(wrong)))
          .hasRootCauseInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void aDatabaseOfAnotherFormatIsRefused() throws Exception {
    try (var options = new Options().setCreateIfMissing(true);
        var rocks = RocksDB.open(options, dir.toString())) {
      rocks.put("parley.format".getBytes(StandardCharsets.UTF_8), new byte[] {9});
    }

    assertThatThrownBy(() -> RocksDbStore.open(smallConfig(dir)))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("unsupported database format");
  }

  @Test
  void sinceSeeksToTheFirstIdOfThatMillisecond() throws Exception {
    try (var store = RocksDbStore.open(smallConfig(dir))) {
      Message message = await(store.append(direct("now"))).message();
      long millis = IdGenerator.timestampOf(message.id().value());

      var at = (InboxResult.Page) await(store.inbox(BOB, new InboxQuery(null, millis, 10)));
      var after = (InboxResult.Page) await(store.inbox(BOB, new InboxQuery(null, millis + 1, 10)));

      assertThat(at.messages()).containsExactly(message);
      assertThat(after.messages()).isEmpty();
      assertThat(after.nextCursor()).isEqualTo("0");
    }
  }

  private static NewMessage direct(String content) {
    return new NewMessage(
        ConversationId.direct(ALICE, BOB), ALICE, BOB, null, content, null, Set.of(ALICE, BOB));
  }

  private static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  /** Counts what the store reports per commit. */
  private static final class CommitCounter implements ParleyMetrics {
    final AtomicInteger commits = new AtomicInteger();
    final AtomicInteger writes = new AtomicInteger();
    final AtomicInteger largestBatch = new AtomicInteger();
    final AtomicLong nanos = new AtomicLong();

    @Override
    public void storeCommit(long nanos, int writes) {
      commits.incrementAndGet();
      this.writes.addAndGet(writes);
      largestBatch.accumulateAndGet(writes, Math::max);
      this.nanos.addAndGet(nanos);
    }
  }
}
