// Sends that the server has not acknowledged yet. Kept in sessionStorage (a reload loses
// nothing), shown as pending, sent on every new connection with the same client_msg_id (the
// server stores each once), retried when the server is busy, marked failed when it refuses.
import { newClientMsgId } from './format.js';

const RETRYABLE = new Set(['RATE_LIMITED', 'UNAVAILABLE', 'INTERNAL']);

export class Outbox {
  /**
   * @param storageKey where the entries are kept for this tab
   * @param store shows entries as pending / failed messages
   * @param socket sends them
   */
  constructor(storageKey, store, socket) {
    this.storageKey = storageKey;
    this.store = store;
    this.socket = socket;
    this.entries = this.#load();
    this.timers = new Set();
  }

  /** Shows what a previous page of this tab left unsent. */
  showAll() {
    for (const entry of this.entries) this.store.addPending(entry);
  }

  /** Queues a message to `conv` and sends it if the connection is up. */
  add(conv, content) {
    const entry = {
      client_msg_id: newClientMsgId(),
      conversation_id: conv.id,
      content,
      created_at: Date.now(),
    };
    if (conv.type === 'group') entry.group_id = conv.groupId;
    else entry.receiver_id = conv.peerId;
    this.entries.push(entry);
    this.#save();
    this.store.addPending(entry);
    this.flush();
  }

  /** Sends what waits, each entry once per connection. */
  flush() {
    if (!this.socket.isOpen) return;
    const now = Date.now();
    for (const entry of this.entries) {
      if (entry.failed || entry.sentOn === this.socket.generation || (entry.retryAt || 0) > now) continue;
      const frame = { type: 'send', client_msg_id: entry.client_msg_id, content: entry.content };
      if (entry.group_id) frame.group_id = entry.group_id;
      else frame.receiver_id = entry.receiver_id;
      if (this.socket.send(frame)) entry.sentOn = this.socket.generation;
    }
  }

  /** An `ack`: the message is durable. */
  acknowledged(frame) {
    this.entries = this.entries.filter((e) => e.client_msg_id !== frame.client_msg_id);
    this.#save();
    if (frame.message) this.store.addMessage(frame.message);
  }

  /**
   * An `error` frame. Returns the refusal to tell the user about (null when it is retried, or
   * undefined when the frame is not about a send of this outbox).
   */
  refused(frame) {
    if (!frame.client_msg_id || (frame.request_type && frame.request_type !== 'send')) return undefined;
    const entry = this.entries.find((e) => e.client_msg_id === frame.client_msg_id);
    if (!entry) return undefined;
    const error = frame.error || {};
    if (RETRYABLE.has(error.code)) {
      const delay = Math.max(1_000, error.retry_after_ms || 2_000);
      entry.sentOn = null;
      entry.retryAt = Date.now() + delay;
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.flush();
      }, delay + 50);
      this.timers.add(timer);
      return null;
    }
    entry.failed = { code: error.code, message: error.message };
    this.#save();
    this.store.markFailed(entry.conversation_id, entry.client_msg_id, entry.failed);
    return error;
  }

  retry(conversationId, clientMsgId) {
    const entry = this.entries.find((e) => e.client_msg_id === clientMsgId);
    if (!entry) return;
    entry.failed = null;
    entry.sentOn = null;
    entry.retryAt = 0;
    this.#save();
    this.store.markPending(conversationId, clientMsgId);
    this.flush();
  }

  discard(conversationId, clientMsgId) {
    this.entries = this.entries.filter((e) => e.client_msg_id !== clientMsgId);
    this.#save();
    this.store.removeLocal(conversationId, clientMsgId);
  }

  /** How many messages wait to go out (failed ones aside). */
  pendingCount() {
    return this.entries.filter((e) => !e.failed).length;
  }

  stop() {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  #load() {
    try {
      const list = JSON.parse(sessionStorage.getItem(this.storageKey) || '[]');
      return Array.isArray(list) ? list.map((e) => ({ ...e, sentOn: null })) : [];
    } catch {
      return [];
    }
  }

  #save() {
    const plain = this.entries.map(({ sentOn, retryAt, ...rest }) => rest);
    sessionStorage.setItem(this.storageKey, JSON.stringify(plain));
  }
}
