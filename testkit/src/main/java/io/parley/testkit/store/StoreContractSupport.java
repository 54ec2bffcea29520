package io.parley.testkit.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.core.account.UserStore;
import io.parley.core.group.Group;
import io.parley.core.group.GroupStore;
import io.parley.core.group.GroupStore.Announcement;
import io.parley.core.group.GroupStore.Changed;
import io.parley.core.group.GroupStore.NewGroup;
import io.parley.core.group.GroupStore.UpdateResult;
import io.parley.core.group.Member;
import io.parley.core.group.Role;
import io.parley.core.id.GroupId;
import io.parley.core.id.MessageId;
import io.parley.core.id.UserId;
import io.parley.core.message.ConversationId;
import io.parley.core.message.ConversationSummary;
import io.parley.core.message.Markers;
import io.parley.core.message.Message;
import io.parley.core.message.MessageStore;
import io.parley.core.message.MessageStore.AppendResult;
import io.parley.core.message.MessageStore.HistoryPage;
import io.parley.core.message.MessageStore.InboxQuery;
import io.parley.core.message.MessageStore.InboxResult;
import io.parley.core.message.MessageStore.MarkerChange;
import io.parley.core.message.MessageStore.NewMessage;
import io.parley.core.message.Receipt;
import io.parley.core.message.SystemEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the store contract suites share: the adapter hooks, the per-test lifecycle and helpers.
 *
 * <p>The tests use random user ids and usernames, so an adapter may hand every test a fresh store
 * or one shared store; either way the order of tests never matters.
 */
public abstract class StoreContractSupport {

  /** How long any single store call may take before the test fails. */
  protected static final Duration TIMEOUT = Duration.ofSeconds(30);

  private Stores stores;

  /** The store for one test: fresh, or shared with other tests. Closed after the test. */
  protected abstract Stores createStores() throws Exception;

  /** Whether {@link #reopen} is supported; the durability tests are skipped when it is not. */
  protected boolean canReopen() {
    return false;
  }

  /** Closes {@code current} and opens the same data again, as after a restart. */
  protected Stores reopen(Stores current) throws Exception {
    throw new UnsupportedOperationException("this store cannot be reopened");
  }

  @BeforeEach
  protected void openStores() throws Exception {
    stores = createStores();
  }

  @AfterEach
  protected void closeStores() throws Exception {
    if (stores != null) stores.close();
  }

  protected final UserStore users() {
    return stores.users();
  }

  protected final MessageStore messages() {
    return stores.messages();
  }

  protected final GroupStore groups() {
    return stores.groups();
  }

  /** Restarts the store under test (call only when {@link #canReopen()}). */
  protected final void restart() throws Exception {
    Stores reopened = reopen(stores);
    stores = reopened;
  }

  /** The value of {@code stage}, failing the test if it fails or takes longer than TIMEOUT. */
  protected static <T> T await(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    } catch (ExecutionException e) {
      throw new AssertionError("the store call failed", e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError("the store call did not complete within " + TIMEOUT, e);
    }
  }

  /** A random user id, unlikely to be used by any other test. */
  protected static UserId randomUser() {
    return UserId.of(ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE));
  }

  /** A valid, random username starting with {@code prefix}. */
  protected static String randomName(String prefix) {
    return prefix + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40, 1L << 50), 36);
  }

  /**
   * Starts {@code count} calls at once from several threads and answers their results in call
   * order, once all have completed.
   */
  protected static <T> List<T> concurrently(int count, IntFunction<CompletionStage<T>> call) {
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(count, 32));
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<CompletionStage<T>>> started = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        int index = i;
        started.add(
            pool.submit(
                () -> {
                  start.await();
                  return call.apply(index);
                }));
      }
      start.countDown();
      List<T> results = new ArrayList<>();
      for (Future<CompletionStage<T>> future : started) {
        results.add(await(future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)));
      }
      return results;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new AssertionError("a concurrent call failed", e);
    } finally {
      pool.shutdownNow();
      assertThat(awaitTermination(pool)).as("worker threads stopped").isTrue();
    }
  }

  // Message helpers, for direct conversations unless said otherwise.

  protected static NewMessage direct(UserId from, UserId to, String content, String clientMsgId) {
    return new NewMessage(
        ConversationId.direct(from, to), from, to, null, content, clientMsgId, Set.of(from, to));
  }

  protected final AppendResult append(UserId from, UserId to, String content, String clientMsgId) {
    return await(messages().append(direct(from, to, content, clientMsgId)));
  }

  /** Appends a new message and answers it. */
  protected final Message send(UserId from, UserId to, String content) {
    AppendResult result = append(from, to, content, null);
    assertThat(result).isInstanceOf(AppendResult.Appended.class);
    return result.message();
  }

  protected final InboxResult.Page page(UserId owner, String after, long since, int limit) {
    InboxResult result = await(messages().inbox(owner, new InboxQuery(after, since, limit)));
    assertThat(result).isInstanceOf(InboxResult.Page.class);
    var page = (InboxResult.Page) result;
    assertThat(page.messages()).hasSizeLessThanOrEqualTo(limit);
    return page;
  }

  /** {@code owner}'s whole inbox, read page by page from the start; checks there are no repeats. */
  protected final List<Message> readInbox(UserId owner, int pageSize) {
    List<Message> all = new ArrayList<>();
    String cursor = null;
    InboxResult.Page page;
    do {
      page = page(owner, cursor, 0, pageSize);
      all.addAll(page.messages());
      cursor = page.nextCursor();
      assertThat(all.size()).as("inbox read terminates").isLessThan(100_000);
    } while (page.hasMore());
    assertThat(all).extracting(Message::id).doesNotHaveDuplicates();
    return all;
  }

  protected final HistoryPage history(ConversationId conversation, long beforeSeq, int limit) {
    return await(messages().history(conversation, beforeSeq, limit));
  }

  protected final List<ConversationSummary> conversations(UserId owner) {
    return await(messages().conversations(owner));
  }

  protected final Markers markers(ConversationId conversation, UserId user) {
    return await(messages().markers(conversation, user));
  }

  protected final MarkerChange advance(
      UserId user, ConversationId conversation, Receipt kind, long seq) {
    return await(messages().advance(user, conversation, kind, seq));
  }

  /** The ids of {@code messages}, in order (statuses change as participants read). */
  protected static List<MessageId> ids(List<Message> messages) {
    return messages.stream().map(Message::id).toList();
  }

  // Group helpers.

  /**
   * Creates a group of {@code creator} (its admin) and {@code members}, announced by the creator.
   */
  protected final Changed createGroup(UserId creator, Collection<UserId> members) {
    Map<UserId, Role> roles = new HashMap<>();
    for (UserId member : members) roles.put(member, Role.MEMBER);
    roles.put(creator, Role.ADMIN);
    String name = randomName("group");
    var event = new SystemEvent(SystemEvent.Type.CREATED, creator, List.copyOf(members), name);
    return await(
        groups()
            .create(
                new NewGroup(name, creator, System.currentTimeMillis(), roles),
                new Announcement(creator + " created " + name, event)));
  }

  /** The stored group, which must exist. */
  protected final Group group(GroupId id) {
    return await(groups().group(id)).orElseThrow();
  }

  /**
   * Changes the stored group's members (one compare-and-set, which must succeed), announced by
   * {@code event}, and answers the change.
   */
  protected final Changed changeMembers(
      GroupId id, SystemEvent event, Consumer<Map<UserId, Member>> edit) {
    Group current = group(id);
    Map<UserId, Member> members = new LinkedHashMap<>(current.members());
    edit.accept(members);
    UpdateResult result =
        await(
            groups()
                .update(
                    current.next(current.name(), members),
                    new Announcement(event.type().wire() + " by " + event.actor(), event)));
    assertThat(result).isInstanceOf(UpdateResult.Updated.class);
    return ((UpdateResult.Updated) result).change();
  }

  /** {@code actor} adds {@code user} as a member. */
  protected final Changed addMember(GroupId id, UserId actor, UserId user) {
    var event = new SystemEvent(SystemEvent.Type.ADDED, actor, List.of(user), null);
    return changeMembers(id, event, members -> members.put(user, newMember(user)));
  }

  /** {@code actor} removes {@code user}; if they are the same, the user leaves. */
  protected final Changed removeMember(GroupId id, UserId actor, UserId user) {
    var type = actor.equals(user) ? SystemEvent.Type.LEFT : SystemEvent.Type.REMOVED;
    var event = new SystemEvent(type, actor, List.of(user), null);
    return changeMembers(id, event, members -> members.remove(user));
  }

  /** A member as a service adds one: the store sets {@code fromSeq}. */
  protected static Member newMember(UserId user) {
    return new Member(user, Role.MEMBER, System.currentTimeMillis(), 0);
  }

  protected final AppendResult appendToGroup(
      GroupId group, UserId sender, String content, String clientMsgId) {
    return await(messages().append(NewMessage.toGroup(group, sender, content, clientMsgId)));
  }

  /** Appends a group message, which must be stored, and answers it. */
  protected final Message sendToGroup(GroupId group, UserId sender, String content) {
    AppendResult result = appendToGroup(group, sender, content, null);
    assertThat(result).isInstanceOf(AppendResult.Appended.class);
    return result.message();
  }

  /** {@code count} random users. */
  protected static List<UserId> randomUsers(int count) {
    List<UserId> users = new ArrayList<>();
    for (int i = 0; i < count; i++) users.add(randomUser());
    return users;
  }

  /** Waits until the wall clock has moved past {@code epochMillis}. */
  protected static void awaitClockPast(long epochMillis) {
    Awaitility.await()
        .pollInterval(Duration.ofMillis(1))
        .atMost(Duration.ofSeconds(5))
        .until(() -> System.currentTimeMillis() > epochMillis);
  }

  /** Checks that every conversation of {@code inbox} appears complete and in seq order. */
  protected static void assertEachConversationInOrder(List<Message> inbox) {
    Map<ConversationId, Long> last = new HashMap<>();
    for (Message message : inbox) {
      long previous = last.getOrDefault(message.conversation(), 0L);
      assertThat(message.seq())
          .as("seq after %s in %s", previous, message.conversation())
          .isEqualTo(previous + 1);
      last.put(message.conversation(), message.seq());
    }
  }

  private static boolean awaitTermination(ExecutorService pool) {
    try {
      return pool.awaitTermination(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
