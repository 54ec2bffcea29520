package io.parley.store.rocksdb;

import io.parley.core.group.Group;
import io.parley.core.group.GroupStore.Announcement;
import io.parley.core.group.GroupStore.Changed;
import io.parley.core.group.GroupStore.NewGroup;
import io.parley.core.group.GroupStore.UpdateResult;
import io.parley.core.group.Invite;
import io.parley.core.group.Member;
import io.parley.core.id.GroupId;
import io.parley.core.id.IdGenerator;
import io.parley.core.id.MessageId;
import io.parley.core.id.UserId;
import io.parley.core.message.ConversationId;
import io.parley.core.message.DeliveryStatus;
import io.parley.core.message.GroupReceipts;
import io.parley.core.message.Message;
import io.parley.core.message.MessageStore.AppendResult;
import io.parley.core.message.MessageStore.NewMessage;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * The committer's decisions about groups: creation and compare-and-set changes with their
 * announcements, group messages (membership checked and fanned out at the write), invites.
 *
 * <p>It keeps the groups it has seen, members included, in a cache that every group write updates
 * (only this thread writes groups), so checking a sender's membership and finding whose inboxes get
 * a message costs no read on the hot path. Because group changes and group messages are decided by
 * the same single thread in commit order, a message is fanned out to exactly the members of the
 * moment it is written.
 */
final class GroupMutations {

  static final int GROUP_CACHE_SIZE = 1024;

  private final Db db;
  private final IdGenerator ids;
  private final Conversations conversations;
  private final LruCache<GroupId, Group> groups = new LruCache<>(GROUP_CACHE_SIZE);

  /** Groups changed by the batch being built: pinned, whatever the cache evicts. */
  private final Map<GroupId, Group> batchGroups = new HashMap<>();

  /** Invites saved (or, as null, revoked) by the batch being built. */
  private final Map<String, Invite> batchInvites = new HashMap<>();

  GroupMutations(Db db, IdGenerator ids, Conversations conversations) {
    this.db = db;
    this.ids = ids;
    this.conversations = conversations;
  }

  Changed create(NewGroup spec, Announcement announcement, WriteBatch batch)
      throws RocksDBException {
    GroupId id = GroupId.of(ids.next());
    Map<UserId, Member> members = new LinkedHashMap<>();
    members.put(spec.createdBy(), member(spec.createdBy(), spec));
    spec.members().keySet().stream()
        .filter(user -> !user.equals(spec.createdBy()))
        .sorted(Comparator.naturalOrder())
        .forEach(user -> members.put(user, member(user, spec)));
    var group = new Group(id, spec.name(), spec.createdBy(), spec.createdAt(), 1, members);
    return apply(null, group, announcement, batch);
  }

  UpdateResult update(Group next, Announcement announcement, WriteBatch batch)
      throws RocksDBException {
    Group current = group(next.id());
    if (current == null) return new UpdateResult.NotFound();
    if (current.version() != next.version() - 1) return new UpdateResult.Conflict();
    var fixed =
        new Group(
            next.id(),
            next.name(),
            current.createdBy(),
            current.createdAt(),
            next.version(),
            next.members());
    return new UpdateResult.Updated(apply(current, fixed, announcement, batch));
  }

  /**
   * A group message: refused unless the sender is a member now; else stored once, referenced from
   * every member's inbox, and read by its sender.
   */
  AppendResult append(NewMessage m, WriteBatch batch) throws RocksDBException {
    Group group = group(m.group());
    if (group == null || !group.isMember(m.sender())) return new AppendResult.NotMember();
    ConversationId conversation = group.conversation();
    long seq = conversations.meta(conversation).lastSeq() + 1;
    long id = ids.next();
    var message =
        new Message(
            MessageId.of(id),
            conversation,
            seq,
            m.sender(),
            null,
            group.id(),
            m.content(),
            IdGenerator.timestampOf(id),
            m.clientMsgId(),
            DeliveryStatus.SENT);
    conversations.write(message, batch);
    for (UserId member : group.members().keySet()) {
      batch.put(db.inbox, Keys.inbox(member, id), Values.INBOX_ENTRY);
    }
    var sender = new Participation(m.sender(), conversation);
    conversations.put(sender, standing(sender, group).read(seq), batch);
    var receipts = new GroupReceipts(group.size() - 1, 0, 0); // nobody else has seen it yet
    return new AppendResult.Appended(
        message.withReceipts(receipts), Long.toString(id), group.members().keySet());
  }

  /** A stored group message with its receipts as of now (for a duplicate send). */
  Message withReceipts(Message message) throws RocksDBException {
    Group group = group(message.group());
    if (group == null) return message;
    Map<UserId, Standing> members = new HashMap<>();
    for (UserId user : group.members().keySet()) {
      members.put(user, standing(new Participation(user, group.conversation()), group));
    }
    return new ReceiptCounter(members).apply(message);
  }

  void saveInvite(Invite invite, WriteBatch batch) throws RocksDBException {
    batch.put(db.invites, Keys.invite(invite.code()), GroupValues.invite(invite));
    batch.put(
        db.groupInvites, Keys.groupInvite(invite.group(), invite.code()), GroupValues.PRESENT);
    batchInvites.put(invite.code(), invite);
  }

  boolean revokeInvite(String code, WriteBatch batch) throws RocksDBException {
    Invite invite;
    if (batchInvites.containsKey(code)) {
      invite = batchInvites.get(code);
    } else {
      byte[] value = db.get(db.invites, Keys.invite(code));
      invite = value == null ? null : GroupValues.invite(code, value);
    }
    if (invite == null) return false;
    batch.delete(db.invites, Keys.invite(code));
    batch.delete(db.groupInvites, Keys.groupInvite(invite.group(), code));
    batchInvites.put(code, null);
    return true;
  }

  void batchCommitted() {
    batchInvites.clear();
    batchGroups.clear();
  }

  void batchFailed() {
    batchCommitted();
    groups.clear();
  }

  /**
   * Stores {@code next} (whose new members start at the announcement) and its announcement, and
   * updates everyone who was or is a member: inbox reference, standing, group index.
   */
  private Changed apply(Group before, Group next, Announcement announcement, WriteBatch batch)
      throws RocksDBException {
    ConversationId conversation = next.conversation();
    long seq = conversations.meta(conversation).lastSeq() + 1;
    long id = ids.next();
    var stored = next.startingNewMembersAt(before, seq);
    UserId actor = announcement.event().actor();
    var message = announcement.message(MessageId.of(id), stored.id(), seq);
    conversations.write(message, batch);
    Set<UserId> audience = stored.audienceSince(before);
    for (UserId user : audience) {
      batch.put(db.inbox, Keys.inbox(user, id), Values.INBOX_ENTRY);
      boolean was = before != null && before.isMember(user);
      boolean is = stored.isMember(user);
      var participation = new Participation(user, conversation);
      byte[] index = Keys.userGroup(user, stored.id());
      Standing standing;
      if (!was) {
        standing = Standing.joining(seq);
        batch.put(db.userGroups, index, GroupValues.PRESENT);
      } else {
        standing = standing(participation, before);
        if (!is) {
          standing = standing.departedAt(seq, id);
          batch.delete(db.userGroups, index);
        }
      }
      if (user.equals(actor)) standing = standing.read(seq);
      if (!was || !is || user.equals(actor)) conversations.put(participation, standing, batch);
    }
    batch.put(db.groups, Keys.id(stored.id().value()), GroupValues.group(stored));
    groups.put(stored.id(), stored);
    batchGroups.put(stored.id(), stored);
    int recipients = stored.size() - (stored.isMember(actor) ? 1 : 0);
    return new Changed(
        stored,
        message.withReceipts(new GroupReceipts(recipients, 0, 0)),
        Long.toString(id),
        audience);
  }

  /** The group as committed plus this batch, or null if there is none. */
  private Group group(GroupId id) throws RocksDBException {
    Group cached = batchGroups.get(id);
    if (cached == null) cached = groups.get(id);
    if (cached != null) return cached;
    byte[] value = db.get(db.groups, Keys.id(id.value()));
    if (value == null) return null;
    Group stored = GroupValues.group(id.value(), value);
    groups.put(id, stored);
    return stored;
  }

  /** A current member's standing (every member has one; the fallback is defensive). */
  private Standing standing(Participation participation, Group group) throws RocksDBException {
    Standing standing = conversations.standing(participation);
    if (standing != null) return standing;
    return Standing.joining(group.members().get(participation.user()).fromSeq());
  }

  private static Member member(UserId user, NewGroup spec) {
    return new Member(user, spec.members().get(user), spec.createdAt(), 1);
  }
}
