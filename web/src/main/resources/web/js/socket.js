// The WebSocket half of docs/API.md: one connection, reconnected with exponential backoff and
// jitter, a heartbeat that notices a dead link, and events for frames and state changes.
//
// States: 'connecting' (opening), 'open' (after the `ready` frame), 'offline' (waiting to retry),
// 'expired' (closed with 4002: the token expired), 'stopped'.

const BACKOFF_BASE_MS = 500;
const BACKOFF_CAP_MS = 15_000;
const PING_EVERY_MS = 25_000;
const READY_WITHIN_MS = 10_000;

export class Socket extends EventTarget {
  constructor(token) {
    super();
    this.token = token;
    this.ws = null;
    this.state = 'stopped';
    this.attempt = 0;
    this.retryAt = 0;
    this.retryTimer = null;
    this.pingTimer = null;
    this.readyTimer = null;
    this.lastFrameAt = 0;
    this.generation = 0; // counts opened connections
    this.onOnline = () => this.retryNow();
  }

  start() {
    if (this.state !== 'stopped') return;
    window.addEventListener('online', this.onOnline);
    this.#open();
  }

  stop() {
    window.removeEventListener('online', this.onOnline);
    clearTimeout(this.retryTimer);
    clearTimeout(this.readyTimer);
    this.#stopHeartbeat();
    const ws = this.ws;
    this.ws = null;
    if (ws) ws.close(1000, 'bye');
    this.#setState('stopped');
  }

  /** Skips the wait of a pending reconnect. */
  retryNow() {
    if (this.state === 'offline') this.#open();
  }

  /** Sends a frame if the connection is open; false otherwise (the caller keeps it for later). */
  send(frame) {
    if (this.state !== 'open' || !this.ws || this.ws.readyState !== WebSocket.OPEN) return false;
    this.ws.send(JSON.stringify(frame));
    return true;
  }

  get isOpen() {
    return this.state === 'open';
  }

  #setState(state) {
    if (this.state === state) return;
    this.state = state;
    this.dispatchEvent(new CustomEvent('state', { detail: { state, retryAt: this.retryAt, attempt: this.attempt } }));
  }

  #open() {
    clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.#setState('connecting');
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const url = `${scheme}//${location.host}/ws?token=${encodeURIComponent(this.token)}`;
    let ws;
    try {
      ws = new WebSocket(url);
    } catch {
      this.#scheduleRetry();
      return;
    }
    this.ws = ws;
    // A connection that never becomes ready (a handshake lost on the way) is given up.
    clearTimeout(this.readyTimer);
    this.readyTimer = setTimeout(() => {
      if (this.ws === ws && this.state === 'connecting') this.#abandon(ws);
    }, READY_WITHIN_MS);
    ws.onmessage = (event) => {
      if (this.ws !== ws) return;
      this.lastFrameAt = Date.now();
      let frame;
      try {
        frame = JSON.parse(event.data);
      } catch {
        return;
      }
      if (frame.type === 'ready') {
        clearTimeout(this.readyTimer);
        this.attempt = 0;
        this.generation++;
        this.#startHeartbeat();
        this.#setState('open');
      }
      this.dispatchEvent(new CustomEvent('frame', { detail: frame }));
    };
    ws.onclose = (event) => this.#closed(ws, event.code);
    ws.onerror = () => {}; // a close event follows
  }

  #closed(ws, code) {
    if (this.ws !== ws) return;
    this.ws = null;
    clearTimeout(this.readyTimer);
    this.#stopHeartbeat();
    this.dispatchEvent(new CustomEvent('closed', { detail: { code } }));
    if (code === 4002) {
      this.#setState('expired');
      return;
    }
    if (this.state !== 'stopped') this.#scheduleRetry();
  }

  #scheduleRetry() {
    // Exponential backoff with "equal jitter": half fixed, half random, so that many clients
    // cut off together by a restart do not come back in lockstep.
    const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** this.attempt);
    const delay = Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
    this.attempt++;
    this.retryAt = Date.now() + delay;
    this.state = 'offline'; // announced even when already offline: retryAt changed
    this.dispatchEvent(new CustomEvent('state', { detail: { state: 'offline', retryAt: this.retryAt, attempt: this.attempt } }));
    this.retryTimer = setTimeout(() => this.#open(), delay);
  }

  #startHeartbeat() {
    this.#stopHeartbeat();
    this.lastFrameAt = Date.now();
    // Browsers cannot send WebSocket pings: an application ping keeps the connection alive and
    // its pong proves the link works. No frame for two rounds: the link is dead, reconnect.
    this.pingTimer = setInterval(() => {
      const ws = this.ws;
      if (!ws) return;
      if (Date.now() - this.lastFrameAt > 2 * PING_EVERY_MS + 5_000) {
        this.#abandon(ws);
        return;
      }
      this.send({ type: 'ping' });
    }, PING_EVERY_MS);
  }

  /** Drops a connection that stopped answering and schedules a new one. */
  #abandon(ws) {
    this.ws = null;
    clearTimeout(this.readyTimer);
    this.#stopHeartbeat();
    try {
      ws.close(4000, 'no answer');
    } catch {
      /* already closing */
    }
    this.dispatchEvent(new CustomEvent('closed', { detail: { code: 1006 } }));
    this.#scheduleRetry();
  }

  #stopHeartbeat() {
    clearInterval(this.pingTimer);
    this.pingTimer = null;
  }
}
