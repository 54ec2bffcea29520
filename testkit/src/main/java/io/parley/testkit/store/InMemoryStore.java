package io.parley.testkit.store;

import io.parley.core.account.Account;
import io.parley.core.account.AccountRules;
import io.parley.core.account.User;
import io.parley.core.account.UserStore;
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
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A correct, thread-safe, in-memory {@link UserStore} and {@link MessageStore} for domain tests.
 *
 * <p>Every call runs under one lock and is complete when it returns, so continuations run on the
 * caller's thread. Ids come from an {@link IdGenerator} on the given clock (a message's timestamp
 * is its id's); the inbox cursor is the decimal id of the last message read, as in the RocksDB
 * store. Passes both store contract suites; nothing survives the object.
 */
public final class InMemoryStore implements UserStore, MessageStore {

  private final IdGenerator ids;
  private final Map<UserId, Account> accounts = new HashMap<>();
  private final Map<String, UserId> usernames = new HashMap<>();
  private final Map<MessageId, Message> bodies = new HashMap<>();
  private final Map<ConversationId, List<MessageId>> logs = new HashMap<>();
  private final Map<UserId, Map<ConversationId, Markers>> markers = new HashMap<>();
  private final Map<UserId, NavigableSet<Long>> inboxes = new HashMap<>();
  private final Map<IdempotencyKey, MessageId> idempotency = new HashMap<>();

  private record IdempotencyKey(UserId sender, String clientMsgId) {}

  /** A store on the system clock. */
  public InMemoryStore() {
    this(Clock.systemUTC());
  }

  /** A store whose ids and message timestamps follow {@code clock}. */
  public InMemoryStore(Clock clock) {
    this.ids = new IdGenerator(clock, 0);
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
    if (m.clientMsgId() != null) {
      MessageId earlier = idempotency.get(new IdempotencyKey(m.sender(), m.clientMsgId()));
      if (earlier != null) return done(new AppendResult.Duplicate(withStatus(bodies.get(earlier))));
    }
    List<MessageId> log = logs.computeIfAbsent(m.conversation(), c -> new ArrayList<>());
    long id = ids.next();
    var message =
        new Message(
            MessageId.of(id),
            m.conversation(),
            log.size() + 1,
            m.sender(),
            m.receiver(),
            m.group(),
            m.content(),
            IdGenerator.timestampOf(id),
            m.clientMsgId(),
            DeliveryStatus.SENT);
    bodies.put(message.id(), message);
    log.add(message.id());
    for (UserId participant : m.participants()) {
      inboxes.computeIfAbsent(participant, p -> new TreeSet<>()).add(id);
      Map<ConversationId, Markers> own = markers.computeIfAbsent(participant, p -> new HashMap<>());
      Markers current = own.getOrDefault(m.conversation(), Markers.NONE);
      boolean sender = participant.equals(m.sender());
      own.put(m.conversation(), sender ? current.advance(Receipt.READ, message.seq()) : current);
    }
    if (m.clientMsgId() != null) {
      idempotency.put(new IdempotencyKey(m.sender(), m.clientMsgId()), message.id());
    }
    return done(new AppendResult.Appended(message, Long.toString(id)));
  }

  @Override
  public synchronized CompletionStage<InboxResult> inbox(UserId owner, InboxQuery query) {
    long after = parseCursor(query.after());
    if (after < 0) return done(new InboxResult.InvalidCursor());
    long from = Math.max(after, IdGenerator.lowestIdAt(query.sinceMillis()) - 1);
    Iterator<Long> entries =
        inboxes.getOrDefault(owner, new TreeSet<>()).tailSet(from, false).iterator();
    List<Message> page = new ArrayList<>();
    while (page.size() < query.limit() && entries.hasNext()) {
      page.add(withStatus(bodies.get(MessageId.of(entries.next()))));
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
    List<MessageId> log = logs.getOrDefault(conversation, List.of());
    long newest = Math.min(log.size(), beforeSeq - 1);
    List<Message> page = new ArrayList<>();
    for (long seq = newest; seq >= 1 && page.size() < limit; seq--) {
      page.add(withStatus(bodies.get(log.get((int) seq - 1))));
    }
    return done(new HistoryPage(page, newest - page.size() >= 1));
  }

  @Override
  public synchronized CompletionStage<Map<MessageId, Message>> messages(Collection<MessageId> ids) {
    Map<MessageId, Message> found = new LinkedHashMap<>();
    for (MessageId id : ids) {
      Message message = bodies.get(id);
      if (message != null) found.put(id, withStatus(message));
    }
    return done(found);
  }

  @Override
  public synchronized CompletionStage<List<ConversationSummary>> conversations(UserId owner) {
    List<ConversationSummary> list = new ArrayList<>();
    for (var entry : markers.getOrDefault(owner, Map.of()).entrySet()) {
      List<MessageId> log = logs.get(entry.getKey());
      Message last = withStatus(bodies.get(log.get(log.size() - 1)));
      list.add(new ConversationSummary(entry.getKey(), last, log.size(), entry.getValue()));
    }
    list.sort(Comparator.comparing((ConversationSummary s) -> s.lastMessage().id()).reversed());
    return done(list);
  }

  @Override
  public synchronized CompletionStage<Markers> markers(ConversationId conversation, UserId user) {
    return done(markersOf(user, conversation));
  }

  @Override
  public synchronized CompletionStage<MarkerChange> advance(
      UserId user, ConversationId conversation, Receipt kind, long seq) {
    long lastSeq = logs.getOrDefault(conversation, List.of()).size();
    Markers before = markersOf(user, conversation);
    Markers after = before.advance(kind, Math.min(seq, lastSeq));
    if (!after.equals(before)) {
      markers.computeIfAbsent(user, u -> new HashMap<>()).put(conversation, after);
    }
    return done(new MarkerChange(before, after));
  }

  private Markers markersOf(UserId user, ConversationId conversation) {
    return markers.getOrDefault(user, Map.of()).getOrDefault(conversation, Markers.NONE);
  }

  /** Direct messages carry the status their receiver's markers give them; group ones SENT. */
  private Message withStatus(Message message) {
    if (message.receiver() == null) return message;
    Markers receiver = markersOf(message.receiver(), message.conversation());
    return message.withStatus(DeliveryStatus.of(message.seq(), receiver));
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
