// The HTTP half of docs/API.md. Every failure becomes an ApiError with the contract's stable code.
import { ApiError } from './errors.js';

let token = null;
let onAuthLost = () => {};

export function setToken(value) {
  token = value;
}

/** Called when an authenticated call answers UNAUTHORIZED or TOKEN_EXPIRED. */
export function setAuthLostHandler(fn) {
  onAuthLost = fn;
}

async function request(method, path, body, { auth = true } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (auth && token) headers.Authorization = `Bearer ${token}`;
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
      credentials: 'omit',
    });
  } catch (e) {
    throw new ApiError(0, 'NETWORK', e?.message || 'network error');
  }
  const text = await response.text().catch(() => '');
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!response.ok) {
    const error = data && typeof data === 'object' ? data.error : null;
    const header = Number(response.headers.get('Retry-After'));
    const retryAfterMs = error?.retry_after_ms ?? (header > 0 ? header * 1000 : undefined);
    const code = error?.code || (response.status >= 500 ? 'UNAVAILABLE' : `HTTP_${response.status}`);
    const failure = new ApiError(response.status, code, error?.message || response.statusText, retryAfterMs);
    if (auth && (code === 'UNAUTHORIZED' || code === 'TOKEN_EXPIRED')) onAuthLost(failure);
    throw failure;
  }
  return data;
}

const q = (params) => {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v != null && v !== '') search.set(k, String(v));
  const s = search.toString();
  return s ? `?${s}` : '';
};
const seg = encodeURIComponent;

export const api = {
  register: (username, password) =>
    request('POST', '/auth/register', { username, password }, { auth: false }),
  login: (username, password) => request('POST', '/auth/login', { username, password }, { auth: false }),

  me: () => request('GET', '/users/me'),
  user: (userId) => request('GET', `/users/${seg(userId)}`),
  userByName: (username) => request('GET', `/users${q({ username })}`),

  conversations: () => request('GET', '/conversations'),
  history: (conversationId, { before, limit } = {}) =>
    request('GET', `/conversations/${seg(conversationId)}/messages${q({ before, limit })}`),
  send: (body) => request('POST', '/messages/send', body),

  createGroup: (name, memberIds) => request('POST', '/groups/create', { name, member_ids: memberIds }),
  groups: () => request('GET', '/groups'),
  group: (groupId) => request('GET', `/groups/${seg(groupId)}`),
  renameGroup: (groupId, name) => request('PATCH', `/groups/${seg(groupId)}`, { name }),
  addMembers: (groupId, userIds) =>
    request('POST', `/groups/${seg(groupId)}/members`, { user_ids: userIds }),
  removeMember: (groupId, userId) =>
    request('DELETE', `/groups/${seg(groupId)}/members/${seg(userId)}`),
  setRole: (groupId, userId, role) =>
    request('PUT', `/groups/${seg(groupId)}/members/${seg(userId)}/role`, { role }),
  leaveGroup: (groupId) => request('POST', `/groups/${seg(groupId)}/leave`),
  createInvite: (groupId) => request('POST', `/groups/${seg(groupId)}/invites`),
  invites: (groupId) => request('GET', `/groups/${seg(groupId)}/invites`),
  revokeInvite: (code) => request('DELETE', `/invites/${seg(code)}`),
  joinInvite: (code) => request('POST', `/invites/${seg(code)}/join`),
  receipts: (messageId) => request('GET', `/messages/${seg(messageId)}/receipts`),
};
