package io.parley.testkit.store;

import io.parley.core.account.Account;
import io.parley.core.account.AccountRules;
import io.parley.core.account.User;
import io.parley.core.account.UserStore;
import io.parley.core.group.Group;
import io.parley.core.group.GroupStore;
import io.parley.core.group.Invite;
import io.parley.core.id.GroupId;
import io.parley.core.id.IdGenerator;
import io.parley.core.id.MessageId;
import io.parley.core.id.UserId;
import io.parley.core.message.ConversationId;
import io.parley.core.message.ConversationSummary;
import io.parley.core.message.DeliveryStatus;
import io.parley.core.message.Markers;
import io.parley.core.message.Message;
import io.parley.core.message.MessageStore;
import io.parley.core.message.Receipt;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A correct, thread-safe, in-memory {@link UserStore}, {@link MessageStore} and {@link GroupStore}
 * for domain tests.
 *
 * <p>Every call runs under one lock and is complete when it returns, so continuations run on the
 * caller's thread. Ids come from an {@link IdGenerator} on the given clock (a message's timestamp
 * is its id's); the inbox cursor is the decimal id of the last message read, as in the RocksDB
 * store. Passes the store contract suites; nothing survives the object.
 */
public final class InMemoryStore implements UserStore, MessageStore, GroupStore {

  private final IdGenerator ids;
  private final InMemoryState state;
  private final InMemoryGroups groups;
  private final Map<UserId, Account> accounts = new HashMap<>();
  private final Map<String, UserId> usernames = new HashMap<>();
  private final Map<IdempotencyKey, MessageId> idempotency = new HashMap<>();

  private record IdempotencyKey(UserId sender, String clientMsgId) {}

  /** A store on the system clock. */
  private StoredListener listener;

  public InMemoryStore() {
    this(Clock.systemUTC());
  }

  /** A store whose ids and message timestamps follow {@code clock}. */
  public InMemoryStore(Clock clock) {
    this.ids = new IdGenerator(clock, 0);
    this.state = new InMemoryState(ids);
    this.groups = new InMemoryGroups(state);
  }

  // --- UserStore

  @Override
  public synchronized CompletionStage<CreateResult> create(NewAccount account) {
    String key = AccountRules.canonical(account.username());
    if (usernames.containsKey(key)) return done(new CreateResult.UsernameTaken());
    var user =
        new User(
            UserId.of(ids.next()), account.username(), account.phone(), account.createdAt(), 0);
    accounts.put(user.id(), new Account(user, account.passwordHash()));
    usernames.put(key, user.id());
    return done(new CreateResult.Created(user));
  }

  @Override
  public synchronized CompletionStage<Optional<Account>> findByUsername(String username) {
    UserId id = username == null ? null : usernames.get(AccountRules.canonical(username));
    return done(Optional.ofNullable(id == null ? null : accounts.get(id)));
  }

  @Override
  public synchronized CompletionStage<Optional<User>> findById(UserId id) {
    return done(Optional.ofNullable(accounts.get(id)).map(Account::user));
  }

  @Override
  public synchronized CompletionStage<Map<UserId, User>> findAll(Collection<UserId> ids) {
    Map<UserId, User> found = new HashMap<>();
    for (UserId id : ids) {
      Account account = accounts.get(id);
      if (account != null) found.put(id, account.user());
    }
    return done(found);
  }

  @Override
  public synchronized CompletionStage<Void> updateLastSeen(UserId id, long epochMillis) {
    accounts.computeIfPresent(
        id, (key, a) -> new Account(a.user().withLastSeen(epochMillis), a.passwordHash()));
    return done(null);
  }

  // --- MessageStore

  @Override
  public synchronized CompletionStage<AppendResult> append(NewMessage m) {
    IdempotencyKey key =
        m.clientMsgId() == null ? null : new IdempotencyKey(m.sender(), m.clientMsgId());
    if (key != null && idempotency.containsKey(key)) {
      return done(
          new AppendResult.Duplicate(state.withStatus(state.bodies.get(idempotency.get(key)))));
    }
    AppendResult result = m.group() == null ? appendDirect(m) : groups.append(m);
    if (result instanceof AppendResult.Appended appended) {
      if (key != null) idempotency.put(key, appended.message().id());
      stored(appended.message(), appended.cursor(), appended.audience());
    }
    return done(result);
  }

  @Override
  public synchronized void onStored(StoredListener listener) {
    this.listener = listener;
  }

  /** Tells the listener, under the store's lock: in commit order. */
  private void stored(Message message, String cursor, java.util.Set<UserId> audience) {
    if (listener != null) listener.stored(message, cursor, audience);
  }

  private Changed stored(Changed changed) {
    stored(changed.announcement(), changed.cursor(), changed.audience());
    return changed;
  }

  private AppendResult appendDirect(NewMessage m) {
    long id = ids.next();
    var message =
        new Message(
            MessageId.of(id),
            m.conversation(),
            state.nextSeq(m.conversation()),
            m.sender(),
            m.receiver(),
            null,
            m.content(),
            IdGenerator.timestampOf(id),
            m.clientMsgId(),
            DeliveryStatus.SENT);
    state.store(message, m.participants());
    for (UserId participant : m.participants()) {
      Markers current = state.markersOf(participant, m.conversation());
      boolean sender = participant.equals(m.sender());
      state.setMarkers(
          participant,
          m.conversation(),
          sender ? current.advance(Receipt.READ, message.seq()) : current);
    }
    return new AppendResult.Appended(message, Long.toString(id));
  }

  @Override
  public synchronized CompletionStage<InboxResult> inbox(UserId owner, InboxQuery query) {
    long after = parseCursor(query.after());
    if (after < 0) return done(new InboxResult.InvalidCursor());
    long from = Math.max(after, IdGenerator.lowestIdAt(query.sinceMillis()) - 1);
    Iterator<Long> entries =
        state.inboxes.getOrDefault(owner, new TreeSet<>()).tailSet(from, false).iterator();
    List<Message> page = new ArrayList<>();
    while (page.size() < query.limit() && entries.hasNext()) {
      page.add(state.withStatus(state.bodies.get(MessageId.of(entries.next()))));
    }
    String next =
        page.isEmpty()
            ? (query.after() == null ? "0" : query.after())
            : page.get(page.size() - 1).id().toString();
    return done(new InboxResult.Page(page, next, entries.hasNext()));
  }

  @Override
  public synchronized CompletionStage<HistoryPage> history(
      ConversationId conversation, long beforeSeq, int limit) {
    long newest = Math.min(state.nextSeq(conversation) - 1, beforeSeq - 1);
    List<Message> page = new ArrayList<>();
    for (long seq = newest; seq >= 1 && page.size() < limit; seq--) {
      page.add(state.withStatus(state.at(conversation, seq)));
    }
    return done(new HistoryPage(page, newest - page.size() >= 1));
  }

  @Override
  public synchronized CompletionStage<Map<MessageId, Message>> messages(Collection<MessageId> ids) {
    Map<MessageId, Message> found = new LinkedHashMap<>();
    for (MessageId id : ids) {
      Message message = state.bodies.get(id);
      if (message != null) found.put(id, state.withStatus(message));
    }
    return done(found);
  }

  /** {@inheritDoc} A former group member's conversation ends at the news of their leaving. */
  @Override
  public synchronized CompletionStage<List<ConversationSummary>> conversations(UserId owner) {
    List<ConversationSummary> list = new ArrayList<>();
    for (var entry : state.markers.getOrDefault(owner, Map.of()).entrySet()) {
      long lastSeq = state.lastVisibleSeq(owner, entry.getKey());
      Message last = state.withStatus(state.at(entry.getKey(), lastSeq));
      list.add(new ConversationSummary(entry.getKey(), last, lastSeq, entry.getValue()));
    }
    list.sort(Comparator.comparing((ConversationSummary s) -> s.lastMessage().id()).reversed());
    return done(list);
  }

  @Override
  public synchronized CompletionStage<Markers> markers(ConversationId conversation, UserId user) {
    return done(state.markersOf(user, conversation));
  }

  /** {@inheritDoc} In a group, only members and former members (up to their leaving) have any. */
  @Override
  public synchronized CompletionStage<MarkerChange> advance(
      UserId user, ConversationId conversation, Receipt kind, long seq) {
    boolean group = conversation instanceof ConversationId.Group;
    if (group && !state.takesPart(user, conversation)) {
      return done(new MarkerChange(Markers.NONE, Markers.NONE));
    }
    Markers before = state.markersOf(user, conversation);
    Markers after = before.advance(kind, Math.min(seq, state.lastVisibleSeq(user, conversation)));
    if (!after.equals(before)) state.setMarkers(user, conversation, after);
    return done(new MarkerChange(before, after));
  }

  // --- GroupStore

  @Override
  public synchronized CompletionStage<Changed> create(NewGroup group, Announcement announcement) {
    return done(stored(groups.create(group, announcement)));
  }

  @Override
  public synchronized CompletionStage<Optional<Group>> group(GroupId id) {
    return done(Optional.ofNullable(state.groups.get(id)));
  }

  @Override
  public synchronized CompletionStage<UpdateResult> update(Group next, Announcement announcement) {
    UpdateResult result = groups.update(next, announcement);
    if (result instanceof UpdateResult.Updated updated) stored(updated.change());
    return done(result);
  }

  @Override
  public synchronized CompletionStage<List<Group>> groupsOf(UserId user) {
    return done(groups.groupsOf(user));
  }

  @Override
  public synchronized CompletionStage<Map<UserId, Markers>> markers(GroupId group) {
    return done(groups.markers(group));
  }

  @Override
  public synchronized CompletionStage<Void> saveInvite(Invite invite) {
    state.invites.put(invite.code(), invite);
    return done(null);
  }

  @Override
  public synchronized CompletionStage<Optional<Invite>> invite(String code) {
    return done(Optional.ofNullable(state.invites.get(code)));
  }

  @Override
  public synchronized CompletionStage<List<Invite>> invites(GroupId group) {
    return done(groups.invites(group));
  }

  @Override
  public synchronized CompletionStage<Boolean> revokeInvite(String code) {
    return done(state.invites.remove(code) != null);
  }

  /** The message id a cursor names: 0 for the start, -1 if it is not a cursor. */
  private static long parseCursor(String cursor) {
    if (cursor == null) return 0;
    if (cursor.isEmpty() || cursor.length() > 19 || !cursor.chars().allMatch(Character::isDigit)) {
      return -1;
    }
    try {
      return Long.parseLong(cursor);
    } catch (NumberFormatException overflow) {
      return -1;
    }
  }

  private static <T> CompletionStage<T> done(T value) {
    return CompletableFuture.completedFuture(value);
  }
}
