package io.parley.store.rocksdb;

import io.parley.core.account.Account;
import io.parley.core.account.AccountRules;
import io.parley.core.account.User;
import io.parley.core.id.GroupId;
import io.parley.core.id.IdGenerator;
import io.parley.core.id.MessageId;
import io.parley.core.id.UserId;
import io.parley.core.message.ConversationId;
import io.parley.core.message.ConversationSummary;
import io.parley.core.message.DeliveryStatus;
import io.parley.core.message.Markers;
import io.parley.core.message.Message;
import io.parley.core.message.MessageStore.HistoryPage;
import io.parley.core.message.MessageStore.InboxQuery;
import io.parley.core.message.MessageStore.InboxResult;
import io.parley.store.rocksdb.Values.Meta;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The read side: point lookups and bounded range scans, run on the store's read executor, never
 * writing. Direct messages get their status from the receiver's markers; group messages get their
 * receipt counts from the group's member standings, read once per page and group.
 */
final class Reader {

  private static final int MAX_CURSOR_DIGITS = 19;

  private final Db db;
  private final GroupReader groups;

  Reader(Db db, GroupReader groups) {
    this.db = db;
    this.groups = groups;
  }

  Optional<Account> findByUsername(String username) {
    if (username == null) return Optional.empty();
    byte[] reference = db.get(db.usernames, Keys.username(AccountRules.canonical(username)));
    if (reference == null) return Optional.empty();
    long id = Values.reference(reference);
    byte[] value = db.get(db.users, Keys.id(id));
    return Optional.ofNullable(value).map(v -> Values.account(id, v));
  }

  Optional<User> findById(UserId id) {
    byte[] value = db.get(db.users, Keys.id(id.value()));
    return Optional.ofNullable(value).map(v -> Values.account(id.value(), v).user());
  }

  Map<UserId, User> findAll(Collection<UserId> ids) {
    List<UserId> wanted = new ArrayList<>(new LinkedHashSet<>(ids));
    List<byte[]> values =
        db.multiGet(db.users, wanted.stream().map(u -> Keys.id(u.value())).toList());
    Map<UserId, User> found = new HashMap<>();
    for (int i = 0; i < wanted.size(); i++) {
      if (values.get(i) != null) {
        found.put(wanted.get(i), Values.account(wanted.get(i).value(), values.get(i)).user());
      }
    }
    return found;
  }

  /** The inbox is keyed by (owner, message id); the cursor is the last message id returned. */
  InboxResult inbox(UserId owner, InboxQuery query) {
    long after = parseCursor(query.after());
    if (after < 0) return new InboxResult.InvalidCursor();
    long from = Math.max(after, IdGenerator.lowestIdAt(query.sinceMillis()) - 1);
    List<Long> ids = new ArrayList<>();
    boolean more =
        from != Long.MAX_VALUE
            && db.scan(
                db.inbox,
                Keys.inbox(owner, from + 1),
                Keys.prefixEnd(Keys.id(owner.value())),
                false,
                (key, value) -> take(ids, Keys.longAt(key, Keys.LONG), query.limit()));
    List<Message> page = withStatus(bodies(ids));
    String next =
        ids.isEmpty()
            ? (query.after() == null ? "0" : query.after())
            : Long.toString(ids.get(ids.size() - 1));
    return new InboxResult.Page(page, next, more);
  }

  HistoryPage history(ConversationId conversation, long beforeSeq, int limit) {
    if (beforeSeq <= 1) return new HistoryPage(List.of(), false);
    List<Long> ids = new ArrayList<>();
    boolean more =
        db.scan(
            db.conversationLog,
            Keys.logEntry(conversation, 1),
            Keys.logEntry(conversation, beforeSeq),
            true,
            (key, value) -> take(ids, Values.reference(value), limit));
    return new HistoryPage(withStatus(bodies(ids)), more);
  }

  Map<MessageId, Message> messages(Collection<MessageId> ids) {
    List<Message> found =
        withStatus(bodies(new LinkedHashSet<>(ids).stream().map(MessageId::value).toList()));
    Map<MessageId, Message> result = new LinkedHashMap<>();
    for (Message message : found) result.put(message.id(), message);
    return result;
  }

  List<ConversationSummary> conversations(UserId owner) {
    List<ConversationId> conversations = new ArrayList<>();
    List<Standing> standings = new ArrayList<>();
    byte[] prefix = Keys.id(owner.value());
    db.scan(
        db.userConversations,
        prefix,
        Keys.prefixEnd(prefix),
        false,
        (key, value) -> {
          conversations.add(Keys.conversationOfUserKey(key));
          standings.add(Values.standing(value));
          return true;
        });
    List<byte[]> metaValues =
        db.multiGet(db.conversationMeta, conversations.stream().map(Keys::conversation).toList());
    List<Meta> metas = new ArrayList<>();
    List<Long> lastIds = new ArrayList<>();
    for (int i = 0; i < metaValues.size(); i++) {
      byte[] value = metaValues.get(i);
      Standing standing = standings.get(i);
      // a former group member's conversation ends at the announcement of their leaving
      Meta meta =
          standing.departed()
              ? new Meta(standing.untilSeq(), standing.untilMessageId())
              : value == null ? Meta.EMPTY : Values.meta(value);
      metas.add(meta);
      if (meta.lastMessageId() > 0) lastIds.add(meta.lastMessageId());
    }
    Map<Long, Message> last = new HashMap<>();
    for (Message message : withStatus(bodies(lastIds))) last.put(message.id().value(), message);
    List<ConversationSummary> list = new ArrayList<>();
    for (int i = 0; i < conversations.size(); i++) {
      Message message = last.get(metas.get(i).lastMessageId());
      if (message == null) continue; // an entry without messages: not a conversation yet
      list.add(
          new ConversationSummary(
              conversations.get(i), message, metas.get(i).lastSeq(), standings.get(i).markers()));
    }
    list.sort(Comparator.comparing((ConversationSummary s) -> s.lastMessage().id()).reversed());
    return list;
  }

  Markers markers(ConversationId conversation, UserId user) {
    byte[] value = db.get(db.userConversations, Keys.userConversation(user, conversation));
    return value == null ? Markers.NONE : Values.markers(value);
  }

  /** The message id a cursor names: 0 for none (the start), -1 if it is not a cursor. */
  static long parseCursor(String cursor) {
    if (cursor == null) return 0;
    if (cursor.isEmpty() || cursor.length() > MAX_CURSOR_DIGITS) return -1;
    for (int i = 0; i < cursor.length(); i++) {
      if (cursor.charAt(i) < '0' || cursor.charAt(i) > '9') return -1;
    }
    try {
      return Long.parseLong(cursor);
    } catch (NumberFormatException overflow) {
      return -1;
    }
  }

  /** Adds {@code id} unless the page is full; answers whether it was added. */
  private static boolean take(List<Long> ids, long id, int limit) {
    if (ids.size() == limit) return false;
    ids.add(id);
    return true;
  }

  /** The stored messages with these ids, in the same order; missing ones are left out. */
  private List<Message> bodies(List<Long> ids) {
    List<byte[]> values = db.multiGet(db.messages, ids.stream().map(Keys::id).toList());
    List<Message> messages = new ArrayList<>(ids.size());
    for (int i = 0; i < ids.size(); i++) {
      if (values.get(i) != null) messages.add(Values.message(ids.get(i), values.get(i)));
    }
    return messages;
  }

  /**
   * Applies each direct message's receiver markers, read in one multi-get, and each group message's
   * receipt counts, from its group's member standings read once.
   */
  private List<Message> withStatus(List<Message> messages) {
    List<Participation> receivers = new ArrayList<>();
    for (Message message : messages) {
      if (message.receiver() != null) {
        receivers.add(new Participation(message.receiver(), message.conversation()));
      }
    }
    List<Participation> distinct = new ArrayList<>(new LinkedHashSet<>(receivers));
    List<byte[]> values =
        db.multiGet(db.userConversations, distinct.stream().map(Participation::key).toList());
    Map<Participation, Markers> markers = new HashMap<>();
    for (int i = 0; i < distinct.size(); i++) {
      markers.put(
          distinct.get(i), values.get(i) == null ? Markers.NONE : Values.markers(values.get(i)));
    }
    Map<GroupId, ReceiptCounter> counters = new HashMap<>();
    List<Message> result = new ArrayList<>(messages.size());
    for (Message message : messages) {
      if (message.group() != null) {
        ReceiptCounter counter =
            counters.computeIfAbsent(
                message.group(), group -> new ReceiptCounter(groups.standings(group)));
        result.add(counter.apply(message));
      } else {
        Markers receiver =
            markers.get(new Participation(message.receiver(), message.conversation()));
        result.add(message.withStatus(DeliveryStatus.of(message.seq(), receiver)));
      }
    }
    return result;
  }
}
