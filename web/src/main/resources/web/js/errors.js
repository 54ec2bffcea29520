// Human wording for every error code of docs/API.md. The server's own `message` is a fallback for
// codes this client does not know yet (it is written for developers, not for people).

const MESSAGES = {
  INVALID_JSON: 'The app sent a request the server could not read. Please reload the page.',
  UNKNOWN_FIELD: 'The app sent a field the server does not know. Please reload the page.',
  MISSING_FIELD: 'Something required is missing. Please fill in every field.',
  INVALID_FIELD: 'One of the values is not valid.',
  INVALID_ID: 'That link or id is not valid.',
  INVALID_CURSOR: 'Could not load more messages (bad position). Please reload the page.',
  UNKNOWN_FRAME_TYPE: 'The server did not understand the app. Please reload the page.',
  BODY_TOO_LARGE: 'That is too large to send.',
  FRAME_TOO_LARGE: 'That message is too large to send.',
  INVALID_USERNAME:
    'Usernames are 3–32 characters: letters, digits, “_”, “.” or “-”, starting with a letter or digit.',
  INVALID_PASSWORD: 'Passwords are 8 to 128 characters long.',
  INVALID_PHONE: 'Phone numbers are written in international form, like +14155550123.',
  USERNAME_TAKEN: 'That username is taken. Please choose another one.',
  INVALID_CREDENTIALS: 'Wrong username or password.',
  UNAUTHORIZED: 'You are signed out. Please sign in again.',
  TOKEN_EXPIRED: 'Your session has expired. Please sign in again.',
  FORBIDDEN: 'You are not allowed to do that.',
  USER_NOT_FOUND: 'No one has that username.',
  NOT_FOUND: 'That could not be found. It may have been removed.',
  METHOD_NOT_ALLOWED: 'The server does not allow that request. Please reload the page.',
  INVALID_RECIPIENT: 'You cannot send a message to yourself.',
  CONTENT_EMPTY: 'Type a message first.',
  CONTENT_TOO_LARGE: 'That message is too long (the limit is 64 KB).',
  NOT_MEMBER: 'You are not a member of this group.',
  NOT_ADMIN: 'Only group admins can do that.',
  GROUP_FULL: 'The group is full.',
  INVALID_GROUP_NAME: 'Group names are 1 to 100 characters and cannot be blank.',
  LAST_ADMIN: 'A group needs at least one admin: make someone else an admin first.',
  INVITE_NOT_FOUND: 'That invite code does not exist or was revoked.',
  RATE_LIMITED: 'Too many requests. Please wait a moment and try again.',
  UNAVAILABLE: 'The server is busy or restarting. Please try again in a moment.',
  INTERNAL: 'Something went wrong on the server. Please try again.',
  NETWORK: 'Cannot reach the server. Check your connection and try again.',
};

/** An error answered by the server (or a network failure, code NETWORK). */
export class ApiError extends Error {
  constructor(status, code, serverMessage, retryAfterMs) {
    super(serverMessage || code);
    this.status = status;
    this.code = code;
    this.serverMessage = serverMessage;
    this.retryAfterMs = retryAfterMs;
  }
}

/** The sentence to show a person for an error (an ApiError, an error object of a frame, anything). */
export function describeError(error) {
  if (!error) return MESSAGES.INTERNAL;
  const code = error.code;
  let text = (code && MESSAGES[code]) || error.serverMessage || error.message || MESSAGES.INTERNAL;
  const retry = error.retryAfterMs ?? error.retry_after_ms;
  if (code === 'RATE_LIMITED' && retry) {
    text = `Too many requests. Please try again in ${Math.max(1, Math.ceil(retry / 1000))} s.`;
  }
  return text;
}

export const KNOWN_ERROR_CODES = Object.keys(MESSAGES);
