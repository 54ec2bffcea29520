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
import java.util.HashMap;
import java.util.Map;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * The read-modify-write decisions of every write, made on the committer thread only: accounts,
 * appends (idempotency here, then direct messages here and group ones in {@link GroupMutations}),
 * and receipt markers.
 *
 * <p>Conversation state is read through {@link Conversations}' caches, which hold the committed
 * state plus the batch being built. Per-batch maps catch a username or a client_msg_id taken by an
 * earlier request of the same, not yet written, batch.
 */
final class Mutations {

  private final Db db;
  private final IdGenerator ids;
  private final Conversations conversations;
  private final GroupMutations groups;
  private final Map<String, UserId> batchUsernames = new HashMap<>();
  private final Map<UserId, Account> batchAccounts = new HashMap<>();
  private final Map<IdempotencyKey, Message> batchMessages = new HashMap<>();

  private record IdempotencyKey(UserId sender, String clientMsgId) {}

  Mutations(Db db, IdGenerator ids) {
    this.db = db;
    this.ids = ids;
    this.conversations = new Conversations(db);
    this.groups = new GroupMutations(db, ids, conversations);
  }

  GroupMutations groups() {
    return groups;
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
      if (earlier != null) return new AppendResult.Duplicate(current(earlier));
      idempotencyKey = Keys.idempotency(m.sender(), m.clientMsgId());
      byte[] reference = db.get(db.idempotency, idempotencyKey);
      if (reference != null) {
        return new AppendResult.Duplicate(current(stored(Values.reference(reference))));
      }
    }
    AppendResult result = m.group() == null ? appendDirect(m, batch) : groups.append(m, batch);
    if (idempotency != null && result instanceof AppendResult.Appended appended) {
      batch.put(db.idempotency, idempotencyKey, Values.reference(appended.message().id().value()));
      batchMessages.put(idempotency, appended.message());
    }
    return result;
  }

  private AppendResult appendDirect(NewMessage m, WriteBatch batch) throws RocksDBException {
    ConversationId conversation = m.conversation();
    long seq = conversations.meta(conversation).lastSeq() + 1;
    boolean newConversation = seq == 1; // then nobody has markers in it yet: skip the lookups
    long id = ids.next();
    var message =
        new Message(
            MessageId.of(id),
            conversation,
            seq,
            m.sender(),
            m.receiver(),
            null,
            m.content(),
            IdGenerator.timestampOf(id),
            m.clientMsgId(),
            DeliveryStatus.SENT);
    conversations.write(message, batch);
    for (UserId participant : m.participants()) {
      batch.put(db.inbox, Keys.inbox(participant, id), Values.INBOX_ENTRY);
      var participation = new Participation(participant, conversation);
      Standing current = newConversation ? null : conversations.standing(participation);
      if (participant.equals(m.sender())) {
        Standing base = current == null ? Standing.direct(Markers.NONE) : current;
        conversations.put(participation, base.read(seq), batch);
      } else if (current == null) {
        // joins the conversation list
        conversations.put(participation, Standing.direct(Markers.NONE), batch);
      }
    }
    return new AppendResult.Appended(message, Long.toString(id));
  }

  /**
   * Moves markers forward, never past the last message the user may see (so nobody has markers in a
   * conversation without messages, which {@link #appendDirect} relies on). In a group, only members
   * and former members have markers; a former member's stop at their departure.
   */
  MarkerChange advance(
      UserId user, ConversationId conversation, Receipt kind, long seq, WriteBatch batch)
      throws RocksDBException {
    var participation = new Participation(user, conversation);
    Standing stored = conversations.standing(participation);
    boolean group = conversation instanceof ConversationId.Group;
    if (stored == null && group) return new MarkerChange(Markers.NONE, Markers.NONE);
    Standing before = stored == null ? Standing.direct(Markers.NONE) : stored;
    long last = before.lastVisibleSeq(conversations.meta(conversation).lastSeq());
    Markers after = before.markers().advance(kind, Math.min(seq, last));
    if (!after.equals(before.markers())) {
      conversations.put(participation, before.withMarkers(after), batch);
    }
    return new MarkerChange(before.markers(), after);
  }

  /** The batch was written: forget what only mattered within it. */
  void batchCommitted() {
    batchUsernames.clear();
    batchAccounts.clear();
    batchMessages.clear();
    conversations.committed();
    groups.batchCommitted();
  }

  /** The batch was not written: the caches may hold changes that never happened. */
  void batchFailed() {
    batchCommitted();
    conversations.clear();
    groups.batchFailed();
  }

  private Message stored(long id) throws RocksDBException {
    byte[] value = db.get(db.messages, Keys.id(id));
    if (value == null) throw new StoreException("idempotency key names missing message " + id);
    return Values.message(id, value);
  }

  /** A stored message with its current status (direct) or receipts (group). */
  private Message current(Message message) throws RocksDBException {
    if (message.group() != null) return groups.withReceipts(message);
    Standing receiver =
        conversations.standing(new Participation(message.receiver(), message.conversation()));
    Markers markers = receiver == null ? Markers.NONE : receiver.markers();
    return message.withStatus(DeliveryStatus.of(message.seq(), markers));
  }
}
