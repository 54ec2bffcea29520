package io.parley.store.rocksdb;

import static io.parley.store.rocksdb.RocksDbStoreContractTest.smallConfig;
import static org.assertj.core.api.Assertions.assertThat;

import io.parley.core.group.GroupStore.Announcement;
import io.parley.core.group.GroupStore.Changed;
import io.parley.core.group.GroupStore.NewGroup;
import io.parley.core.group.Role;
import io.parley.core.id.GroupId;
import io.parley.core.id.IdGenerator;
import io.parley.core.id.UserId;
import io.parley.core.message.MessageStore.AppendResult;
import io.parley.core.message.MessageStore.NewMessage;
import io.parley.core.message.SystemEvent;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.WriteBatch;

/** The committer's decisions within one batch, before it is written. */
class MutationsTest {

  @TempDir Path dir;

  @Test
  void whatABatchChangedStaysVisibleToItWhateverTheCachesEvict() throws Exception {
    UserId alice = UserId.of(1);
    try (Db db = Db.open(smallConfig(dir));
        WriteBatch batch = new WriteBatch()) {
      var mutations = new Mutations(db, new IdGenerator(Clock.systemUTC(), 0));
      GroupId first = create(mutations, alice, batch).group().id();
      for (int i = 0; i < GroupMutations.GROUP_CACHE_SIZE + 10; i++) {
        create(mutations, UserId.of(100 + i), batch);
      }

      AppendResult result =
          mutations.append(NewMessage.toGroup(first, alice, "still here?", null), batch);

      assertThat(result).isInstanceOf(AppendResult.Appended.class);
      assertThat(result.message().seq()).isEqualTo(2);
    }
  }

  private static Changed create(Mutations mutations, UserId creator, WriteBatch batch)
      throws Exception {
    var event = new SystemEvent(SystemEvent.Type.CREATED, creator, List.of(), "g");
    return mutations
        .groups()
        .create(
            new NewGroup("g", creator, 1, Map.of(creator, Role.ADMIN)),
            new Announcement("created", event),
            batch);
  }
}
