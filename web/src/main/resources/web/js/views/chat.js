// The right pane: one conversation — header, messages with infinite scroll-back, composer.
import { avatar, coalesce, h, hueOf, icon } from '../dom.js';
import { describeError } from '../errors.js';
import { clock, dayLabel, isSameDay, presenceText, systemText } from '../format.js';
import { logo } from './auth.js';
import { ticks } from './sidebar.js';

const LOAD_OLDER_WITHIN_PX = 400;
const STICK_TO_BOTTOM_PX = 80;
const GROUP_WITHIN_MS = 5 * 60_000;
const MAX_CONTENT_BYTES = 64 * 1024;

export class ChatView {
  constructor(host, { store, session, onBack, actions }) {
    this.host = host;
    this.store = store;
    this.session = session;
    this.onBack = onBack;
    this.actions = actions;
    this.conv = null;
    this.rows = new Map(); // row key -> element
    this.drafts = new Map();
    this.visibleIncoming = new Set(); // elements of incoming messages on screen
    this.stickToBottom = true;
    this.scheduled = coalesce(() => this.render());
    this.#build();

    for (const type of ['conversation', 'older', 'typing']) {
      store.addEventListener(type, (e) => {
        if (this.conv && e.detail?.id === this.conv.id) this.scheduled();
      });
    }
    store.addEventListener('users', () => this.conv && this.scheduled());
    store.addEventListener('connection', () => this.conv && this.scheduled());
    document.addEventListener('visibilitychange', () => this.#readVisible());
    window.addEventListener('resize', () => this.stickToBottom && this.#scrollToBottom());
    this.presenceTimer = setInterval(() => this.conv && this.#renderHeader(), 30_000);
  }

  #build() {
    this.back = h('button', { class: 'icon-btn back-btn', type: 'button', id: 'chat-back', 'aria-label': 'Back to chats', title: 'Back' }, icon('back'));
    this.back.addEventListener('click', () => this.onBack());
    this.headAvatar = h('span', { class: 'chat-avatar' });
    this.title = h('h2', { class: 'chat-title', id: 'chat-title', dir: 'auto' });
    this.subtitle = h('p', { class: 'chat-subtitle', id: 'chat-subtitle' });
    this.infoBtn = h('button', { class: 'icon-btn', type: 'button', id: 'chat-info', 'aria-label': 'Group info', title: 'Group info' }, icon('info'));
    this.infoBtn.addEventListener('click', () => this.conv && this.actions.groupInfo(this.conv));
    this.headerMain = h('div', { class: 'chat-head-main' }, this.headAvatar, h('div', { class: 'chat-head-text' }, this.title, this.subtitle));
    this.headerMain.addEventListener('click', () => this.conv?.type === 'group' && this.actions.groupInfo(this.conv));
    this.header = h('header', { class: 'chat-header' }, this.back, this.headerMain, this.infoBtn);

    this.historyStatus = h('div', { class: 'history-status', id: 'history-status' });
    this.list = h('div', { class: 'msg-list', id: 'message-list' });
    this.typingRow = h('div', { class: 'typing-row', id: 'typing', hidden: true });
    this.scroller = h('div', { class: 'messages', id: 'messages', role: 'log', 'aria-live': 'polite', tabindex: '0' }, this.historyStatus, this.list, this.typingRow);
    this.scroller.addEventListener('scroll', () => this.#onScroll(), { passive: true });

    this.input = h('textarea', {
      id: 'composer-input',
      class: 'composer-input',
      rows: '1',
      dir: 'auto',
      placeholder: 'Message',
      'aria-label': 'Message',
      autocomplete: 'off',
    });
    this.sendBtn = h('button', { class: 'send-btn', type: 'submit', id: 'send', 'aria-label': 'Send', title: 'Send (Enter)' }, icon('send'));
    this.composerError = h('p', { class: 'composer-error', role: 'alert', hidden: true });
    this.composer = h('form', { class: 'composer', id: 'composer' }, h('div', { class: 'composer-box' }, this.input, this.sendBtn));
    this.leftNotice = h('div', { class: 'left-notice', id: 'left-notice', hidden: true }, 'You are no longer a member of this group.');
    this.input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
        e.preventDefault();
        this.#submit();
      }
    });
    this.input.addEventListener('input', () => {
      this.#autosize();
      this.composerError.hidden = true;
      if (this.conv) {
        this.drafts.set(this.conv.id, this.input.value);
        if (this.input.value.trim()) this.session.typing(this.conv);
        else this.session.stopTyping(this.conv);
      }
    });
    this.input.addEventListener('blur', () => this.conv && this.session.stopTyping(this.conv));
    this.composer.addEventListener('submit', (e) => {
      e.preventDefault();
      this.#submit();
      this.input.focus();
    });

    this.chat = h('section', { class: 'chat', id: 'chat', hidden: true }, this.header, this.scroller, this.composerError, this.composer, this.leftNotice);
    this.emptyState = h(
      'section',
      { class: 'chat-empty', id: 'chat-empty' },
      logo(64),
      h('h2', null, 'Welcome to Parley'),
      h('p', { class: 'muted' }, 'Pick a conversation on the left, or start a new one.'),
      h(
        'div',
        { class: 'empty-actions' },
        h('button', { class: 'btn btn-primary', type: 'button', onclick: () => this.actions.newChat() }, icon('plusChat'), 'New chat'),
        h('button', { class: 'btn', type: 'button', onclick: () => this.actions.newGroup() }, icon('group'), 'New group'),
      ),
    );
    this.host.replaceChildren(this.emptyState, this.chat);

    this.observer = new IntersectionObserver((entries) => this.#onIntersect(entries), { root: this.scroller, threshold: 0.6 });
  }

  /** Shows a conversation (null: the welcome screen). */
  show(conv) {
    if (this.conv && this.conv !== conv) this.session.stopTyping(this.conv);
    this.conv = conv;
    this.rows.clear();
    this.list.replaceChildren();
    this.visibleIncoming.clear();
    this.observer.disconnect();
    this.stickToBottom = true;
    this.chat.hidden = !conv;
    this.emptyState.hidden = !!conv;
    this.composerError.hidden = true;
    if (!conv) return;
    this.input.value = this.drafts.get(conv.id) || '';
    this.#autosize();
    this.render();
    if (matchMedia('(pointer: fine)').matches) this.input.focus({ preventScroll: true });
  }

  render() {
    const conv = this.conv;
    if (!conv) return;
    this.#renderHeader();
    this.#renderMessages();
    this.#renderHistoryStatus();
    this.#renderTyping();
    this.leftNotice.hidden = !conv.left;
    this.leftNotice.textContent = conv.type === 'group' ? 'You are no longer a member of this group.' : 'You cannot write in this conversation.';
    this.composer.hidden = conv.left;
    // Not enough messages to scroll, or the reader waits at the top: fetch the page before.
    const s = this.scroller;
    const paneNotFull = s.scrollHeight <= s.clientHeight + 10;
    const atTop = !this.stickToBottom && s.scrollTop < LOAD_OLDER_WITHIN_PX;
    if (conv.loaded && conv.hasMore && !conv.loadingOlder && !conv.historyError && (paneNotFull || atTop)) {
      this.session.loadOlder(conv);
    }
  }

  #renderHeader() {
    const conv = this.conv;
    const title = this.store.titleOf(conv);
    this.title.textContent = title;
    const isGroup = conv.type === 'group';
    const peer = isGroup ? null : this.store.users.get(conv.peerId);
    this.headAvatar.replaceChildren(avatar(title, isGroup ? conv.id : conv.peerId, { size: 40, online: !!peer?.online, group: isGroup }));
    this.infoBtn.hidden = !isGroup;
    this.headerMain.classList.toggle('clickable', isGroup);
    const typing = this.store.typingUsers(conv.id);
    let sub;
    let cls = 'chat-subtitle';
    if (typing.length) {
      sub = isGroup ? `${typing.map((id) => this.store.nameOf(id) || 'someone').join(', ')} ${typing.length > 1 ? 'are' : 'is'} typing…` : 'typing…';
      cls += ' typing';
    } else if (isGroup) {
      if (conv.left) sub = 'You left this group';
      else if (conv.group) {
        const names = conv.group.member_ids.map((id) => (id === this.store.meId ? 'you' : this.store.nameOf(id))).filter(Boolean);
        sub = `${conv.group.member_ids.length} members · ${names.join(', ')}`;
      } else sub = 'Group';
    } else {
      sub = presenceText(peer);
      if (peer?.online) cls += ' online';
    }
    this.subtitle.textContent = sub;
    this.subtitle.className = cls;
  }

  #renderHistoryStatus() {
    const conv = this.conv;
    const s = this.historyStatus;
    s.replaceChildren();
    s.className = 'history-status';
    if (conv.historyError) {
      s.append(
        h('span', { class: 'error-text' }, describeError(conv.historyError)),
        ' ',
        h('button', { class: 'link-btn', type: 'button', onclick: () => (conv.loaded ? this.session.loadOlder(conv) : this.session.loadLatest(conv)) }, 'Try again'),
      );
    } else if (conv.loadingOlder || (conv.loading && conv.messages.size === 0)) {
      s.append(h('span', { class: 'spinner', 'aria-hidden': 'true' }), h('span', null, 'Loading messages…'));
      s.classList.add('loading');
    } else if (conv.loaded && !conv.hasMore) {
      s.classList.add('start');
      s.append(
        h(
          'span',
          { class: 'start-note' },
          conv.type === 'group' ? 'This is the start of the group history you can see.' : `This is the beginning of your conversation with ${this.store.titleOf(conv)}.`,
        ),
      );
    }
  }

  #renderTyping() {
    const typing = this.store.typingUsers(this.conv.id);
    const wasHidden = this.typingRow.hidden;
    this.typingRow.hidden = typing.length === 0;
    if (typing.length) {
      const who = this.conv.type === 'group' ? `${this.store.nameOf(typing[0]) || 'someone'} is typing` : `${this.store.titleOf(this.conv)} is typing`;
      this.typingRow.replaceChildren(
        h('span', { class: 'typing-bubble', 'aria-hidden': 'true' }, h('i'), h('i'), h('i')),
        h('span', { class: 'typing-text' }, who),
      );
      if (wasHidden && this.stickToBottom) this.#scrollToBottom();
    }
  }

  #renderMessages() {
    const conv = this.conv;
    const me = this.store.meId;
    const messages = this.store.orderedMessages(conv);
    const wasAtBottom = this.stickToBottom;

    // Remember where the reader is: the first row on screen and its offset.
    // (Day dividers are sticky, so they never serve as the anchor.)
    let anchor = null;
    let anchorOffset = 0;
    const viewTop = this.scroller.getBoundingClientRect().top;
    if (!wasAtBottom) {
      for (const el of this.list.children) {
        if (el.classList.contains('day')) continue;
        const box = el.getBoundingClientRect();
        if (box.bottom > viewTop) {
          anchor = el;
          anchorOffset = box.top - viewTop;
          break;
        }
      }
    }

    const wanted = [];
    let prev = null;
    // Only a new own message at the end (just sent) pulls the view down; own messages in an
    // older page being prepended must not.
    const newest = messages[messages.length - 1];
    const newestOwnAdded = !!newest && newest.sender_id === me && !newest.event && !this.rows.has(newest.key);
    for (const m of messages) {
      const ts = m.timestamp || m.local_ts || Date.now();
      if (!prev || !isSameDay(prev.timestamp || prev.local_ts, ts)) {
        const key = 'day:' + new Date(ts).toDateString();
        wanted.push(this.#row(key, 'day:' + dayLabel(ts), () => h('div', { class: 'day', role: 'separator' }, h('span', null, dayLabel(ts)))));
      }
      if (m.event) {
        const text = systemText(m.event, (id) => this.store.nameOf(id) || 'someone', me);
        wanted.push(
          this.#row(m.key, 'notice:' + text, () =>
            h('div', { class: 'notice', dataset: { key: m.key, id: m.message_id || '', seq: String(m.seq ?? '') } }, h('span', { dir: 'auto' }, text)),
          ),
        );
        prev = m; // a notice breaks a run of bubbles
        continue;
      }
      const own = m.sender_id === me;
      const continued = prev && !prev.event && prev.sender_id === m.sender_id && ts - (prev.timestamp || prev.local_ts) < GROUP_WITHIN_MS && isSameDay(prev.timestamp || prev.local_ts, ts);
      const showSender = !own && conv.type === 'group' && !continued;
      const senderName = showSender ? this.store.nameOf(m.sender_id) || '…' : '';
      const receipts = m.receipts ? `${m.receipts.read}/${m.receipts.delivered}/${m.receipts.recipients}` : '';
      const sig = [m.status, m.message_id || '', continued ? 'c' : '', senderName, receipts, m.failed?.code || ''].join('|');
      const el = this.#row(m.key, sig, () => this.#bubble(m, own, continued, showSender, senderName));
      wanted.push(el);
      prev = m;
    }

    // Patch the list to the wanted order, reusing elements.
    const keep = new Set(wanted);
    for (const el of [...this.list.children]) {
      if (!keep.has(el)) {
        el.remove();
        this.observer.unobserve(el);
        this.visibleIncoming.delete(el);
      }
    }
    wanted.forEach((el, i) => {
      if (this.list.children[i] !== el) this.list.insertBefore(el, this.list.children[i] || null);
    });
    for (const [key, el] of this.rows) if (!keep.has(el)) this.rows.delete(key);

    if (wasAtBottom || newestOwnAdded) this.#scrollToBottom();
    else if (anchor && anchor.isConnected) {
      this.scroller.scrollTop += anchor.getBoundingClientRect().top - viewTop - anchorOffset;
    }
  }

  /** The element of a row: reused while its signature is unchanged, rebuilt in place otherwise. */
  #row(key, sig, build) {
    let el = this.rows.get(key);
    if (el && el.dataset.sig === sig) return el;
    const fresh = build();
    fresh.dataset.sig = sig;
    fresh.dataset.rowKey = key;
    if (el) {
      el.replaceWith(fresh);
      this.observer.unobserve(el);
      this.visibleIncoming.delete(el);
    }
    this.rows.set(key, fresh);
    if (fresh.classList.contains('in') && fresh.dataset.seq) this.observer.observe(fresh);
    return fresh;
  }

  #bubble(m, own, continued, showSender, senderName) {
    const status = m.status || 'sent';
    const cls = ['msg', own ? 'out' : 'in'];
    if (continued) cls.push('continued');
    if (m.pending) cls.push('pending');
    if (m.failed) cls.push('failed');
    const meta = h('span', { class: 'meta' }, h('time', { datetime: new Date(m.timestamp || m.local_ts).toISOString() }, clock(m.timestamp || m.local_ts)), own ? ticks(status) : null);
    if (own && m.receipts && this.conv.type === 'group') {
      meta.title = `Read by ${m.receipts.read} of ${m.receipts.recipients} · delivered to ${m.receipts.delivered}`;
    }
    const bubble = h(
      'div',
      { class: 'bubble' },
      showSender ? h('div', { class: 'sender', style: { '--hue': String(hueOf(m.sender_id)) } }, senderName) : null,
      h('div', { class: 'text', dir: 'auto' }, m.content),
      meta,
    );
    const row = h(
      'div',
      {
        class: cls.join(' '),
        dataset: { key: m.key, id: m.message_id || '', seq: String(m.seq ?? ''), status, cmid: m.client_msg_id || '' },
      },
      bubble,
    );
    if (m.failed) {
      row.append(
        h(
          'div',
          { class: 'msg-failed' },
          h('span', null, `Not sent: ${describeError(m.failed)}`),
          h('button', { class: 'link-btn', type: 'button', onclick: () => this.session.retry(m.conversation_id, m.client_msg_id) }, 'Retry'),
          h('button', { class: 'link-btn', type: 'button', onclick: () => this.session.discard(m.conversation_id, m.client_msg_id) }, 'Delete'),
        ),
      );
    }
    return row;
  }

  #onScroll() {
    const s = this.scroller;
    this.stickToBottom = s.scrollHeight - s.scrollTop - s.clientHeight < STICK_TO_BOTTOM_PX;
    if (this.conv && s.scrollTop < LOAD_OLDER_WITHIN_PX) this.session.loadOlder(this.conv);
  }

  #scrollToBottom() {
    this.scroller.scrollTop = this.scroller.scrollHeight;
    this.stickToBottom = true;
  }

  #onIntersect(entries) {
    for (const entry of entries) {
      if (entry.isIntersecting) this.visibleIncoming.add(entry.target);
      else this.visibleIncoming.delete(entry.target);
    }
    this.#readVisible();
  }

  /** Sends `read` for the newest incoming message on screen while the page is visible. */
  #readVisible() {
    const conv = this.conv;
    if (!conv || document.visibilityState !== 'visible' || this.chat.hidden || this.host.offsetParent === null) return;
    let best = null;
    for (const el of this.visibleIncoming) {
      if (!el.isConnected) continue;
      const seq = Number(el.dataset.seq);
      if (seq && (!best || seq > Number(best.dataset.seq))) best = el;
    }
    if (!best) return;
    const msg = conv.messages.get(best.dataset.key);
    if (msg) this.session.markRead(conv, msg);
  }

  /** Re-checks what is on screen (e.g. after the pane became visible on a narrow screen). */
  refreshVisibility() {
    this.#readVisible();
  }

  #submit() {
    const conv = this.conv;
    if (!conv || conv.left) return;
    const text = this.input.value.trim();
    if (!text) return;
    if (new TextEncoder().encode(text).length > MAX_CONTENT_BYTES) {
      this.composerError.textContent = describeError({ code: 'CONTENT_TOO_LARGE' });
      this.composerError.hidden = false;
      return;
    }
    this.session.send(conv, text);
    this.input.value = '';
    this.drafts.delete(conv.id);
    this.#autosize();
    this.#scrollToBottom();
  }

  #autosize() {
    this.input.style.height = 'auto';
    this.input.style.height = Math.min(this.input.scrollHeight, 160) + 'px';
  }
}
