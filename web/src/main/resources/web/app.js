// Parley web client: start-up, sign-in state, routing (#/c/<conversation id>) and the shell.
import { setAuthLostHandler } from './js/api.js';
import { h, icon, toast } from './js/dom.js';
import { describeError } from './js/errors.js';
import { parseConversationId } from './js/format.js';
import { Session } from './js/session.js';
import { Store } from './js/store.js';
import { logo, renderAuth } from './js/views/auth.js';
import { ChatView } from './js/views/chat.js';
import { groupInfoDialog, joinGroupDialog, newChatDialog, newGroupDialog } from './js/views/dialogs.js';
import { renderSidebar } from './js/views/sidebar.js';

const AUTH_KEY = 'parley.auth';
const root = document.getElementById('app');
let current = null; // {session, store, cleanup}

function loadAuth() {
  try {
    const auth = JSON.parse(sessionStorage.getItem(AUTH_KEY) || 'null');
    return auth && auth.token && auth.user_id ? auth : null;
  } catch {
    return null;
  }
}

function showAuth(notice) {
  document.title = 'Parley';
  renderAuth(root, {
    notice,
    onSignedIn: (auth) => {
      sessionStorage.setItem(AUTH_KEY, JSON.stringify(auth));
      startSession(auth);
    },
  });
}

/** Ends the session (log out, expired or revoked token) and shows the sign-in screen. */
function signOut(notice) {
  if (current) {
    current.cleanup();
    current.session.stop();
    const uid = current.session.auth.user_id;
    sessionStorage.removeItem(`parley.cursor.${uid}`);
    sessionStorage.removeItem(`parley.outbox.${uid}`);
    current = null;
  }
  sessionStorage.removeItem(AUTH_KEY);
  document.querySelectorAll('dialog').forEach((d) => d.remove());
  if (location.hash) history.replaceState(null, '', location.pathname);
  showAuth(notice);
}

function renderSplash(text, action) {
  root.replaceChildren(
    h('main', { class: 'splash' }, logo(56), h('p', { class: 'muted', id: 'splash-text' }, text), action || null),
  );
}

async function startSession(auth, attempt = 0) {
  const store = new Store();
  const session = new Session(auth, store);
  let lost = false;
  setAuthLostHandler((e) => {
    lost = true;
    signOut(describeError(e));
  });
  renderSplash('Loading your conversations…');
  try {
    await session.start();
  } catch (e) {
    if (lost || e.code === 'UNAUTHORIZED' || e.code === 'TOKEN_EXPIRED') return;
    session.stop();
    // The server may be restarting: try again on our own, and let the user try now.
    const delay = Math.min(15_000, 1_000 * 2 ** attempt);
    const timer = setTimeout(() => startSession(auth, attempt + 1), delay);
    renderSplash(
      describeError(e),
      h('div', { class: 'empty-actions' },
        h('button', { class: 'btn btn-primary', type: 'button', onclick: () => { clearTimeout(timer); startSession(auth, 0); } }, 'Try again'),
        h('button', { class: 'btn', type: 'button', onclick: () => { clearTimeout(timer); signOut(); } }, 'Sign out'),
      ),
    );
    return;
  }
  mountMain(store, session, auth);
}

function mountMain(store, session, auth) {
  const banner = h('div', { class: 'banner', id: 'offline-banner', role: 'status', hidden: true });
  const sidebarHost = h('aside', { class: 'sidebar', id: 'sidebar' });
  const chatHost = h('main', { class: 'chat-pane', id: 'chat-pane' });
  const shell = h('div', { class: 'app', id: 'app-shell' }, banner, h('div', { class: 'panes' }, sidebarHost, chatHost));
  root.replaceChildren(shell);

  const go = (id) => {
    const hash = id ? `#/c/${id}` : '#/';
    if (location.hash !== hash) location.hash = hash;
    else route();
  };
  const actions = {
    newChat: () => newChatDialog({ session, onOpen: go }),
    newGroup: () => newGroupDialog({ session, store, onOpen: go }),
    joinGroup: () => joinGroupDialog({ session, onOpen: go }),
    groupInfo: (conv) => groupInfoDialog({ session, store, conv, onLeft: () => toast(`You left “${conv.name}”`) }),
    logout: () => signOut(),
  };
  const sidebar = renderSidebar(sidebarHost, { store, session, onOpen: go, actions });
  const chat = new ChatView(chatHost, { store, session, onBack: () => go(null), actions });

  const route = () => {
    const match = /^#\/c\/([\w-]+)$/.exec(location.hash);
    const id = match ? match[1] : null;
    let conv = null;
    if (id) conv = store.conversations.get(id) || (parseConversationId(id) ? store.ensureConversation(id) : null);
    if (conv === chat.conv && conv) return;
    session.open(conv);
    chat.show(conv);
    shell.classList.toggle('chat-open', !!conv);
    sidebar.render();
    requestAnimationFrame(() => chat.refreshVisibility());
    updateTitle();
  };

  const updateTitle = () => {
    let unread = 0;
    for (const c of store.conversations.values()) unread += c.unread;
    const open = chat.conv ? store.titleOf(chat.conv) + ' · ' : '';
    document.title = (unread ? `(${unread}) ` : '') + open + 'Parley';
  };

  let countdown = null;
  const renderBanner = () => {
    const { state, retryAt, everOpen } = store.connection;
    clearInterval(countdown);
    const show = state !== 'open' && state !== 'stopped' && (everOpen || state === 'offline');
    banner.hidden = !show;
    shell.classList.toggle('is-offline', show);
    if (!show) return;
    const waiting = session.pendingCount();
    const waitingText = waiting ? ` ${waiting} ${waiting === 1 ? 'message' : 'messages'} will be sent when you are back.` : '';
    const paint = () => {
      const seconds = Math.max(0, Math.ceil((retryAt - Date.now()) / 1000));
      let text = 'Reconnecting…';
      if (state === 'offline') text = seconds > 0 ? `You are offline. Reconnecting in ${seconds} s.` : 'You are offline. Reconnecting…';
      if (state === 'expired') text = 'Your session has expired.';
      banner.replaceChildren(
        icon('wifiOff', 'icon banner-icon'),
        h('span', { class: 'banner-text' }, text, waitingText),
        state === 'offline' ? h('button', { class: 'banner-btn', type: 'button', id: 'retry-now', onclick: () => session.socket.retryNow() }, 'Retry now') : null,
      );
    };
    paint();
    if (state === 'offline') countdown = setInterval(paint, 1000);
  };

  store.addEventListener('connection', renderBanner);
  store.addEventListener('conversation', () => !banner.hidden && renderBanner());
  store.addEventListener('list', updateTitle);
  session.addEventListener('notice', (e) => toast(e.detail.text, e.detail.kind));
  session.addEventListener('expired', () => signOut('Your session has expired. Please sign in again.'));
  window.addEventListener('hashchange', route);
  const expiry = setTimeout(() => signOut('Your session has expired. Please sign in again.'), Math.max(0, auth.expires_at - Date.now()));

  current = {
    session,
    store,
    cleanup: () => {
      window.removeEventListener('hashchange', route);
      clearTimeout(expiry);
      clearInterval(countdown);
      sidebar.destroy();
    },
  };
  route();
  renderBanner();
}

function boot() {
  const auth = loadAuth();
  if (auth && (!auth.expires_at || auth.expires_at > Date.now() + 5_000)) startSession(auth);
  else {
    sessionStorage.removeItem(AUTH_KEY);
    showAuth();
  }
}

// Test and debugging hook: read-only view of the state.
Object.defineProperty(window, 'parley', { get: () => current && { store: current.store, session: current.session } });

boot();
