// The banner's and toast's content: each incident or maintenance that affects the watched
// components, with its stage, ETA window, next promised update, a link and a dismiss button.
// A chunk of its own (widget-notices-<hash>.js): widget.js pulls it only when a banner or
// toast has something to show, so a badge, or a calm day, never downloads it.

import { h, patch } from '../lib/render.js';
import { formatSpan, translator } from './messages.js';

// The banner's and toast's look, adopted next to the loader's (styles.js: themes, the dot).
export const css = `
.root{--muted:#4b5563}.root.dark{--muted:#c4c9d0}@media (prefers-color-scheme:dark){.root.auto{--muted:#c4c9d0}}
a{color:var(--link)}
.panel{box-sizing:border-box;background:var(--bg);border:1px solid var(--line);border-left:4px solid var(--candor-accent,var(--ind));padding:10px 12px}
.toast .panel{position:fixed;z-index:2147483000;width:360px;max-width:calc(100vw - 32px);border-radius:8px;box-shadow:0 6px 24px rgba(0,0,0,.25)}
.bottom-right .panel{right:16px;bottom:16px}.bottom-left .panel{left:16px;bottom:16px}
.top-right .panel{right:16px;top:16px}.top-left .panel{left:16px;top:16px}
.notice{display:flex;gap:10px;align-items:flex-start}
.notice+.notice{margin-top:8px;padding-top:8px;border-top:1px solid var(--line)}
.notice .dot{margin-top:5px}
.body{flex:1;min-width:0}
.body p{margin:2px 0 0}
.title{font-weight:600}
.meta{color:var(--muted)}
button{flex:none;box-sizing:border-box;width:28px;height:28px;margin:-4px -4px 0 0;padding:0;border:1px solid transparent;border-radius:4px;
background:transparent;color:var(--fg);font:20px/1 system-ui,sans-serif;cursor:pointer}
button:hover{border-color:var(--line)}
`;

const POSITIONS = ['bottom-right', 'bottom-left', 'top-right', 'top-left'];

// Fills `root` with the undismissed `notices` (select.js), worded from the reader's
// `catalog` (pickLanguage()'s `picked`) at `now`; `link(rel)` resolves a portal-relative URL
// to a safe absolute one; a toast sits in the corner `position` names; a dismiss button
// calls `dismiss(id)`.
export function renderNotices(root, notices, { catalog, picked, now, link, position, dismiss }) {
  const t = translator(catalog, picked);
  root.classList.add(POSITIONS.includes(position) ? position : POSITIONS[0]);
  patch(root, h('div', { class: 'panel' }, notices.map((n) => notice(n, t, now, link))));
  // A property, not an attribute (the host's CSP forbids inline handlers); patch() keeps
  // the panel, so this replaces the previous render's handler.
  root.firstChild.onclick = (event) => {
    const button = event.target.closest('button[data-dismiss]');
    if (button) dismiss(button.dataset.dismiss);
  };
}

function notice(n, t, now, link) {
  const left = (iso) => (iso ? Date.parse(iso) - now : -1); // ms until then; < 0 once past or unknown
  const span = (ms, up) => formatSpan(ms, t, up);
  let when = null;
  if (n.impact === 'maintenance') {
    const length = Date.parse(n.latest_at) - Date.parse(n.starts_at); // NaN when either is unknown
    if (!n.active && left(n.starts_at) > 0) {
      when = length > 0
        ? t('starts', { from: span(left(n.starts_at)), span: span(length, true) })
        : t('starts_only', { from: span(left(n.starts_at)) });
    } else if (left(n.latest_at) > 0) {
      when = t('ends', { span: span(left(n.latest_at), true) });
    }
  } else if (left(n.latest_at) > 0) {
    // A window whose latest time has passed is not shown: the server's next view has the new one.
    when = left(n.likely_at) > 0
      ? t('eta', { likely: span(left(n.likely_at)), latest: span(left(n.latest_at), true) })
      : t('eta_latest', { latest: span(left(n.latest_at), true) });
  }
  return h('div', { class: `notice ${n.impact}`, id: `n-${n.id}` },
    h('span', { class: 'dot', 'aria-hidden': 'true' }),
    h('div', { class: 'body' },
      h('p', { class: 'title' }, n.name),
      h('p', { class: 'meta' }, t(n.stage), when ? ` · ${when}` : null),
      left(n.next_update_at) > 0 ? h('p', { class: 'meta' }, t('next', { span: span(left(n.next_update_at), true) })) : null,
      h('p', null, h('a', { href: link(n.url), target: '_blank', rel: 'noopener' }, t('details')))),
    h('button', { type: 'button', 'data-dismiss': n.id, 'aria-label': t('dismiss', { name: n.name }) }, '×'));
}
