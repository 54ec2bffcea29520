package io.parley.store.rocksdb;

import io.parley.core.message.ConversationId;
import io.parley.core.message.Message;
import io.parley.store.rocksdb.Values.Meta;
import java.util.HashMap;
import java.util.Map;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * The committer's view of conversations: each one's meta (last seq, last message) and each
 * participant's {@link Standing}. Only the committer thread writes these keys, so a cached value is
 * never stale. What the batch being built changed is also pinned in per-batch maps, so that no
 * cache eviction can ever bring back the state from before the batch; they are emptied once it is
 * written ({@link #committed}). If a batch fails everything is dropped ({@link #clear}).
 */
final class Conversations {

  static final int META_CACHE_SIZE = 65_536;
  static final int STANDING_CACHE_SIZE = 131_072;

  private final Db db;
  private final LruCache<Participation.Conversation, Meta> metas = new LruCache<>(META_CACHE_SIZE);
  private final LruCache<Participation, Standing> standings = new LruCache<>(STANDING_CACHE_SIZE);
  private final Map<Participation.Conversation, Meta> batchMetas = new HashMap<>();
  private final Map<Participation, Standing> batchStandings = new HashMap<>();

  Conversations(Db db) {
    this.db = db;
  }

  Meta meta(ConversationId conversation) throws RocksDBException {
    var key = new Participation.Conversation(conversation);
    Meta meta = batchMetas.get(key);
    if (meta == null) meta = metas.get(key);
    if (meta == null) {
      byte[] value = db.get(db.conversationMeta, Keys.conversation(conversation));
      meta = value == null ? Meta.EMPTY : Values.meta(value);
      metas.put(key, meta);
    }
    return meta;
  }

  /** The user's standing, or null if they have no entry for the conversation. */
  Standing standing(Participation participation) throws RocksDBException {
    Standing cached = batchStandings.get(participation);
    if (cached == null) cached = standings.get(participation);
    if (cached != null) return cached;
    byte[] value = db.get(db.userConversations, participation.key());
    if (value == null) return null;
    Standing stored = Values.standing(value);
    standings.put(participation, stored);
    return stored;
  }

  /**
   * Writes a standing: the owner's conversation-list entry and, in a group, the conversation's
   * index of current members (which a departed member leaves).
   */
  void put(Participation participation, Standing standing, WriteBatch batch)
      throws RocksDBException {
    byte[] value = Values.standing(standing);
    batch.put(db.userConversations, participation.key(), value);
    if (participation.conversation() instanceof ConversationId.Group) {
      byte[] memberKey = Keys.member(participation.conversation(), participation.user());
      if (standing.departed()) {
        batch.delete(db.members, memberKey);
      } else {
        batch.put(db.members, memberKey, value);
      }
    }
    standings.put(participation, standing);
    batchStandings.put(participation, standing);
  }

  /** Writes a message's body and log entry, and makes it the conversation's last message. */
  void write(Message message, WriteBatch batch) throws RocksDBException {
    long id = message.id().value();
    ConversationId conversation = message.conversation();
    var meta = new Meta(message.seq(), id);
    batch.put(db.messages, Keys.id(id), Values.message(message));
    batch.put(db.conversationLog, Keys.logEntry(conversation, message.seq()), Values.reference(id));
    batch.put(db.conversationMeta, Keys.conversation(conversation), Values.meta(meta));
    var key = new Participation.Conversation(conversation);
    metas.put(key, meta);
    batchMetas.put(key, meta);
  }

  /** The batch was written: its changes are committed state now. */
  void committed() {
    batchMetas.clear();
    batchStandings.clear();
  }

  /** The batch was not written: the caches may hold changes that never happened. */
  void clear() {
    committed();
    metas.clear();
    standings.clear();
  }
}
