package io.parley.store.rocksdb;

import static io.parley.store.rocksdb.RocksDbStoreContractTest.smallConfig;
import static org.assertj.core.api.Assertions.assertThat;

import io.parley.core.group.GroupStore.Announcement;
import io.parley.core.group.GroupStore.Changed;
import io.parley.core.group.GroupStore.NewGroup;
import io.parley.core.group.Role;
import io.parley.core.id.GroupId;
import io.parley.core.id.UserId;
import io.parley.core.message.Message;
import io.parley.core.message.MessageStore.AppendResult;
import io.parley.core.message.MessageStore.InboxQuery;
import io.parley.core.message.MessageStore.InboxResult;
import io.parley.core.message.MessageStore.NewMessage;
import io.parley.core.message.SystemEvent;
import io.parley.core.metrics.ParleyMetrics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;

/** What the contract cannot see of groups: the storage layout, batch sizes, upgrades. */
class RocksDbGroupTest {

  private static final int MEMBERS = 1000;

  @TempDir Path dir;

  @Test
  void aGroupMessageIsOneBodyAndOneSmallInboxReferencePerMember() throws Exception {
    List<UserId> members = users(MEMBERS);
    try (var store = RocksDbStore.open(smallConfig(dir))) {
      GroupId id = create(store, members).group().id();
      await(store.append(NewMessage.toGroup(id, members.get(7), "once", null)));
    }

    try (Db db = Db.open(smallConfig(dir))) {
      assertThat(count(db, db.messages))
          .as("bodies: the announcement and the message")
          .isEqualTo(2);
      assertThat(count(db, db.conversationLog)).isEqualTo(2);
      assertThat(count(db, db.inbox)).isEqualTo(2 * MEMBERS);
      assertThat(count(db, db.groups)).isEqualTo(1);
      assertThat(count(db, db.userGroups)).isEqualTo(MEMBERS);
      assertThat(count(db, db.members)).isEqualTo(MEMBERS);
      assertThat(count(db, db.userConversations)).isEqualTo(MEMBERS);
      db.scan(
          db.inbox,
          new byte[0],
          null,
          false,
          (key, value) -> {
            assertThat(key).hasSize(16);
            assertThat(value).hasSize(1);
            return true;
          });
    }
  }

  @Test
  void aBurstOfLargeFanOutsIsCommittedInSeveralBoundedWrites() throws Exception {
    var metrics = new CommitCounter();
    List<UserId> members = users(MEMBERS);
    int sends = 250;
    try (var store = RocksDbStore.open(smallConfig(dir), metrics)) {
      Changed created = create(store, members);
      GroupId id = created.group().id();
      List<CompletableFuture<AppendResult>> appends = new ArrayList<>();
      for (int i = 0; i < sends; i++) {
        var message = NewMessage.toGroup(id, members.get(i % MEMBERS), "m" + i, null);
        appends.add(store.append(message).toCompletableFuture());
      }
      CompletableFuture.allOf(appends.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

      assertThat(appends).allMatch(f -> f.join() instanceof AppendResult.Appended);
      assertThat(metrics.largestBatch.get())
          .isLessThanOrEqualTo(Committer.MAX_PUTS_PER_WRITE / MEMBERS);
      var page =
          (InboxResult.Page)
              await(store.inbox(members.get(999), new InboxQuery(created.cursor(), 0, 500)));
      assertThat(page.messages())
          .extracting(Message::seq)
          .containsExactlyElementsOf(LongStream.rangeClosed(2, sends + 1).boxed().toList());
    }
  }

  @Test
  void aDatabaseFromBeforeGroupsOpensAndKeepsItsMessages() throws Exception {
    List<String> before = Db.COLUMN_FAMILIES.subList(0, Db.COLUMN_FAMILIES.indexOf("groups"));
    List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
    for (String name : before) {
      descriptors.add(new ColumnFamilyDescriptor(name.getBytes(StandardCharsets.UTF_8)));
    }
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    try (var options =
            new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true);
        var rocks = RocksDB.open(options, dir.toString(), descriptors, handles)) {
      rocks.put("parley.format".getBytes(StandardCharsets.UTF_8), new byte[] {Db.FORMAT});
      handles.forEach(ColumnFamilyHandle::close);
    }

    List<UserId> members = users(3);
    try (var store = RocksDbStore.open(smallConfig(dir))) {
      GroupId id = create(store, members).group().id();
      Message sent =
          await(store.append(NewMessage.toGroup(id, members.get(1), "upgraded", null))).message();
      assertThat(await(store.messages(List.of(sent.id())))).containsKey(sent.id());
    }
  }

  private static Changed create(RocksDbStore store, List<UserId> members) throws Exception {
    Map<UserId, Role> roles = new HashMap<>();
    for (UserId member : members) roles.put(member, Role.MEMBER);
    roles.put(members.get(0), Role.ADMIN);
    var event = new SystemEvent(SystemEvent.Type.CREATED, members.get(0), List.of(), "big");
    return await(
        store.create(
            new NewGroup("big", members.get(0), 1, roles), new Announcement("created", event)));
  }

  private static List<UserId> users(int count) {
    return LongStream.rangeClosed(1, count).mapToObj(UserId::of).toList();
  }

  private static long count(Db db, ColumnFamilyHandle family) {
    AtomicInteger count = new AtomicInteger();
    db.scan(family, new byte[0], null, false, (key, value) -> count.incrementAndGet() > 0);
    return count.get();
  }

  private static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  /** Records the largest number of requests in one atomic write. */
  private static final class CommitCounter implements ParleyMetrics {
    final AtomicInteger largestBatch = new AtomicInteger();

    @Override
    public void storeCommit(long nanos, int writes) {
      largestBatch.accumulateAndGet(writes, Math::max);
    }
  }
}
