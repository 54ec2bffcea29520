// Client state: users, conversations and their messages, connection state, typing. Mutations
// happen here and announce themselves as events; views listen and re-render.
//
// Events: 'list' (the conversation list changed), 'conversation' {id} (a conversation's messages or
// header changed), 'older' {id} (older history was prepended), 'users', 'typing' {id},
// 'connection'.
import { compareIds, maxStatus, parseConversationId } from './format.js';

const TYPING_EXPIRES_MS = 6_000;

function newConversation(id, init = {}) {
  const parsed = parseConversationId(id) || {};
  return {
    id,
    type: parsed.type || init.type || 'direct',
    peerId: init.peerId ?? null,
    groupId: parsed.groupId ?? init.groupId ?? null,
    name: init.name ?? null,
    messages: new Map(), // key -> message (key: message_id, or 'c:' + client_msg_id for own sends)
    keyById: new Map(), // message_id -> key
    lastMessage: null,
    lastActivity: init.lastActivity ?? 0,
    unread: 0,
    countedSeq: 0, // highest seq already counted in `unread`
    readSeq: 0, // my read marker
    deliveredSeq: 0, // highest seq I acknowledged as delivered
    loaded: false,
    loading: false,
    loadingOlder: false,
    hasMore: true,
    nextBefore: null,
    historyError: null,
    left: false,
    membershipSeq: 0,
    group: null,
    fromServer: false,
  };
}

function isNewer(a, b) {
  if (!b) return true;
  if (a.seq != null && b.seq != null) return a.seq > b.seq;
  if (a.seq == null && b.seq != null) return true; // pending sends come last
  if (a.seq != null && b.seq == null) return false;
  return (a.local_ts || 0) >= (b.local_ts || 0);
}

export class Store extends EventTarget {
  constructor() {
    super();
    this.me = null;
    this.users = new Map();
    this.conversations = new Map();
    this.openId = null;
    this.connection = { state: 'connecting', retryAt: 0, everOpen: false };
    this.typing = new Map(); // conversation id -> Map(user id -> timer)
  }

  emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  // ---- users -------------------------------------------------------------------------------

  setMe(user) {
    this.me = user;
    this.setUser(user);
  }

  get meId() {
    return this.me?.user_id;
  }

  setUser(user) {
    const known = this.users.get(user.user_id) || {};
    this.users.set(user.user_id, { ...known, ...user });
    this.emit('users');
    this.emit('list');
  }

  nameOf(userId) {
    return this.users.get(userId)?.username ?? null;
  }

  setPresence({ user_id, status, last_seen }) {
    const known = this.users.get(user_id) || { user_id };
    this.users.set(user_id, { ...known, online: status === 'online', last_seen: last_seen ?? known.last_seen });
    this.emit('users');
    this.emit('list');
  }

  setConnection(state) {
    this.connection = { ...this.connection, ...state };
    if (state.state === 'open') this.connection.everOpen = true;
    this.emit('connection');
  }

  // ---- conversations -----------------------------------------------------------------------

  /** The conversation with this id, created empty (and local) when unknown. */
  ensureConversation(id, init = {}) {
    let conv = this.conversations.get(id);
    if (!conv) {
      conv = newConversation(id, init);
      if (conv.type === 'direct' && !conv.peerId) {
        const ids = parseConversationId(id)?.userIds || [];
        conv.peerId = ids.find((x) => x !== this.meId) ?? ids[0] ?? null;
      }
      this.conversations.set(id, conv);
      this.emit('list');
    } else {
      if (init.name && !conv.name) conv.name = init.name;
    }
    return conv;
  }

  /** Merges an entry of GET /conversations. */
  applyServerConversation(c) {
    const conv = this.ensureConversation(c.conversation_id, {
      type: c.type,
      peerId: c.peer_id,
      groupId: c.group_id,
      name: c.name,
    });
    conv.fromServer = true;
    if (c.name) conv.name = c.name;
    if (c.peer_id) conv.peerId = c.peer_id;
    conv.lastActivity = Math.max(conv.lastActivity, c.last_activity || 0);
    if (c.last_message) this.addMessage(c.last_message, { fromHistory: true });
    const lastSeq = c.last_message?.seq ?? 0;
    // On screen, messages are read as they arrive: a count taken a moment ago would stick.
    conv.unread = this.isReading(conv.id) ? 0 : c.unread_count ?? 0;
    conv.countedSeq = Math.max(conv.countedSeq, lastSeq);
    conv.readSeq = Math.max(conv.readSeq, lastSeq - conv.unread);
    this.emit('list');
  }

  /** Conversations, most recently active first. */
  sortedConversations() {
    return [...this.conversations.values()].sort(
      (a, b) => b.lastActivity - a.lastActivity || (a.id < b.id ? -1 : 1),
    );
  }

  /** A conversation's messages in display order (by seq, pending sends last). */
  orderedMessages(conv) {
    return [...conv.messages.values()].sort((a, b) => {
      if (a.seq != null && b.seq != null) return a.seq - b.seq;
      if (a.seq == null && b.seq == null) return (a.local_ts || 0) - (b.local_ts || 0);
      return a.seq == null ? 1 : -1;
    });
  }

  /**
   * Adds or merges a message from the server (live, sync, ack or history), deduplicated by
   * message_id and, for own sends, by client_msg_id. Returns {conv, message, added}.
   */
  addMessage(msg, { fromHistory = false } = {}) {
    const conv = this.ensureConversation(msg.conversation_id, {
      groupId: msg.group_id,
      peerId: msg.group_id ? null : msg.sender_id === this.meId ? msg.receiver_id : msg.sender_id,
    });
    const own = msg.sender_id === this.meId;
    let key = conv.keyById.get(msg.message_id);
    if (!key && own && msg.client_msg_id && conv.messages.has('c:' + msg.client_msg_id)) {
      key = 'c:' + msg.client_msg_id;
    }
    let stored;
    let added = false;
    if (key) {
      stored = conv.messages.get(key);
      const status = maxStatus(stored.status === 'pending' || stored.status === 'failed' ? 'sent' : stored.status, msg.status);
      Object.assign(stored, msg, { status, key, pending: false, failed: null });
    } else {
      key = msg.message_id;
      stored = { ...msg, key };
      conv.messages.set(key, stored);
      added = true;
    }
    conv.keyById.set(msg.message_id, key);

    if (isNewer(stored, conv.lastMessage)) conv.lastMessage = stored;
    conv.lastActivity = Math.max(conv.lastActivity, msg.timestamp || 0);

    if (!fromHistory && msg.seq > conv.countedSeq) {
      conv.countedSeq = msg.seq;
      if (own) {
        // Own messages move the read marker.
        conv.readSeq = Math.max(conv.readSeq, msg.seq);
        conv.unread = 0;
      } else if (msg.seq > conv.readSeq && !this.isReading(conv.id)) {
        conv.unread++;
      }
    }
    if (msg.event && msg.seq > conv.membershipSeq && (msg.event.user_ids || []).includes(this.meId)) {
      conv.membershipSeq = msg.seq;
      const t = msg.event.type;
      if (t === 'left' || t === 'removed') conv.left = true;
      if (t === 'created' || t === 'added' || t === 'joined') conv.left = false;
    }
    if (msg.event?.name && (msg.event.type === 'created' || msg.event.type === 'renamed')) {
      if (msg.seq >= (conv.nameSeq || 0)) {
        conv.name = msg.event.name;
        conv.nameSeq = msg.seq;
      }
    }
    if (added && msg.sender_id !== this.meId) this.clearTyping(conv.id, msg.sender_id);
    this.emit('conversation', { id: conv.id });
    this.emit('list');
    return { conv, message: stored, added };
  }

  /** True when the open conversation is on screen (new messages there are read, not unread). */
  isReading(convId) {
    return this.openId === convId && document.visibilityState === 'visible';
  }

  /** Shows an own message that is not acknowledged yet. */
  addPending(entry) {
    const conv = this.ensureConversation(entry.conversation_id);
    const key = 'c:' + entry.client_msg_id;
    if (conv.messages.has(key)) return;
    const msg = {
      key,
      client_msg_id: entry.client_msg_id,
      conversation_id: entry.conversation_id,
      sender_id: this.meId,
      receiver_id: entry.receiver_id,
      group_id: entry.group_id,
      content: entry.content,
      timestamp: entry.created_at,
      local_ts: entry.created_at,
      status: entry.failed ? 'failed' : 'pending',
      pending: !entry.failed,
      failed: entry.failed || null,
    };
    conv.messages.set(key, msg);
    conv.lastMessage = isNewer(msg, conv.lastMessage) ? msg : conv.lastMessage;
    conv.lastActivity = Math.max(conv.lastActivity, entry.created_at);
    this.emit('conversation', { id: conv.id });
    this.emit('list');
  }

  markFailed(conversationId, clientMsgId, error) {
    const conv = this.conversations.get(conversationId);
    const msg = conv?.messages.get('c:' + clientMsgId);
    if (!msg || msg.message_id) return;
    msg.status = 'failed';
    msg.pending = false;
    msg.failed = error;
    this.emit('conversation', { id: conv.id });
    this.emit('list');
  }

  markPending(conversationId, clientMsgId) {
    const conv = this.conversations.get(conversationId);
    const msg = conv?.messages.get('c:' + clientMsgId);
    if (!msg || msg.message_id) return;
    msg.status = 'pending';
    msg.pending = true;
    msg.failed = null;
    this.emit('conversation', { id: conv.id });
  }

  removeLocal(conversationId, clientMsgId) {
    const conv = this.conversations.get(conversationId);
    if (!conv) return;
    const key = 'c:' + clientMsgId;
    const msg = conv.messages.get(key);
    if (!msg || msg.message_id) return;
    conv.messages.delete(key);
    if (conv.lastMessage === msg) {
      conv.lastMessage = null;
      for (const m of conv.messages.values()) if (isNewer(m, conv.lastMessage)) conv.lastMessage = m;
    }
    this.emit('conversation', { id: conv.id });
    this.emit('list');
  }

  seqOf(conv, messageId) {
    const key = conv.keyById.get(messageId);
    return key ? conv.messages.get(key)?.seq : undefined;
  }

  /** A `receipt` frame: the status of own messages moves forward (receipts are cumulative). */
  applyReceipt(frame) {
    const conv = this.conversations.get(frame.conversation_id);
    if (!conv) return;
    const refSeq = this.seqOf(conv, frame.message_id);
    const upTo = (m) =>
      refSeq != null ? m.seq != null && m.seq <= refSeq : m.message_id && compareIds(m.message_id, frame.message_id) <= 0;

    if (frame.user_id === this.meId) {
      // This user read on another device (or this one): the read marker moves.
      if (frame.status === 'read' && refSeq != null && refSeq > conv.readSeq) {
        conv.readSeq = refSeq;
        let unread = 0;
        for (const m of conv.messages.values()) {
          if (m.sender_id !== this.meId && m.seq > refSeq) unread++;
        }
        conv.unread = unread;
        this.emit('list');
      }
      return;
    }

    let status = frame.status;
    if (conv.type === 'group' && frame.counts) {
      const c = frame.counts;
      status = c.recipients > 0 && c.read >= c.recipients ? 'read' : c.recipients > 0 && c.delivered >= c.recipients ? 'delivered' : 'sent';
      const ref = conv.messages.get(conv.keyById.get(frame.message_id));
      if (ref) ref.receipts = { ...c };
    } else if (conv.type === 'group') {
      return; // a group status needs the counts
    }
    let changed = false;
    for (const m of conv.messages.values()) {
      if (m.sender_id !== this.meId || m.event || !upTo(m)) continue;
      const next = maxStatus(m.status, status);
      if (next !== m.status) {
        m.status = next;
        changed = true;
      }
    }
    if (changed || conv.type === 'group') {
      this.emit('conversation', { id: conv.id });
      this.emit('list');
    }
  }

  /** Called when this user read up to `seq` in a conversation. */
  markReadLocally(conv, seq) {
    if (seq <= conv.readSeq) return false;
    conv.readSeq = seq;
    let unread = 0;
    for (const m of conv.messages.values()) {
      if (m.sender_id !== this.meId && m.seq > seq) unread++;
    }
    conv.unread = Math.min(conv.unread, unread);
    this.emit('list');
    return true;
  }

  // ---- typing ------------------------------------------------------------------------------

  setTyping(conversationId, userId, typing) {
    if (userId === this.meId) return;
    let users = this.typing.get(conversationId);
    if (!users) this.typing.set(conversationId, (users = new Map()));
    clearTimeout(users.get(userId));
    if (typing) {
      users.set(userId, setTimeout(() => this.clearTyping(conversationId, userId), TYPING_EXPIRES_MS));
    } else {
      users.delete(userId);
    }
    this.emit('typing', { id: conversationId });
    this.emit('list');
  }

  clearTyping(conversationId, userId) {
    const users = this.typing.get(conversationId);
    if (!users || !users.has(userId)) return;
    clearTimeout(users.get(userId));
    users.delete(userId);
    this.emit('typing', { id: conversationId });
    this.emit('list');
  }

  typingUsers(conversationId) {
    return [...(this.typing.get(conversationId)?.keys() || [])];
  }

  /** The title of a conversation: the peer's username or the group's name. */
  titleOf(conv) {
    if (conv.type === 'group') return conv.name || 'Group';
    return this.nameOf(conv.peerId) || '…';
  }

  destroy() {
    for (const users of this.typing.values()) for (const t of users.values()) clearTimeout(t);
    this.typing.clear();
  }
}
