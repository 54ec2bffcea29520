package io.parley.store.cassandra;

import static io.parley.store.cassandra.StoreCalls.await;
import static io.parley.store.cassandra.StoreCalls.randomUser;
import static org.assertj.core.api.Assertions.assertThat;

import io.parley.core.group.Group;
import io.parley.core.group.GroupStore.Announcement;
import io.parley.core.group.GroupStore.Changed;
import io.parley.core.group.GroupStore.NewGroup;
import io.parley.core.group.GroupStore.UpdateResult;
import io.parley.core.group.Member;
import io.parley.core.group.Role;
import io.parley.core.id.GroupId;
import io.parley.core.id.MessageId;
import io.parley.core.id.UserId;
import io.parley.core.message.Message;
import io.parley.core.message.MessageStore.AppendResult;
import io.parley.core.message.MessageStore.InboxQuery;
import io.parley.core.message.MessageStore.InboxResult;
import io.parley.core.message.MessageStore.NewMessage;
import io.parley.core.message.SystemEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.LongStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A group written by three nodes at once, clocks skewed, while its membership changes through
 * compare-and-set on other nodes: one member is removed and another joins mid-way. The group's log
 * stays gapless; every message went to exactly the members of its moment (the leaver gets nothing
 * after the news of their removal, the joiner nothing before the news of their joining); the
 * leaver's sends after it are refused; and every member's inbox, read from any node, holds exactly
 * the messages that went to them, once each, in seq order.
 */
class GroupMultiWriterTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  private static final int MEMBERS = 5;
  private static final int MESSAGES_PER_SENDER = 12;

  @RegisterExtension static final SkewedNodes nodes = new SkewedNodes();

  @Test
  void everyMessageReachesExactlyTheMembersOfItsMoment() throws Exception {
    List<UserId> members = new ArrayList<>();
    for (int i = 0; i < MEMBERS; i++) members.add(randomUser());
    UserId admin = members.get(0);
    UserId leaver = members.get(MEMBERS - 1);
    UserId joiner = randomUser();
    Map<UserId, Role> roles = new LinkedHashMap<>();
    members.forEach(user -> roles.put(user, user.equals(admin) ? Role.ADMIN : Role.MEMBER));
    Changed created =
        await(
            nodes
                .stores()
                .get(0)
                .groups()
                .create(
                    new NewGroup("busy", admin, 1L, roles),
                    announce(SystemEvent.Type.CREATED, admin, members.subList(1, MEMBERS))));
    GroupId id = created.group().id();

    ExecutorService pool = Executors.newFixedThreadPool(MEMBERS + 1);
    ConcurrentLinkedQueue<AppendResult.Appended> sent = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<UserId> refused = new ConcurrentLinkedQueue<>();
    try {
      List<CompletableFuture<?>> work = new ArrayList<>();
      for (int i = 0; i < MEMBERS; i++) {
        UserId sender = members.get(i);
        CassandraMessageStore store = nodes.stores().get(i % nodes.stores().size());
        work.add(
            CompletableFuture.runAsync(
                () -> {
                  for (int m = 0; m < MESSAGES_PER_SENDER; m++) {
                    AppendResult result =
                        await(store.append(NewMessage.toGroup(id, sender, "m" + m, null)));
                    if (result instanceof AppendResult.Appended appended) sent.add(appended);
                    else refused.add(sender);
                  }
                },
                pool));
      }
      CompletableFuture<List<Changed>> changes =
          CompletableFuture.supplyAsync(
              () -> {
                // mid-way: once a few messages are in
                Awaitility.await().atMost(TIMEOUT).until(() -> sent.size() >= 2 * MEMBERS);
                return List.of(
                    change(id, admin, SystemEvent.Type.REMOVED, leaver, m -> without(m, leaver)),
                    change(id, joiner, SystemEvent.Type.JOINED, joiner, m -> with(m, joiner)));
              },
              pool);
      work.add(changes);
      CompletableFuture.allOf(work.toArray(CompletableFuture[]::new))
          .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);

      long removedAt = changes.get().get(0).announcement().seq();
      long joinedAt = changes.get().get(1).announcement().seq();
      List<Long> seqs = new ArrayList<>(List.of(1L, removedAt, joinedAt));
      sent.forEach(s -> seqs.add(s.message().seq()));
      assertThat(seqs)
          .containsExactlyInAnyOrderElementsOf(
              LongStream.rangeClosed(1, seqs.size()).boxed().toList());
      for (AppendResult.Appended appended : sent) {
        long seq = appended.message().seq();
        assertThat(appended.audience().contains(leaver)).isEqualTo(seq < removedAt);
        assertThat(appended.audience().contains(joiner)).isEqualTo(seq > joinedAt);
        if (appended.message().sender().equals(leaver)) assertThat(seq).isLessThan(removedAt);
      }
      assertThat(refused).allMatch(leaver::equals);
      assertThat(
              await(
                  nodes
                      .stores()
                      .get(1)
                      .append(NewMessage.toGroup(id, leaver, "still there?", null))))
          .isInstanceOf(AppendResult.NotMember.class);

      List<Message> everything = new ArrayList<>();
      sent.forEach(s -> everything.add(s.message()));
      everything.add(created.announcement());
      changes.get().forEach(change -> everything.add(change.announcement()));
      everything.sort(Comparator.comparingLong(Message::seq));
      for (UserId member : with(members, joiner)) {
        List<MessageId> expected =
            everything.stream()
                .filter(m -> member.equals(leaver) ? m.seq() <= removedAt : true)
                .filter(m -> member.equals(joiner) ? m.seq() >= joinedAt : true)
                .map(Message::id)
                .toList();
        assertThat(readInbox(member))
            .as("inbox of %s", member)
            .extracting(Message::id)
            .containsExactlyElementsOf(expected);
      }
      Group group = await(nodes.stores().get(2).groups().group(id)).orElseThrow();
      assertThat(group.members().keySet())
          .containsExactlyInAnyOrderElementsOf(with(without(members, leaver), joiner));
      assertThat(group.version()).isEqualTo(3);
    } finally {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    }
  }

  /** A service's compare-and-set loop on random nodes: read the group, change it, retry. */
  private static Changed change(
      GroupId id,
      UserId actor,
      SystemEvent.Type type,
      UserId subject,
      UnaryOperator<List<UserId>> newMembers) {
    for (int attempt = 0; attempt < 100; attempt++) {
      CassandraMessageStore store = nodes.any();
      Group current = await(store.groups().group(id)).orElseThrow();
      Map<UserId, Member> members = new LinkedHashMap<>();
      for (UserId user : newMembers.apply(List.copyOf(current.members().keySet()))) {
        Member known = current.members().get(user);
        members.put(user, known != null ? known : new Member(user, Role.MEMBER, 2L, 0));
      }
      UpdateResult result =
          await(
              store
                  .groups()
                  .update(
                      current.next(current.name(), members),
                      announce(type, actor, List.of(subject))));
      if (result instanceof UpdateResult.Updated updated) return updated.change();
      assertThat(result).isInstanceOf(UpdateResult.Conflict.class);
    }
    throw new AssertionError(type + " made no progress in 100 attempts");
  }

  private static List<Message> readInbox(UserId owner) {
    List<Message> all = new ArrayList<>();
    String cursor = null;
    InboxResult.Page page;
    do {
      CassandraMessageStore store = nodes.any();
      page = (InboxResult.Page) await(store.inbox(owner, new InboxQuery(cursor, 0, 9)));
      all.addAll(page.messages());
      cursor = page.nextCursor();
    } while (page.hasMore());
    return all;
  }

  private static Announcement announce(SystemEvent.Type type, UserId actor, List<UserId> users) {
    return new Announcement(type.wire(), new SystemEvent(type, actor, users, "busy"));
  }

  private static List<UserId> with(List<UserId> users, UserId one) {
    List<UserId> result = new ArrayList<>(users);
    result.add(one);
    return result;
  }

  private static List<UserId> without(List<UserId> users, UserId one) {
    return users.stream().filter(user -> !user.equals(one)).toList();
  }
}
