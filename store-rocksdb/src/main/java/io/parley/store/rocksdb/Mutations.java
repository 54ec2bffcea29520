package io.parley.store.rocksdb;

import io.parley.core.account.Account;
import io.parley.core.account.AccountRules;
import io.parley.core.account.User;
import io.parley.core.account.UserStore.CreateResult;
import io.parley.core.account.UserStore.NewAccount;
import io.parley.core.id.IdGenerator;
import io.parley.core.id.MessageId;
import io.parley.core.id.UserId;
import io.parley.core.message.ConversationId;
import io.parley.core.message.DeliveryStatus;
import io.parley.core.message.Markers;
import io.parley.core.message.Message;
import io.parley.core.message.MessageStore.AppendResult;
import io.parley.core.message.MessageStore.MarkerChange;
import io.parley.core.message.MessageStore.NewMessage;
import io.parley.core.message.Receipt;
import io.parley.store.rocksdb.Values.Meta;
import java.util.HashMap;
import java.util.Map;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * The read-modify-write decisions of every write, made on the committer thread only.
 *
 * <p>Its caches (conversation meta, markers) hold the committed state plus the batch being built:
 * only this thread writes those keys, so a cached value is never stale. If a batch fails they are
 * dropped ({@link #batchFailed}). Per-batch maps catch a username or a client_msg_id taken by an
 * earlier request of the same, not yet written, batch.
 */
final class Mutations {

  static final int META_CACHE_SIZE = 65_536;
  static final int MARKERS_CACHE_SIZE = 131_072;

  private final Db db;
  private final IdGenerator ids;
  private final LruCache<Participation.Conversation, Meta> metas = new LruCache<>(META_CACHE_SIZE);
  private final LruCache<Participation, Markers> markers = new LruCache<>(MARKERS_CACHE_SIZE);
  private final Map<String, UserId> batchUsernames = new HashMap<>();
  private final Map<UserId, Account> batchAccounts = new HashMap<>();
  private final Map<IdempotencyKey, Message> batchMessages = new HashMap<>();

  private record IdempotencyKey(UserId sender, String clientMsgId) {}

  Mutations(Db db, IdGenerator ids) {
    this.db = db;
    this.ids = ids;
  }

  CreateResult create(NewAccount account, WriteBatch batch) throws RocksDBException {
    String canonical = AccountRules.canonical(account.username());
    byte[] nameKey = Keys.username(canonical);
    if (batchUsernames.containsKey(canonical) || db.get(db.usernames, nameKey) != null) {
      return new CreateResult.UsernameTaken();
    }
    var user =
        new User(
            UserId.of(ids.next()), account.username(), account.phone(), account.createdAt(), 0);
    var stored = new Account(user, account.passwordHash());
    batch.put(db.users, Keys.id(user.id().value()), Values.account(stored));
    batch.put(db.usernames, nameKey, Values.reference(user.id().value()));
    batchUsernames.put(canonical, user.id());
    batchAccounts.put(user.id(), stored);
    return new CreateResult.Created(user);
  }

  void lastSeen(UserId id, long epochMillis, WriteBatch batch) throws RocksDBException {
    byte[] key = Keys.id(id.value());
    Account account = batchAccounts.get(id);
    if (account == null) {
      byte[] value = db.get(db.users, key);
      if (value == null) return;
      account = Values.account(id.value(), value);
    }
    var updated = new Account(account.user().withLastSeen(epochMillis), account.passwordHash());
    batch.put(db.users, key, Values.account(updated));
    batchAccounts.put(id, updated);
  }

  AppendResult append(NewMessage m, WriteBatch batch) throws RocksDBException {
    IdempotencyKey idempotency = null;
    byte[] idempotencyKey = null;
    if (m.clientMsgId() != null) {
      idempotency = new IdempotencyKey(m.sender(), m.clientMsgId());
      Message earlier = batchMessages.get(idempotency);
      if (earlier != null) return new AppendResult.Duplicate(withStatus(earlier));
      idempotencyKey = Keys.idempotency(m.sender(), m.clientMsgId());
      byte[] reference = db.get(db.idempotency, idempotencyKey);
      if (reference != null) {
        return new AppendResult.Duplicate(withStatus(stored(Values.reference(reference))));
      }
    }
    ConversationId conversation = m.conversation();
    long seq = meta(conversation).lastSeq() + 1;
    boolean newConversation = seq == 1; // then nobody has markers in it yet: skip the lookups
    long id = ids.next();
    var message =
        new Message(
            MessageId.of(id),
            conversation,
            seq,
            m.sender(),
            m.receiver(),
            m.group(),
            m.content(),
            IdGenerator.timestampOf(id),
            m.clientMsgId(),
            DeliveryStatus.SENT);
    var meta = new Meta(seq, id);
    batch.put(db.messages, Keys.id(id), Values.message(message));
    batch.put(db.conversationLog, Keys.logEntry(conversation, seq), Values.reference(id));
    batch.put(db.conversationMeta, Keys.conversation(conversation), Values.meta(meta));
    metas.put(new Participation.Conversation(conversation), meta);
    for (UserId participant : m.participants()) {
      batch.put(db.inbox, Keys.inbox(participant, id), Values.INBOX_ENTRY);
      var participation = new Participation(participant, conversation);
      Markers current = newConversation ? null : markers(participation);
      if (participant.equals(m.sender())) {
        Markers base = current == null ? Markers.NONE : current;
        putMarkers(participation, base.advance(Receipt.READ, seq), batch);
      } else if (current == null) {
        putMarkers(participation, Markers.NONE, batch); // joins the conversation list
      }
    }
    if (idempotency != null) {
      batch.put(db.idempotency, idempotencyKey, Values.reference(id));
      batchMessages.put(idempotency, message);
    }
    return new AppendResult.Appended(message, Long.toString(id));
  }

  /**
   * Moves markers forward, never past the conversation's last message (so nobody has markers in a
   * conversation without messages, which {@link #append} relies on).
   */
  MarkerChange advance(
      UserId user, ConversationId conversation, Receipt kind, long seq, WriteBatch batch)
      throws RocksDBException {
    var participation = new Participation(user, conversation);
    Markers stored = markers(participation);
    Markers before = stored == null ? Markers.NONE : stored;
    Markers after = before.advance(kind, Math.min(seq, meta(conversation).lastSeq()));
    if (!after.equals(before)) putMarkers(participation, after, batch);
    return new MarkerChange(before, after);
  }

  /** The batch was written: forget what only mattered within it. */
  void batchCommitted() {
    batchUsernames.clear();
    batchAccounts.clear();
    batchMessages.clear();
  }

  /** The batch was not written: the caches may hold changes that never happened. */
  void batchFailed() {
    batchCommitted();
    metas.clear();
    markers.clear();
  }

  private Meta meta(ConversationId conversation) throws RocksDBException {
    var key = new Participation.Conversation(conversation);
    Meta meta = metas.get(key);
    if (meta == null) {
      byte[] value = db.get(db.conversationMeta, Keys.conversation(conversation));
      meta = value == null ? Meta.EMPTY : Values.meta(value);
      metas.put(key, meta);
    }
    return meta;
  }

  /** The stored markers, or null if the user has no entry for the conversation. */
  private Markers markers(Participation participation) throws RocksDBException {
    Markers cached = markers.get(participation);
    if (cached != null) return cached;
    byte[] value = db.get(db.userConversations, participation.key());
    if (value == null) return null;
    Markers stored = Values.markers(value);
    markers.put(participation, stored);
    return stored;
  }

  private void putMarkers(Participation participation, Markers value, WriteBatch batch)
      throws RocksDBException {
    batch.put(db.userConversations, participation.key(), Values.markers(value));
    markers.put(participation, value);
  }

  private Message stored(long id) throws RocksDBException {
    byte[] value = db.get(db.messages, Keys.id(id));
    if (value == null) throw new StoreException("idempotency key names missing message " + id);
    return Values.message(id, value);
  }

  private Message withStatus(Message message) throws RocksDBException {
    if (message.receiver() == null) return message;
    Markers receiver = markers(new Participation(message.receiver(), message.conversation()));
    return message.withStatus(
        DeliveryStatus.of(message.seq(), receiver == null ? Markers.NONE : receiver));
  }
}
