// One signed-in session: wires the HTTP API and the socket to the store. Owns the resume cursor
// and the sync after every (re)connection; sends through the outbox, receipts and typing signals.
import { api, setToken } from './api.js';
import { describeError } from './errors.js';
import { compareIds, directConversationId, eventUserIds } from './format.js';
import { Outbox } from './outbox.js';
import { Receipts, Typing } from './signals.js';
import { Socket } from './socket.js';

const PAGE_SIZE = 50;
const SYNC_PAGE = 200;

const isNumeric = (s) => typeof s === 'string' && /^\d{1,19}$/.test(s);

export class Session extends EventTarget {
  constructor(auth, store) {
    super();
    this.auth = auth;
    this.store = store;
    this.socket = new Socket(auth.token);
    this.keys = {
      cursor: `parley.cursor.${auth.user_id}`,
      outbox: `parley.outbox.${auth.user_id}`,
    };
    this.cursor = sessionStorage.getItem(this.keys.cursor) || null;
    this.outbox = new Outbox(this.keys.outbox, store, this.socket);
    this.receipts = new Receipts(store, this.socket);
    this.typingSignals = new Typing(this.socket);
    this.syncWaiters = [];
    this.syncing = false;
    this.connectedBefore = false;
    this.userRequests = new Map();
    this.groupRequests = new Map();
    this.stopped = false;
  }

  // ---- lifecycle ---------------------------------------------------------------------------

  async start() {
    setToken(this.auth.token);
    const me = await api.me();
    this.store.setMe(me);
    await this.loadConversations();
    this.outbox.showAll();
    this.socket.addEventListener('state', (e) => this.#onState(e.detail));
    this.socket.addEventListener('frame', (e) => this.#onFrame(e.detail));
    this.socket.addEventListener('closed', () => this.#rejectSyncWaiters(new Error('disconnected')));
    this.socket.start();
  }

  stop() {
    this.stopped = true;
    this.socket.stop();
    this.outbox.stop();
    this.receipts.stop();
    this.typingSignals.stop();
    this.store.destroy();
  }

  async loadConversations() {
    const { conversations } = await api.conversations();
    for (const c of conversations) {
      this.store.applyServerConversation(c);
      if (c.peer_id) this.ensureUser(c.peer_id);
      if (c.last_message) this.#ensureNamesOf(c.last_message);
    }
  }

  // ---- socket ------------------------------------------------------------------------------

  #onState({ state, retryAt, attempt }) {
    this.store.setConnection({ state, retryAt });
    // The upgrade answers 401 when the token is no longer accepted, which a browser only sees as
    // a failed connection: every few failures, ask over HTTP (a 401 there signs out).
    if (state === 'offline' && attempt % 3 === 2) api.me().catch(() => {});
    if (state !== 'open') {
      // Typing indicators from peers cannot be trusted to stop while we are away.
      for (const [convId, users] of this.store.typing) {
        for (const userId of [...users.keys()]) this.store.clearTyping(convId, userId);
      }
    }
    if (state === 'expired') this.dispatchEvent(new CustomEvent('expired'));
  }

  #onFrame(frame) {
    switch (frame.type) {
      case 'ready':
        this.#onReady();
        break;
      case 'message':
        this.#receive(frame.message);
        if (frame.cursor) this.#setCursor(frame.cursor, false);
        break;
      case 'ack':
        this.outbox.acknowledged(frame);
        break;
      case 'error':
        this.#onError(frame);
        break;
      case 'receipt':
        this.store.applyReceipt(frame);
        break;
      case 'typing':
        this.store.setTyping(frame.conversation_id, frame.user_id, frame.typing);
        break;
      case 'presence':
        this.store.setPresence(frame);
        break;
      case 'sync': {
        const waiter = this.syncWaiters.shift();
        if (waiter) waiter.resolve(frame);
        break;
      }
      default:
        break; // pong and frames of later versions
    }
  }

  async #onReady() {
    this.outbox.flush();
    const reconnect = this.connectedBefore;
    this.connectedBefore = true;
    if (!(await this.#resyncOrRetry())) return;
    if (reconnect) {
      // Unread counts and names may have moved on other devices while we were away.
      this.loadConversations().catch(() => {});
      const open = this.store.conversations.get(this.store.openId);
      if (open?.type === 'group') this.loadGroup(open);
      if (open?.type === 'direct' && open.peerId) this.refreshUser(open.peerId);
    }
  }

  /**
   * Runs a resync; if the server refuses it (busy, rate limited) while the connection stays up,
   * tries again a little later. False when the connection went away (its next `ready` resumes).
   */
  async #resyncOrRetry() {
    const generation = this.socket.generation;
    try {
      await this.#resync();
      this.receipts.flush();
      return true;
    } catch (e) {
      if (e.code && this.socket.isOpen && this.socket.generation === generation && !this.stopped) {
        const delay = Math.max(1_000, e.retryAfterMs || 2_000);
        setTimeout(() => {
          if (this.socket.generation === generation) this.#resyncOrRetry();
        }, delay);
      }
      return false;
    }
  }

  /** Catches up from the cursor: every message missed while away, once (the store dedupes). */
  async #resync() {
    let after = this.cursor;
    let since;
    if (!after) {
      // First connection of this session: everything up to the conversation list is known; ask
      // for what is newer than its latest activity (inclusive: duplicates are merged).
      // (Server times only: a chat started here has no message yet and this machine's clock.)
      let latest = 0;
      for (const c of this.store.conversations.values()) {
        const m = c.lastMessage;
        if (m?.message_id && m.timestamp) latest = Math.max(latest, m.timestamp);
      }
      since = latest || undefined;
    }
    this.syncing = true;
    try {
      for (;;) {
        const frame = { type: 'sync', limit: SYNC_PAGE };
        if (after) frame.after = after;
        else if (since) frame.since = since;
        const answer = this.#awaitSync();
        if (!this.socket.send(frame)) {
          this.syncWaiters.pop();
          throw new Error('offline');
        }
        let page;
        try {
          page = await answer;
        } catch (e) {
          if (e.code === 'INVALID_CURSOR' && after) {
            // A cursor the server does not know (its data was reset): start from the list again.
            after = null;
            this.#setCursor(null, true);
            continue;
          }
          throw e;
        }
        for (const m of page.messages) this.#receive(m);
        // An empty first page asked by time answers a cursor for the start of history: keep the
        // old position rather than replay everything next time.
        if (page.next_cursor && (after || page.messages.length > 0)) {
          after = page.next_cursor;
          this.#setCursor(after, true);
        }
        since = undefined;
        if (!page.has_more || !after) break;
      }
    } finally {
      this.syncing = false;
    }
  }

  #awaitSync() {
    return new Promise((resolve, reject) => this.syncWaiters.push({ resolve, reject }));
  }

  #rejectSyncWaiters(error) {
    const waiters = this.syncWaiters.splice(0);
    for (const w of waiters) w.reject(error);
  }

  #setCursor(cursor, force) {
    if (!force && this.cursor) {
      if (isNumeric(cursor) && isNumeric(this.cursor)) {
        if (compareIds(cursor, this.cursor) <= 0) return; // keep the highest seen
      } else if (this.syncing) {
        return; // opaque cursors: the sync pages decide while they run
      }
    }
    this.cursor = cursor;
    if (cursor) sessionStorage.setItem(this.keys.cursor, cursor);
    else sessionStorage.removeItem(this.keys.cursor);
  }

  #receive(message) {
    const { conv, added } = this.store.addMessage(message);
    if (message.sender_id !== this.store.meId) this.receipts.delivered(conv, message);
    if (added) this.#ensureNamesOf(message);
    if (conv.type === 'group') {
      if (!conv.name) this.loadGroup(conv);
      else if (message.event && conv.group) this.loadGroup(conv);
    }
    if (conv.type === 'direct' && conv.peerId) this.ensureUser(conv.peerId);
  }

  #ensureNamesOf(message) {
    this.ensureUser(message.sender_id);
    if (message.receiver_id) this.ensureUser(message.receiver_id);
    if (message.event) for (const id of eventUserIds(message.event)) this.ensureUser(id);
  }

  // ---- users and groups --------------------------------------------------------------------

  ensureUser(userId) {
    if (!userId || this.store.users.has(userId) || this.userRequests.has(userId)) return;
    this.refreshUser(userId);
  }

  refreshUser(userId) {
    const request = api
      .user(userId)
      .then((u) => this.store.setUser(u))
      .catch(() => {})
      .finally(() => this.userRequests.delete(userId));
    this.userRequests.set(userId, request);
    return request;
  }

  /** Loads a group's details (members, roles, name) into its conversation. */
  loadGroup(conv) {
    if (!conv.groupId || conv.left) return Promise.resolve();
    const running = this.groupRequests.get(conv.groupId);
    if (running) return running;
    const request = api
      .group(conv.groupId)
      .then((group) => {
        this.#applyGroup(group);
      })
      .catch((e) => {
        if (e.code === 'NOT_FOUND' || e.code === 'NOT_MEMBER' || e.code === 'FORBIDDEN') {
          conv.left = true;
          this.store.emit('conversation', { id: conv.id });
        }
      })
      .finally(() => this.groupRequests.delete(conv.groupId));
    this.groupRequests.set(conv.groupId, request);
    return request;
  }

  #applyGroup(group) {
    const conv = this.store.ensureConversation('g-' + group.group_id, { groupId: group.group_id, name: group.name });
    conv.group = group;
    conv.name = group.name;
    conv.left = !group.member_ids.includes(this.store.meId);
    for (const id of group.member_ids) this.ensureUser(id);
    this.store.emit('conversation', { id: conv.id });
    this.store.emit('list');
    return conv;
  }

  myRole(conv) {
    return conv.group?.members?.find((m) => m.user_id === this.store.meId)?.role ?? null;
  }

  /** Finds a user by username and returns the 1:1 conversation with them. */
  async startDirect(username) {
    const user = await api.userByName(username.trim());
    if (user.user_id === this.store.meId) {
      const e = new Error('That is you. Pick someone else to chat with.');
      e.code = 'SELF';
      throw e;
    }
    this.store.setUser(user);
    const id = directConversationId(this.store.meId, user.user_id);
    const conv = this.store.ensureConversation(id, { peerId: user.user_id, lastActivity: Date.now() });
    return conv;
  }

  /** Looks usernames up; throws on the first unknown one (error.username tells which). */
  async resolveUsernames(usernames) {
    const users = [];
    for (const name of usernames) {
      try {
        const u = await api.userByName(name);
        this.store.setUser(u);
        users.push(u);
      } catch (e) {
        e.username = name;
        throw e;
      }
    }
    return users;
  }

  async createGroup(name, memberIds) {
    const group = await api.createGroup(name, memberIds);
    const conv = this.#applyGroup(group);
    conv.lastActivity = Math.max(conv.lastActivity, group.created_at || Date.now());
    this.store.emit('list');
    return conv;
  }

  async addMembers(conv, userIds) {
    const group = await api.addMembers(conv.groupId, userIds);
    this.#applyGroup(group);
  }

  async removeMember(conv, userId) {
    const group = await api.removeMember(conv.groupId, userId);
    this.#applyGroup(group);
  }

  async setRole(conv, userId, role) {
    const group = await api.setRole(conv.groupId, userId, role);
    this.#applyGroup(group);
  }

  async renameGroup(conv, name) {
    const group = await api.renameGroup(conv.groupId, name);
    this.#applyGroup(group);
  }

  async leaveGroup(conv) {
    await api.leaveGroup(conv.groupId);
    conv.left = true;
    conv.group = null;
    this.store.emit('conversation', { id: conv.id });
    this.store.emit('list');
  }

  createInvite(conv) {
    return api.createInvite(conv.groupId);
  }

  async joinByCode(code) {
    const group = await api.joinInvite(code.trim());
    const conv = this.#applyGroup(group);
    conv.lastActivity = Math.max(conv.lastActivity, Date.now());
    conv.loaded = false;
    this.store.emit('list');
    return conv;
  }

  // ---- history -----------------------------------------------------------------------------

  /** Opens a conversation: loads its latest page, its group or its peer's presence. */
  open(conv) {
    this.store.openId = conv?.id ?? null;
    if (!conv) return;
    if (!conv.loaded && !conv.loading) this.loadLatest(conv);
    if (conv.type === 'group') this.loadGroup(conv);
    if (conv.type === 'direct' && conv.peerId) this.refreshUser(conv.peerId);
  }

  async loadLatest(conv) {
    conv.loading = true;
    conv.historyError = null;
    this.store.emit('conversation', { id: conv.id });
    try {
      const page = await api.history(conv.id, { limit: PAGE_SIZE });
      for (const m of page.messages) {
        this.store.addMessage(m, { fromHistory: true });
        this.#ensureNamesOf(m);
      }
      // Only the first load sets the scroll-back position: later ones must not move it.
      if (!conv.loaded) {
        conv.hasMore = page.has_more;
        conv.nextBefore = page.next_before;
      }
      conv.loaded = true;
      this.receipts.deliveredUpToLatest(conv);
    } catch (e) {
      conv.historyError = e;
      if (e.code === 'FORBIDDEN' || e.code === 'NOT_MEMBER') conv.left = true;
    } finally {
      conv.loading = false;
      this.store.emit('conversation', { id: conv.id });
    }
  }

  async loadOlder(conv) {
    if (!conv.loaded || !conv.hasMore || conv.loadingOlder || conv.nextBefore == null) return;
    conv.loadingOlder = true;
    conv.historyError = null;
    this.store.emit('conversation', { id: conv.id });
    try {
      const page = await api.history(conv.id, { before: conv.nextBefore, limit: PAGE_SIZE });
      for (const m of page.messages) {
        this.store.addMessage(m, { fromHistory: true });
        this.#ensureNamesOf(m);
      }
      conv.hasMore = page.has_more;
      conv.nextBefore = page.next_before;
      this.store.emit('older', { id: conv.id });
    } catch (e) {
      conv.historyError = e;
    } finally {
      conv.loadingOlder = false;
      this.store.emit('conversation', { id: conv.id });
    }
  }

  // ---- sending, receipts, typing -----------------------------------------------------------

  /** Sends text; while offline it waits in the outbox (shown as pending) and goes out once back. */
  send(conv, content) {
    this.typingSignals.stopped(conv);
    this.outbox.add(conv, content);
  }

  retry(conversationId, clientMsgId) {
    this.outbox.retry(conversationId, clientMsgId);
  }

  discard(conversationId, clientMsgId) {
    this.outbox.discard(conversationId, clientMsgId);
  }

  pendingCount() {
    return this.outbox.pendingCount();
  }

  markRead(conv, message) {
    this.receipts.markRead(conv, message);
  }

  typing(conv) {
    this.typingSignals.keystroke(conv);
  }

  stopTyping(conv) {
    this.typingSignals.stopped(conv);
  }

  #onError(frame) {
    const refusal = this.outbox.refused(frame);
    if (refusal) {
      this.dispatchEvent(new CustomEvent('notice', { detail: { text: describeError(refusal), kind: 'error' } }));
      return;
    }
    if (refusal === undefined && frame.request_type === 'sync') {
      const waiter = this.syncWaiters.shift();
      if (waiter) {
        const error = frame.error || {};
        const e = new Error(error.message || error.code);
        e.code = error.code;
        e.retryAfterMs = error.retry_after_ms;
        waiter.reject(e);
      }
    }
    // Refused receipts and typing frames change nothing the user must know.
  }
}
