// What this user tells others without writing: receipts (delivered, read) and typing.
// Both are best effort: a refused one changes nothing the user must know.

const RECEIPT_DELAY_MS = 120;
const TYPING_REPEAT_MS = 3_000;
const TYPING_IDLE_MS = 4_000;

/**
 * Receipts are cumulative: the latest message of a conversation stands for the earlier ones, so
 * one id per conversation goes out, batched over a short delay, and what cannot go out now (the
 * connection is down) waits for the next connection.
 */
export class Receipts {
  constructor(store, socket) {
    this.store = store;
    this.socket = socket;
    this.toDeliver = new Map(); // conversation id -> latest message to acknowledge
    this.toRead = new Map();
    this.timer = null;
  }

  /** A message from someone else reached this device. */
  delivered(conv, message) {
    if (message.seq == null || message.seq <= conv.deliveredSeq) return;
    const queued = this.toDeliver.get(conv.id);
    if (!queued || queued.seq < message.seq) this.toDeliver.set(conv.id, message);
    this.#schedule();
  }

  /** A page of history was loaded: its newest message from someone else is delivered here. */
  deliveredUpToLatest(conv) {
    let latest = null;
    for (const m of conv.messages.values()) {
      if (m.sender_id !== this.store.meId && m.seq != null && (!latest || m.seq > latest.seq)) latest = m;
    }
    if (latest && latest.status === 'sent') this.delivered(conv, latest);
  }

  /** The user saw this message (it is on screen in the open conversation). */
  markRead(conv, message) {
    if (message.seq == null || message.sender_id === this.store.meId) return;
    if (!this.store.markReadLocally(conv, message.seq)) return;
    const queued = this.toRead.get(conv.id);
    if (!queued || queued.seq < message.seq) this.toRead.set(conv.id, message);
    this.#schedule();
  }

  #schedule() {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush();
    }, RECEIPT_DELAY_MS);
  }

  flush() {
    if (!this.socket.isOpen) return;
    const delivered = [...this.toDeliver.values()];
    const read = [...this.toRead.values()];
    if (delivered.length && this.socket.send({ type: 'delivered', message_ids: delivered.map((m) => m.message_id) })) {
      for (const m of delivered) {
        const conv = this.store.conversations.get(m.conversation_id);
        if (conv) conv.deliveredSeq = Math.max(conv.deliveredSeq, m.seq);
      }
      this.toDeliver.clear();
    }
    if (read.length && this.socket.send({ type: 'read', message_ids: read.map((m) => m.message_id) })) {
      this.toRead.clear();
    }
  }

  stop() {
    clearTimeout(this.timer);
  }
}

/** Typing frames: `true` at most every few seconds while keys are pressed, `false` when idle. */
export class Typing {
  constructor(socket) {
    this.socket = socket;
    this.states = new Map(); // conversation id -> {active, sentAt, timer}
  }

  /** Called on every keystroke in the composer. */
  keystroke(conv) {
    if (conv.left) return;
    const now = Date.now();
    let st = this.states.get(conv.id);
    if (!st) this.states.set(conv.id, (st = { active: false, sentAt: 0, timer: null }));
    if (!st.active || now - st.sentAt > TYPING_REPEAT_MS) {
      if (this.#send(conv, true)) {
        st.active = true;
        st.sentAt = now;
      }
    }
    clearTimeout(st.timer);
    st.timer = setTimeout(() => this.stopped(conv), TYPING_IDLE_MS);
  }

  /** The user stopped (sent, cleared the text, left the composer or the conversation). */
  stopped(conv) {
    const st = this.states.get(conv.id);
    if (!st) return;
    clearTimeout(st.timer);
    if (st.active) this.#send(conv, false);
    st.active = false;
  }

  #send(conv, typing) {
    const frame = { type: 'typing', typing };
    if (conv.type === 'group') frame.group_id = conv.groupId;
    else if (conv.peerId) frame.receiver_id = conv.peerId;
    else return false;
    return this.socket.send(frame);
  }

  stop() {
    for (const st of this.states.values()) clearTimeout(st.timer);
  }
}
