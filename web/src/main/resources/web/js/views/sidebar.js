// The left pane: who I am, actions, and the conversation list.
import { avatar, coalesce, h, icon } from '../dom.js';
import { listTime, systemText } from '../format.js';

function ticks(status) {
  if (status === 'pending') return h('span', { class: 'ticks pending', title: 'Waiting to send' }, icon('clock', 'icon tick'));
  if (status === 'failed') return h('span', { class: 'ticks failed', title: 'Not sent' }, icon('alert', 'icon tick'));
  if (status === 'read') return h('span', { class: 'ticks read', title: 'Read' }, icon('checks', 'icon tick'));
  if (status === 'delivered') return h('span', { class: 'ticks delivered', title: 'Delivered' }, icon('checks', 'icon tick'));
  return h('span', { class: 'ticks sent', title: 'Sent' }, icon('check', 'icon tick'));
}
export { ticks };

/** The one-line preview of a message (system events worded, own messages with ticks). */
export function previewOf(store, conv) {
  const m = conv.lastMessage;
  if (!m) return { text: conv.type === 'group' ? 'No messages yet' : 'Say hello 👋', own: false, muted: true };
  const nameOf = (id) => store.nameOf(id) || 'someone';
  if (m.event) return { text: systemText(m.event, nameOf, store.meId), own: false, muted: true };
  const own = m.sender_id === store.meId;
  let prefix = '';
  if (!own && conv.type === 'group') prefix = `${nameOf(m.sender_id)}: `;
  return { text: prefix + m.content.replace(/\s+/g, ' '), own, status: m.status };
}

export function renderSidebar(host, { store, session, onOpen, actions }) {
  const meName = h('span', { class: 'me-name', id: 'me-name' });
  const meAvatar = h('span', { class: 'me-avatar' });
  const search = h('input', {
    type: 'search',
    class: 'search-input',
    id: 'search',
    placeholder: 'Search chats',
    'aria-label': 'Search chats',
    autocomplete: 'off',
  });
  const list = h('ul', { class: 'conv-list', id: 'conversations', role: 'list', 'aria-label': 'Conversations' });
  const empty = h(
    'div',
    { class: 'list-empty', hidden: true },
    h('p', { class: 'list-empty-title' }, 'No conversations yet'),
    h('p', { class: 'muted' }, 'Start a chat with someone by their username, or create a group.'),
    h('button', { class: 'btn btn-primary', type: 'button', onclick: actions.newChat }, 'Start a chat'),
  );
  const iconButton = (id, name, label, onclick) =>
    h('button', { class: 'icon-btn', type: 'button', id, title: label, 'aria-label': label, onclick }, icon(name));

  host.replaceChildren(
    h(
      'header',
      { class: 'sidebar-header' },
      h('div', { class: 'me' }, meAvatar, h('div', { class: 'me-text' }, meName, h('span', { class: 'me-status', id: 'me-status' }))),
      h(
        'div',
        { class: 'header-actions' },
        iconButton('btn-new-chat', 'plusChat', 'New chat', actions.newChat),
        iconButton('btn-new-group', 'group', 'New group', actions.newGroup),
        iconButton('btn-join-group', 'link', 'Join a group with a code', actions.joinGroup),
        iconButton('btn-logout', 'logout', 'Log out', actions.logout),
      ),
    ),
    h('div', { class: 'search' }, icon('search', 'icon search-icon'), search),
    h('div', { class: 'list-scroll' }, list, empty),
  );

  const items = new Map(); // conversation id -> li

  const item = (conv) => {
    let li = items.get(conv.id);
    if (!li) {
      li = h('li', { class: 'conv', tabindex: '0', role: 'button', dataset: { id: conv.id } });
      li.addEventListener('click', () => onOpen(conv.id));
      li.addEventListener('keydown', (e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          onOpen(conv.id);
        }
      });
      items.set(conv.id, li);
    }
    const title = store.titleOf(conv);
    const peer = conv.type === 'direct' ? store.users.get(conv.peerId) : null;
    const typingIds = store.typingUsers(conv.id);
    const preview = previewOf(store, conv);
    let previewNode;
    if (typingIds.length) {
      const who = conv.type === 'group' ? `${store.nameOf(typingIds[0]) || 'someone'} is typing…` : 'typing…';
      previewNode = h('span', { class: 'conv-preview typing' }, who);
    } else {
      previewNode = h(
        'span',
        { class: 'conv-preview' + (preview.muted ? ' muted' : '') },
        preview.own ? ticks(preview.status) : null,
        preview.own ? h('span', { class: 'you' }, 'You: ') : null,
        h('span', { class: 'preview-text', dir: 'auto' }, preview.text),
      );
    }
    const active = store.openId === conv.id;
    li.className = 'conv' + (active ? ' active' : '') + (conv.unread > 0 ? ' has-unread' : '');
    if (active) li.setAttribute('aria-current', 'true');
    else li.removeAttribute('aria-current');
    li.replaceChildren(
      avatar(title, conv.type === 'group' ? conv.id : conv.peerId, { online: !!peer?.online, group: conv.type === 'group' }),
      h(
        'div',
        { class: 'conv-main' },
        h('div', { class: 'conv-top' }, h('span', { class: 'conv-name', dir: 'auto' }, title), h('span', { class: 'conv-time' }, listTime(conv.lastActivity))),
        h(
          'div',
          { class: 'conv-bottom' },
          previewNode,
          conv.unread > 0 ? h('span', { class: 'badge unread', 'aria-label': `${conv.unread} unread` }, conv.unread > 999 ? '999+' : String(conv.unread)) : null,
        ),
      ),
    );
    return li;
  };

  const render = () => {
    const me = store.me;
    if (me) {
      meName.textContent = me.username;
      meAvatar.replaceChildren(avatar(me.username, me.user_id, { size: 36 }));
    }
    const status = document.getElementById('me-status');
    if (status) {
      const s = store.connection.state;
      status.textContent = s === 'open' ? 'Online' : s === 'offline' ? 'Offline' : 'Connecting…';
      status.className = 'me-status ' + (s === 'open' ? 'ok' : 'warn');
    }
    const filter = search.value.trim().toLowerCase();
    const convs = store.sortedConversations().filter((c) => !filter || store.titleOf(c).toLowerCase().includes(filter));
    const nodes = convs.map(item);
    const wanted = new Set(convs.map((c) => c.id));
    for (const [id, li] of items) if (!wanted.has(id)) { li.remove(); if (!store.conversations.has(id)) items.delete(id); }
    nodes.forEach((li, i) => {
      if (list.children[i] !== li) list.insertBefore(li, list.children[i] || null);
    });
    empty.hidden = store.conversations.size > 0;
  };
  const schedule = coalesce(render);
  for (const type of ['list', 'users', 'typing', 'connection']) store.addEventListener(type, schedule);
  search.addEventListener('input', schedule);
  // Relative times ("Tue", "14:05") age: refresh once a minute.
  const timer = setInterval(schedule, 60_000);
  render();
  return { render: schedule, destroy: () => clearInterval(timer) };
}
