package io.parley.store.rocksdb;

import static io.parley.store.rocksdb.GroupCrashTarget.VISITOR;
import static io.parley.store.rocksdb.RocksDbStoreContractTest.smallConfig;
import static org.assertj.core.api.Assertions.assertThat;

import io.parley.core.id.GroupId;
import io.parley.core.id.MessageId;
import io.parley.core.id.UserId;
import io.parley.core.message.ConversationId;
import io.parley.core.message.Message;
import io.parley.core.message.MessageStore.InboxQuery;
import io.parley.core.message.MessageStore.InboxResult;
import io.parley.core.message.MessageStore.NewMessage;
import io.parley.core.message.SystemEvent;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every acknowledged group message survives {@code kill -9}, in every member's inbox exactly once,
 * and membership changes racing the sends stay consistent with the fan-out.
 */
class GroupKillNineTest {

  private static final int ACKS_BEFORE_KILL = 1_500;

  @TempDir Path dir;

  @Test
  @Timeout(120)
  void everyAcknowledgedGroupMessageSurvivesKillNineInEveryMembersInbox() throws Exception {
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                GroupCrashTarget.class.getName(),
                dir.toString())
            .redirectErrorStream(true)
            .start();
    Set<MessageId> acked = new HashSet<>();
    GroupId group = null;
    try (var out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith("group ")) group = GroupId.parse(line.substring(6)).orElseThrow();
        if (line.startsWith("acked ")) acked.add(MessageId.parse(line.substring(6)).orElseThrow());
        if (acked.size() == ACKS_BEFORE_KILL) child.toHandle().destroyForcibly(); // SIGKILL
      }
    } finally {
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(acked).hasSizeGreaterThanOrEqualTo(ACKS_BEFORE_KILL);
    assertThat(group).isNotNull();

    try (var store = RocksDbStore.open(smallConfig(dir))) {
      List<Message> log = log(store, ConversationId.group(group));
      assertThat(log)
          .extracting(Message::seq)
          .containsExactlyElementsOf(LongStream.rangeClosed(1, log.size()).boxed().toList());
      assertThat(log).extracting(Message::id).containsAll(acked);
      for (UserId member : List.of(UserId.of(1), UserId.of(50), UserId.of(100))) {
        assertThat(inbox(store, member)).as("inbox of %s", member).isEqualTo(ids(log));
      }
      assertThat(log)
          .as("membership changed during the sends")
          .extracting(m -> m.event() == null ? null : m.event().type())
          .contains(SystemEvent.Type.ADDED, SystemEvent.Type.REMOVED);
      assertThat(inbox(store, VISITOR)).isEqualTo(ids(visible(log)));

      Message after =
          store
              .append(NewMessage.toGroup(group, UserId.of(2), "after the crash", null))
              .toCompletableFuture()
              .get()
              .message();
      assertThat(after.seq()).isEqualTo(log.size() + 1);
    }
  }

  /** What the visitor may see: from each announcement of their adding to that of their removal. */
  private static List<Message> visible(List<Message> log) {
    List<Message> seen = new ArrayList<>();
    boolean member = false;
    for (Message message : log) {
      SystemEvent event = message.event();
      boolean aboutVisitor = event != null && event.users().contains(VISITOR);
      if (aboutVisitor && event.type() == SystemEvent.Type.ADDED) member = true;
      if (member) seen.add(message);
      if (aboutVisitor && event.type() == SystemEvent.Type.REMOVED) member = false;
    }
    return seen;
  }

  private static List<Message> log(RocksDbStore store, ConversationId conversation)
      throws Exception {
    List<Message> newestFirst = new ArrayList<>();
    long before = Long.MAX_VALUE;
    boolean more = true;
    while (more) {
      var page = store.history(conversation, before, 500).toCompletableFuture().get();
      newestFirst.addAll(page.messages());
      more = page.hasMore();
      if (!newestFirst.isEmpty()) before = newestFirst.get(newestFirst.size() - 1).seq();
    }
    Collections.reverse(newestFirst);
    return newestFirst;
  }

  private static List<MessageId> inbox(RocksDbStore store, UserId owner) throws Exception {
    List<MessageId> ids = new ArrayList<>();
    String cursor = null;
    InboxResult.Page page;
    do {
      page =
          (InboxResult.Page)
              store.inbox(owner, new InboxQuery(cursor, 0, 500)).toCompletableFuture().get();
      page.messages().forEach(m -> ids.add(m.id()));
      cursor = page.nextCursor();
    } while (page.hasMore());
    return ids;
  }

  private static List<MessageId> ids(List<Message> messages) {
    return messages.stream().map(Message::id).toList();
  }
}
