// Building DOM without HTML strings: every piece of text goes in as a text node, so user data is
// never parsed as markup.

/**
 * h('div', {class: 'x', dataset: {id: '1'}, onclick: fn, 'aria-label': 'y'}, child, 'text', ...)
 * Children: nodes, strings (as text), arrays, null/false (skipped).
 */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  if (props) {
    for (const [key, value] of Object.entries(props)) {
      if (value == null || value === false) continue;
      if (key === 'class') el.className = value;
      else if (key === 'dataset') Object.assign(el.dataset, value);
      else if (key === 'style') {
        for (const [name, v] of Object.entries(value)) {
          if (name.startsWith('--')) el.style.setProperty(name, v);
          else el.style[name] = v;
        }
      }
      else if (key.startsWith('on') && typeof value === 'function') {
        el.addEventListener(key.slice(2), value);
      } else if (key === 'value' || key === 'checked' || key === 'disabled' || key === 'hidden') {
        el[key] = value;
      } else el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child == null || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else if (child instanceof Node) el.appendChild(child);
    else el.appendChild(document.createTextNode(String(child)));
  }
}

const SVG_NS = 'http://www.w3.org/2000/svg';

// Icon paths (24x24, stroked), drawn for this app.
const ICONS = {
  send: ['M4 12l16-8-6 16-2.5-6.5z', 'M11.5 13.5L20 4'],
  back: ['M15 5l-7 7 7 7'],
  plusChat: ['M4 5h16v11H9l-5 4z', 'M12 8v5', 'M9.5 10.5h5'],
  group: [
    'M9 11a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7z',
    'M2.5 20c.6-3.5 3.2-5.5 6.5-5.5s5.9 2 6.5 5.5',
    'M16 4.5a3.2 3.2 0 0 1 0 6.2',
    'M18 14.8c2 .7 3.2 2.4 3.5 5.2',
  ],
  link: ['M10 14a4 4 0 0 0 5.7 0l3.1-3.1a4 4 0 0 0-5.7-5.7l-1.2 1.2', 'M14 10a4 4 0 0 0-5.7 0l-3.1 3.1a4 4 0 0 0 5.7 5.7l1.2-1.2'],
  logout: ['M15 4h4v16h-4', 'M10 8l-4 4 4 4', 'M6 12h10'],
  info: ['M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18z', 'M12 11v5', 'M12 8h.01'],
  search: ['M11 18a7 7 0 1 0 0-14 7 7 0 0 0 0 14z', 'M20 20l-4-4'],
  close: ['M6 6l12 12', 'M18 6L6 18'],
  check: ['M5 12.5l4.5 4.5L19 7.5'],
  checks: ['M2.5 12.5l4.5 4.5L16.5 7.5', 'M11.5 16l1 1L22 7.5'],
  clock: ['M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18z', 'M12 7v5l3 2'],
  alert: ['M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18z', 'M12 7.5v5.5', 'M12 16.5h.01'],
  copy: ['M9 9h11v11H9z', 'M5 15H4V4h11v1'],
  wifiOff: ['M3 3l18 18', 'M8.5 16.5a5 5 0 0 1 7 0', 'M5 12.5a10 10 0 0 1 4.5-2.4', 'M12 19.5h.01', 'M14.5 10.3A10 10 0 0 1 19 12.5', 'M2 8.8a15 15 0 0 1 4.3-2.6', 'M10.5 5.1A15 15 0 0 1 22 8.8'],
  userPlus: ['M9 11a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7z', 'M2.5 20c.6-3.5 3.2-5.5 6.5-5.5s5.9 2 6.5 5.5', 'M19 8v6', 'M16 11h6'],
  trash: ['M4 7h16', 'M9 7V4h6v3', 'M6 7l1 13h10l1-13'],
  chat: ['M4 5h16v11H9l-5 4z'],
};

export function icon(name, className = 'icon') {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('class', className);
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  for (const d of ICONS[name] || []) {
    const path = document.createElementNS(SVG_NS, 'path');
    path.setAttribute('d', d);
    svg.appendChild(path);
  }
  return svg;
}

const AVATAR_HUES = [211, 262, 330, 14, 35, 150, 178, 195, 290, 100];

function hash(text) {
  let x = 0;
  for (let i = 0; i < text.length; i++) x = (x * 31 + text.charCodeAt(i)) | 0;
  return Math.abs(x);
}

/** A stable hue for a name or id, shared by avatars and sender names. */
export function hueOf(key) {
  return AVATAR_HUES[hash(String(key || '?')) % AVATAR_HUES.length];
}

export function initials(name) {
  const clean = String(name || '?').trim();
  // Words that start with a letter: "Weekend trip" -> WT, "alice_3bc844" -> A, "bob" -> B.
  const words = clean.split(/\s+/u).filter((w) => /^\p{L}/u.test(w));
  const first = (s) => Array.from(s)[0] || '';
  const letters = words.length > 1 ? first(words[0]) + first(words[1]) : first(words[0] || clean);
  return letters.toUpperCase() || '?';
}

/** A round avatar with initials; `online` adds the presence dot, `group` a group glyph style. */
export function avatar(name, key, { size = 44, online = false, group = false } = {}) {
  const el = h(
    'span',
    {
      class: 'avatar' + (group ? ' avatar-group' : ''),
      style: { '--hue': String(hueOf(key ?? name)), '--size': size + 'px' },
      'aria-hidden': 'true',
    },
    group && !name ? icon('group', 'icon avatar-icon') : initials(name),
  );
  if (online) el.appendChild(h('span', { class: 'presence-dot', title: 'online' }));
  return el;
}

/** Schedules fn once per animation frame however often it is asked. */
export function coalesce(fn) {
  let queued = false;
  return () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => {
      queued = false;
      fn();
    });
  };
}

const toastHost = () => document.getElementById('toasts');

/** A short message at the bottom of the screen. */
export function toast(text, kind = 'info', ms = 4500) {
  const host = toastHost();
  if (!host) return;
  const el = h('div', { class: `toast toast-${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text);
  host.appendChild(el);
  setTimeout(() => {
    el.classList.add('leaving');
    setTimeout(() => el.remove(), 300);
  }, ms);
}
