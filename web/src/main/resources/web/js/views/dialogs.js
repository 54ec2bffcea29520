// Modal dialogs: new chat, new group, join with a code, group info.
import { avatar, h, icon, toast } from '../dom.js';
import { describeError } from '../errors.js';

/** A modal <dialog>; returns {dialog, close, error(text)}. */
function modal(id, title, ...content) {
  document.getElementById(id)?.remove();
  const errorBox = h('p', { class: 'form-error', role: 'alert', hidden: true });
  const closeBtn = h('button', { class: 'icon-btn', type: 'button', 'aria-label': 'Close', title: 'Close' }, icon('close'));
  const dialog = h(
    'dialog',
    { class: 'modal', id, 'aria-labelledby': id + '-title' },
    h('header', { class: 'modal-header' }, h('h2', { id: id + '-title' }, title), closeBtn),
    h('div', { class: 'modal-body' }, ...content, errorBox),
  );
  const close = () => {
    dialog.close();
    dialog.remove();
  };
  closeBtn.addEventListener('click', close);
  dialog.addEventListener('cancel', (e) => {
    e.preventDefault();
    close();
  });
  dialog.addEventListener('click', (e) => {
    if (e.target === dialog) close(); // a click on the backdrop
  });
  document.body.appendChild(dialog);
  dialog.showModal();
  return {
    dialog,
    close,
    error(text) {
      errorBox.hidden = !text;
      errorBox.textContent = text || '';
    },
  };
}

function busy(button, on) {
  button.disabled = on;
  button.classList.toggle('busy', on);
}

const usernameInput = (id, placeholder = 'username') =>
  h('input', { id, name: 'username', placeholder, autocomplete: 'off', autocapitalize: 'none', spellcheck: 'false', maxlength: 64 });

export function newChatDialog({ session, onOpen }) {
  const input = usernameInput('new-chat-username', 'Their username');
  const submit = h('button', { class: 'btn btn-primary', type: 'submit', id: 'new-chat-submit' }, 'Start chat');
  const form = h('form', { class: 'stack' }, h('label', { class: 'field' }, h('span', null, 'Username'), input), h('div', { class: 'modal-actions' }, submit));
  const m = modal('dlg-new-chat', 'New chat', h('p', { class: 'muted' }, 'Find someone by their username.'), form);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const name = input.value.trim();
    if (!name) return m.error('Type a username.');
    m.error(null);
    busy(submit, true);
    try {
      const conv = await session.startDirect(name);
      m.close();
      onOpen(conv.id);
    } catch (err) {
      m.error(err.code === 'SELF' ? err.message : describeError(err));
      busy(submit, false);
      input.focus();
    }
  });
  input.focus();
}

export function joinGroupDialog({ session, onOpen }) {
  const input = h('input', { id: 'join-code', name: 'code', placeholder: 'Invite code', autocomplete: 'off', autocapitalize: 'none', spellcheck: 'false', maxlength: 128 });
  const submit = h('button', { class: 'btn btn-primary', type: 'submit', id: 'join-submit' }, 'Join group');
  const form = h('form', { class: 'stack' }, h('label', { class: 'field' }, h('span', null, 'Invite code'), input), h('div', { class: 'modal-actions' }, submit));
  const m = modal('dlg-join', 'Join a group', h('p', { class: 'muted' }, 'Paste the invite code a group admin gave you.'), form);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const code = input.value.trim();
    if (!code) return m.error('Paste an invite code.');
    m.error(null);
    busy(submit, true);
    try {
      const conv = await session.joinByCode(code);
      m.close();
      onOpen(conv.id);
    } catch (err) {
      m.error(describeError(err));
      busy(submit, false);
    }
  });
  input.focus();
}

/** A username field with chips: resolves each name as it is added. */
function memberPicker(session, store, errorSink, id) {
  const chosen = new Map(); // user id -> user
  const chips = h('ul', { class: 'chips', id: id + '-chips' });
  const input = usernameInput(id, 'Add by username');
  const addBtn = h('button', { class: 'btn', type: 'button', id: id + '-add' }, 'Add');
  const renderChips = () => {
    chips.replaceChildren(
      ...[...chosen.values()].map((u) =>
        h(
          'li',
          { class: 'chip', dataset: { userId: u.user_id } },
          avatar(u.username, u.user_id, { size: 22 }),
          h('span', null, u.username),
          h('button', { type: 'button', class: 'chip-x', 'aria-label': `Remove ${u.username}`, onclick: () => { chosen.delete(u.user_id); renderChips(); } }, icon('close')),
        ),
      ),
    );
  };
  const add = async () => {
    const names = input.value.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean);
    if (!names.length) return true;
    errorSink(null);
    busy(addBtn, true);
    try {
      const users = await session.resolveUsernames(names);
      for (const u of users) if (u.user_id !== store.meId) chosen.set(u.user_id, u);
      input.value = '';
      renderChips();
      return true;
    } catch (err) {
      errorSink(err.code === 'USER_NOT_FOUND' ? `No one has the username “${err.username}”.` : describeError(err));
      return false;
    } finally {
      busy(addBtn, false);
      input.focus();
    }
  };
  addBtn.addEventListener('click', add);
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === ',') {
      e.preventDefault();
      add();
    }
  });
  const node = h('div', { class: 'picker' }, h('div', { class: 'picker-row' }, input, addBtn), chips);
  return { node, chosen, add, input, reset: () => { chosen.clear(); renderChips(); } };
}

export function newGroupDialog({ session, store, onOpen }) {
  const name = h('input', { id: 'group-name', name: 'name', placeholder: 'e.g. Weekend trip', maxlength: 100, autocomplete: 'off' });
  const submit = h('button', { class: 'btn btn-primary', type: 'submit', id: 'group-create' }, 'Create group');
  let m;
  const picker = memberPicker(session, store, (t) => m.error(t), 'group-member');
  const form = h(
    'form',
    { class: 'stack' },
    h('label', { class: 'field' }, h('span', null, 'Group name'), name),
    h('div', { class: 'field' }, h('span', null, 'Members'), picker.node),
    h('div', { class: 'modal-actions' }, submit),
  );
  m = modal('dlg-new-group', 'New group', form);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (document.activeElement === picker.input && picker.input.value.trim()) return; // Enter adds
    if (!name.value.trim()) {
      m.error('Give the group a name.');
      name.focus();
      return;
    }
    if (!(await picker.add())) return;
    m.error(null);
    busy(submit, true);
    try {
      const conv = await session.createGroup(name.value.trim(), [...picker.chosen.keys()]);
      m.close();
      onOpen(conv.id);
    } catch (err) {
      m.error(describeError(err));
      busy(submit, false);
    }
  });
  name.focus();
}

export function groupInfoDialog({ session, store, conv, onLeft }) {
  const body = h('div', { class: 'group-info' });
  let m;
  let inviteCode = null;
  let confirmLeave = false;
  // Built once, so that a re-render (a member joined meanwhile) keeps what is being typed.
  const addInput = usernameInput('add-member', 'Username');
  const addBtn = h('button', { class: 'btn btn-primary', type: 'submit', id: 'add-member-submit' }, icon('userPlus'), 'Add');
  const addForm = h('form', { class: 'picker-row' }, addInput, addBtn);
  addForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    const names = addInput.value.split(/[\s,]+/).map((x) => x.trim()).filter(Boolean);
    if (!names.length) return m.error('Type the username of someone to add.');
    busy(addBtn, true);
    try {
      const users = await session.resolveUsernames(names);
      await session.addMembers(conv, users.map((u) => u.user_id));
      addInput.value = '';
      m.error(null);
      toast(`Added ${users.map((u) => u.username).join(', ')}`);
    } catch (err) {
      m.error(err.code === 'USER_NOT_FOUND' && err.username ? `No one has the username “${err.username}”.` : describeError(err));
    } finally {
      busy(addBtn, false);
      addInput.focus();
    }
  });

  const render = () => {
    const group = conv.group;
    const admin = session.myRole(conv) === 'admin';
    const sections = [];
    sections.push(
      h(
        'div',
        { class: 'group-hero' },
        avatar(conv.name, conv.id, { size: 64, group: true }),
        h('div', null, h('h3', { id: 'group-info-name', dir: 'auto' }, conv.name || 'Group'), h('p', { class: 'muted' }, group ? `${group.member_ids.length} members` : conv.left ? 'You left this group' : 'Loading…')),
      ),
    );
    if (admin) {
      const rename = h('input', { id: 'rename-input', value: conv.name || '', maxlength: 100, 'aria-label': 'Group name' });
      const save = h('button', { class: 'btn', type: 'submit' }, 'Rename');
      const form = h('form', { class: 'picker-row' }, rename, save);
      form.addEventListener('submit', async (e) => {
        e.preventDefault();
        busy(save, true);
        try {
          await session.renameGroup(conv, rename.value.trim());
          m.error(null);
        } catch (err) {
          m.error(describeError(err));
        } finally {
          busy(save, false);
        }
      });
      sections.push(h('section', { class: 'info-section' }, h('h4', null, 'Name'), form));
    }
    if (group) {
      const members = [...group.members].sort((a, b) => (a.role === b.role ? a.joined_at - b.joined_at : a.role === 'admin' ? -1 : 1));
      sections.push(
        h(
          'section',
          { class: 'info-section' },
          h('h4', null, 'Members'),
          h(
            'ul',
            { class: 'member-list', id: 'member-list' },
            ...members.map((mem) => {
              const name = store.nameOf(mem.user_id) || '…';
              const me = mem.user_id === store.meId;
              const actions = [];
              if (admin && !me) {
                actions.push(
                  h('button', { class: 'link-btn', type: 'button', onclick: () => act(() => session.setRole(conv, mem.user_id, mem.role === 'admin' ? 'member' : 'admin')) }, mem.role === 'admin' ? 'Remove admin' : 'Make admin'),
                  h('button', { class: 'link-btn danger', type: 'button', onclick: () => act(() => session.removeMember(conv, mem.user_id)) }, 'Remove'),
                );
              }
              return h(
                'li',
                { class: 'member', dataset: { userId: mem.user_id } },
                avatar(name, mem.user_id, { size: 32, online: !!store.users.get(mem.user_id)?.online }),
                h('span', { class: 'member-name' }, name, me ? h('span', { class: 'muted' }, ' (you)') : null),
                mem.role === 'admin' ? h('span', { class: 'role-badge' }, 'admin') : null,
                h('span', { class: 'member-actions' }, ...actions),
              );
            }),
          ),
        ),
      );
    }
    if (admin) {
      sections.push(h('section', { class: 'info-section' }, h('h4', null, 'Add members'), addForm));

      const inviteBox = [];
      if (inviteCode) {
        const codeInput = h('input', { id: 'invite-code', readonly: true, value: inviteCode, 'aria-label': 'Invite code' });
        const copy = h('button', { class: 'btn', type: 'button', id: 'copy-invite' }, icon('copy'), 'Copy');
        copy.addEventListener('click', async () => {
          codeInput.select();
          try {
            await navigator.clipboard.writeText(inviteCode);
            toast('Invite code copied');
          } catch {
            document.execCommand?.('copy');
            toast('Invite code selected: copy it with Ctrl+C');
          }
        });
        inviteBox.push(h('div', { class: 'picker-row' }, codeInput, copy), h('p', { class: 'muted small' }, 'Anyone with this code can join with “Join a group”.'));
      }
      const create = h('button', { class: 'btn', type: 'button', id: 'create-invite' }, icon('link'), inviteCode ? 'New code' : 'Create invite code');
      create.addEventListener('click', async () => {
        busy(create, true);
        try {
          inviteCode = (await session.createInvite(conv)).code;
          m.error(null);
          render();
        } catch (err) {
          m.error(describeError(err));
          busy(create, false);
        }
      });
      sections.push(h('section', { class: 'info-section' }, h('h4', null, 'Invite'), ...inviteBox, create));
    }
    if (!conv.left) {
      const leave = h('button', { class: 'btn btn-danger', type: 'button', id: 'leave-group' }, icon('logout'), confirmLeave ? 'Really leave?' : 'Leave group');
      leave.addEventListener('click', async () => {
        if (!confirmLeave) {
          confirmLeave = true;
          render();
          return;
        }
        busy(leave, true);
        try {
          await session.leaveGroup(conv);
          m.close();
          onLeft?.(conv);
        } catch (err) {
          m.error(describeError(err));
          busy(leave, false);
        }
      });
      sections.push(h('section', { class: 'info-section' }, leave));
    }
    const keepFocus = document.activeElement === addInput;
    body.replaceChildren(...sections);
    if (keepFocus) addInput.focus();
  };

  const act = async (fn) => {
    try {
      await fn();
      m.error(null);
    } catch (err) {
      m.error(describeError(err));
    }
  };

  m = modal('dlg-group-info', 'Group info', body);
  let shownGroup = conv.group;
  let shownLeft = conv.left;
  const onChange = (e) => {
    if (!m.dialog.isConnected) {
      store.removeEventListener('conversation', onChange);
      store.removeEventListener('users', onChange);
      return;
    }
    if (e.type === 'conversation' && (e.detail?.id !== conv.id || (conv.group === shownGroup && conv.left === shownLeft))) return;
    shownGroup = conv.group;
    shownLeft = conv.left;
    render();
  };
  store.addEventListener('conversation', onChange);
  store.addEventListener('users', onChange);
  render();
  session.loadGroup(conv);
}
