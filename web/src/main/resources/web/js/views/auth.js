// The sign-in / create-account screen.
import { api } from '../api.js';
import { h, icon } from '../dom.js';
import { describeError } from '../errors.js';

export function logo(size = 40) {
  return h('span', { class: 'logo', style: { '--size': size + 'px' }, 'aria-hidden': 'true' }, icon('chat', 'icon logo-icon'));
}

/**
 * Renders the auth screen into `root`.
 * @param onSignedIn called with {token, user_id, expires_at, username}
 * @param notice an optional sentence shown above the form (e.g. "your session expired")
 */
export function renderAuth(root, { onSignedIn, notice }) {
  let mode = 'login';
  const error = h('p', { class: 'form-error', role: 'alert', id: 'auth-error', hidden: true });
  const info = h('p', { class: 'form-info', id: 'auth-notice', hidden: !notice }, notice || '');
  const username = h('input', {
    id: 'auth-username',
    name: 'username',
    autocomplete: 'username',
    autocapitalize: 'none',
    spellcheck: 'false',
    required: true,
    maxlength: 64,
  });
  const password = h('input', {
    id: 'auth-password',
    name: 'password',
    type: 'password',
    autocomplete: 'current-password',
    required: true,
    maxlength: 256,
  });
  const usernameHint = h('small', { class: 'hint', hidden: true }, '3–32 letters, digits, “_”, “.” or “-”');
  const passwordHint = h('small', { class: 'hint', hidden: true }, 'At least 8 characters');
  const submit = h('button', { class: 'btn btn-primary btn-block', type: 'submit', id: 'auth-submit' }, 'Sign in');
  const tabLogin = h('button', { type: 'button', class: 'tab', role: 'tab', id: 'tab-login' }, 'Sign in');
  const tabRegister = h('button', { type: 'button', class: 'tab', role: 'tab', id: 'tab-register' }, 'Create account');

  const setMode = (next) => {
    mode = next;
    const login = mode === 'login';
    tabLogin.setAttribute('aria-selected', String(login));
    tabRegister.setAttribute('aria-selected', String(!login));
    submit.textContent = login ? 'Sign in' : 'Create account';
    password.autocomplete = login ? 'current-password' : 'new-password';
    usernameHint.hidden = login;
    passwordHint.hidden = login;
    showError(null);
  };
  const showError = (text) => {
    error.hidden = !text;
    error.textContent = text || '';
  };

  const form = h(
    'form',
    { class: 'auth-form', id: 'auth-form', novalidate: true },
    h('div', { class: 'tabs', role: 'tablist' }, tabLogin, tabRegister),
    info,
    h('label', { class: 'field' }, h('span', null, 'Username'), username, usernameHint),
    h('label', { class: 'field' }, h('span', null, 'Password'), password, passwordHint),
    error,
    submit,
  );
  tabLogin.addEventListener('click', () => setMode('login'));
  tabRegister.addEventListener('click', () => setMode('register'));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const name = username.value.trim();
    const pass = password.value;
    if (!name || !pass) {
      showError('Enter a username and a password.');
      return;
    }
    showError(null);
    info.hidden = true;
    submit.disabled = true;
    submit.classList.add('busy');
    try {
      if (mode === 'register') await api.register(name, pass);
      const session = await api.login(name, pass);
      onSignedIn({ ...session, username: name });
    } catch (e) {
      showError(describeError(e));
      submit.disabled = false;
      submit.classList.remove('busy');
      (e.code === 'INVALID_PASSWORD' ? password : username).focus();
    }
  });

  root.replaceChildren(
    h(
      'main',
      { class: 'auth', id: 'auth' },
      h(
        'div',
        { class: 'auth-card' },
        h('div', { class: 'auth-brand' }, logo(48), h('h1', null, 'Parley'), h('p', { class: 'muted' }, 'Chat on a server of your own.')),
        form,
      ),
    ),
  );
  setMode('login');
  username.focus();
}
