// Pure helpers: ids, times, wording. No DOM here.

/** Compares two decimal id strings as numbers (ids are 64-bit: too large for JS numbers). */
export function compareIds(a, b) {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The conversation id of the 1:1 chat between two users: d-<lower>-<higher>. */
export function directConversationId(a, b) {
  return compareIds(a, b) < 0 ? `d-${a}-${b}` : `d-${b}-${a}`;
}

/** Parses a conversation id: {type:'direct', userIds:[a,b]} or {type:'group', groupId}. */
export function parseConversationId(id) {
  let m = /^d-(\d{1,19})-(\d{1,19})$/.exec(id || '');
  if (m) return { type: 'direct', userIds: [m[1], m[2]] };
  m = /^g-(\d{1,19})$/.exec(id || '');
  if (m) return { type: 'group', groupId: m[1] };
  return null;
}

/** A random client_msg_id: 1–64 characters of A-Z a-z 0-9 _ . : - */
export function newClientMsgId() {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return 'w-' + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

const STATUS_RANK = { failed: -1, pending: 0, sent: 1, delivered: 2, read: 3 };

export function statusRank(status) {
  return STATUS_RANK[status] ?? 0;
}

/** The further of two statuses (status only moves forward). */
export function maxStatus(a, b) {
  return statusRank(b) > statusRank(a) ? b : a;
}

const sameDay = (a, b) =>
  a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();

export function isSameDay(ms1, ms2) {
  return sameDay(new Date(ms1), new Date(ms2));
}

export function clock(ms) {
  return new Date(ms).toLocaleTimeString(undefined, { hour: 'numeric', minute: '2-digit' });
}

/** A compact time for the conversation list: 14:05, Tue, 3 Mar. */
export function listTime(ms, now = Date.now()) {
  if (!ms) return '';
  const d = new Date(ms);
  const today = new Date(now);
  if (sameDay(d, today)) return clock(ms);
  const days = (now - ms) / 86_400_000;
  if (days < 6) return d.toLocaleDateString(undefined, { weekday: 'short' });
  if (d.getFullYear() === today.getFullYear()) {
    return d.toLocaleDateString(undefined, { day: 'numeric', month: 'short' });
  }
  return d.toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
}

/** The label of a day divider in a chat: Today, Yesterday, Monday 3 March. */
export function dayLabel(ms, now = Date.now()) {
  const d = new Date(ms);
  const today = new Date(now);
  if (sameDay(d, today)) return 'Today';
  const yesterday = new Date(now - 86_400_000);
  if (sameDay(d, yesterday)) return 'Yesterday';
  const opts = { weekday: 'long', day: 'numeric', month: 'long' };
  if (d.getFullYear() !== today.getFullYear()) opts.year = 'numeric';
  return d.toLocaleDateString(undefined, opts);
}

/** "online", "last seen 5 min ago", "last seen yesterday at 14:05"... */
export function presenceText(user, now = Date.now()) {
  if (!user) return '';
  if (user.online) return 'online';
  const ms = user.last_seen;
  if (!ms) return 'offline';
  const ago = Math.max(0, now - ms);
  if (ago < 60_000) return 'last seen just now';
  if (ago < 3_600_000) return `last seen ${Math.floor(ago / 60_000)} min ago`;
  if (isSameDay(ms, now)) return `last seen today at ${clock(ms)}`;
  if (isSameDay(ms, now - 86_400_000)) return `last seen yesterday at ${clock(ms)}`;
  return `last seen ${new Date(ms).toLocaleDateString(undefined, { day: 'numeric', month: 'short' })}`;
}

function joinNames(names) {
  if (names.length <= 1) return names.join('');
  return names.slice(0, -1).join(', ') + ' and ' + names[names.length - 1];
}

/**
 * The sentence of a group system message.
 * @param event the message's `event` ({type, actor_id, user_ids, name?})
 * @param nameOf user id -> display name
 * @param meId the signed-in user, who is "you"
 */
export function systemText(event, nameOf, meId) {
  const who = (id, capital) => (id === meId ? (capital ? 'You' : 'you') : nameOf(id));
  const actor = who(event.actor_id, true);
  const users = (event.user_ids || []).map((id) => who(id, false));
  // "You" starts a sentence with a capital; usernames are shown as they are.
  const capitalUsers = () => {
    const list = joinNames(users);
    return list.startsWith('you') ? 'Y' + list.slice(1) : list;
  };
  switch (event.type) {
    case 'created': {
      const others = users.filter((u) => u !== 'you');
      const withYou = users.includes('you');
      const list = withYou ? ['you', ...others] : others;
      return `${actor} created the group “${event.name ?? ''}”` + (list.length ? ` with ${joinNames(list)}` : '');
    }
    case 'added':
      return `${actor} added ${joinNames(users)}`;
    case 'removed':
      return `${actor} removed ${joinNames(users)}`;
    case 'joined':
      return `${capitalUsers()} joined with an invite code`;
    case 'left':
      return `${capitalUsers()} left`;
    case 'renamed':
      return `${actor} renamed the group to “${event.name ?? ''}”`;
    case 'promoted':
      return `${actor} made ${joinNames(users)} ${users.length > 1 ? 'admins' : 'an admin'}`;
    case 'demoted':
      return `${actor} removed ${joinNames(users)} as ${users.length > 1 ? 'admins' : 'admin'}`;
    default:
      return 'The group changed';
  }
}

/** The user ids a system event names (to fetch their names). */
export function eventUserIds(event) {
  return [event.actor_id, ...(event.user_ids || [])].filter(Boolean);
}
