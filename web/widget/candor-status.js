// <candor-status>: the status badge, banner or toast a company puts on its own site. It
// lives in an open shadow root styled by an adopted stylesheet (no inline styles, nothing
// for the host's CSP to allow beyond our origin), polls a small JSON view with the portal's
// own polling rules (lib/load.js), and contains every error so the host page never breaks.

import { startPolling } from '../lib/load.js';
import { h, patch } from '../lib/render.js';
import { translator } from './messages.js';
import { select } from './select.js';
import { css } from './styles.js';
import { checkWidgetView } from './view.js';

// Relative to the portal's base (the directory widget.js is served from): the small view the
// core computes on the server, so the host page never loads the snapshot or the wasm core.
export const DATA_PATH = 'api/v1/widget.json';

const MODES = ['badge', 'banner', 'toast'];
const THEMES = ['auto', 'light', 'dark'];
const POSITIONS = ['bottom-right', 'bottom-left', 'top-right', 'top-left'];
const oneOf = (value, allowed) => (allowed.includes(value) ? value : allowed[0]);

let sharedSheet = null;
// One poller per data URL, however many widgets show it.
const feeds = new Map();

function subscribe(url, listener) {
  let feed = feeds.get(url);
  if (!feed) {
    const listeners = new Set();
    feed = {
      data: null,
      state: 'loading',
      listeners,
      notify: () => listeners.forEach((fn) => fn()),
    };
    feed.poller = startPolling({
      url,
      onSnapshot(text) {
        feed.data = checkWidgetView(JSON.parse(text)); // refuse (keep the last one) what we cannot show
      },
      onStatus(status) { // after every poll: times and "soon" move on even on a 304
        feed.state = status.state;
        setTimeout(feed.notify); // a task of its own, not the one that parsed the data
      },
    });
    feeds.set(url, feed);
  }
  feed.listeners.add(listener);
  return {
    feed,
    off() {
      feed.listeners.delete(listener);
      if (!feed.listeners.size) {
        feed.poller.stop();
        feeds.delete(url);
      }
    },
  };
}

// localStorage may be missing, full or forbidden (sandboxed frames, privacy modes).
function recall(key, fallback) {
  try {
    return JSON.parse(localStorage.getItem(key)) ?? fallback;
  } catch {
    return fallback;
  }
}
function remember(key, value) {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // not remembered, then: the widget still works
  }
}

export class CandorStatus extends HTMLElement {
  static observedAttributes = ['mode', 'components', 'lang', 'theme', 'accent', 'position', 'portal'];
  // The portal's base URL, from widget.js's own src (set by candor-status-define.js).
  static base = null;

  static define(tag = 'candor-status', registry = customElements) {
    if (!registry.get(tag)) registry.define(tag, this);
    return this;
  }

  #root = null; // stays null where the browser lacks what we need: then we show nothing
  #own;
  #sub = null;
  #url = null;

  constructor() {
    super();
    try {
      const shadow = this.attachShadow({ mode: 'open' });
      sharedSheet ??= new CSSStyleSheet();
      if (!sharedSheet.cssRules.length) sharedSheet.replaceSync(css);
      this.#own = new CSSStyleSheet();
      shadow.adoptedStyleSheets = [sharedSheet, this.#own];
      const root = h('div', { part: 'root', class: 'root' });
      shadow.append(root);
      shadow.addEventListener('click', (event) => this.#guard(() => this.#onClick(event)));
      this.#root = root;
    } catch {
      // an error thrown here would reach the host page's console: stay empty instead
    }
  }

  connectedCallback() {
    this.#guard(() => this.#connect());
  }

  disconnectedCallback() {
    this.#sub?.off();
    this.#sub = null;
    this.#url = null;
  }

  attributeChangedCallback() {
    if (this.isConnected) this.#guard(() => this.#connect());
  }

  #base() {
    return new URL(this.getAttribute('portal') || CandorStatus.base || document.baseURI, document.baseURI);
  }

  #key(what) {
    const base = this.#base();
    return `candor-status:${base.origin}${base.pathname}:${what}`;
  }

  #connect() {
    const url = new URL(DATA_PATH, this.#base()).href;
    if (url !== this.#url) {
      this.#sub?.off();
      this.#url = url;
      this.#sub = subscribe(url, () => this.#guard(() => this.#render()));
    }
    this.#render();
  }

  #onClick(event) {
    const button = event.target.closest?.('button[data-dismiss]');
    if (!button) return;
    const key = this.#key('dismissed');
    const ids = recall(key, []).filter((id) => id !== button.dataset.dismiss);
    remember(key, [...ids, button.dataset.dismiss].slice(-50));
    this.#sub?.feed.notify(); // every widget of this portal on the page
  }

  #render() {
    const now = Date.now();
    const mode = oneOf(this.getAttribute('mode'), MODES);
    const theme = oneOf(this.getAttribute('theme'), THEMES);
    const position = oneOf(this.getAttribute('position'), POSITIONS);

    const langs = [this.closest('[lang]')?.lang, ...(navigator.languages ?? [navigator.language])].filter(Boolean);
    const t = translator(langs, now);
    const base = this.#base();
    const data = this.#sub?.feed.data;
    const view = data;
    const watch = (this.getAttribute('components') ?? '').split(/[\s,]+/).filter(Boolean);
    const shown = view && select(view, { watch, dismissed: recall(this.#key('dismissed'), []), nowMs: now });
    const link = (rel) => new URL(rel || './', base).href;

    const root = this.#root;
    root.lang = t.lang;
    root.setAttribute('role', 'status');
    root.setAttribute('aria-live', 'polite');
    root.setAttribute('aria-label', t('label'));
    root.dataset.state = shown ? 'ready' : this.#sub?.feed.state === 'error' ? 'error' : 'loading';

    if (mode === 'badge') {
      this.#style(0);
      root.className = `root badge ${theme} ${shown ? shown.indicator : 'loading'}`;
      patch(root, h('a', { class: 'badge', href: link(view?.page.url), target: '_blank', rel: 'noopener' },
        h('span', { class: 'dot', 'aria-hidden': 'true' }),
        shown ? t(shown.status) : t('status')));
      return;
    }

    // The first date format of a page is slow (~30 ms): make it now, in a task of its own,
    // rather than in the one that shows the data.
    if (!shown) setTimeout(() => this.#guard(() => t.time(now)));
    const notices = shown ? shown.notices.filter((n) => !n.dismissed) : [];
    root.className = `root ${mode} ${theme} ${position} ${shown?.indicator ?? ''}`;
    patch(root, notices.length
      ? h('div', { class: 'panel' }, notices.map((n) => this.#notice(n, t, now, link)))
      : null);
    // While loading, a banner takes the height it had last time, so during an incident it
    // does not push the host's content down on every page view.
    const heightKey = this.#key('banner-height');
    if (mode !== 'banner') {
      this.#style(0);
    } else if (!shown) {
      this.#style(recall(heightKey, 0));
    } else {
      this.#style(0);
      const height = Math.round(root.getBoundingClientRect().height * 100) / 100;
      if (recall(heightKey, 0) !== height) remember(heightKey, height);
    }
  }

  // This widget's own rules: the accent colour and the banner's reserved height.
  #style(reservePx) {
    const accent = this.getAttribute('accent');
    // A colour only: it goes into a stylesheet, so nothing that could end a declaration.
    const color = accent && /^[\w#(),.%\s-]+$/.test(accent) && CSS.supports('color', accent);
    const px = Math.min(400, Math.max(0, Number(reservePx) || 0));
    this.#own.replaceSync(`${color ? `:host{--candor-accent:${accent}}` : ''}${px ? `.root{min-height:${px}px}` : ''}`);
  }

  #notice(n, t, now, link) {
    const future = (iso) => iso && Date.parse(iso) > now;
    const maintenance = n.impact === 'maintenance';
    let when = null;
    if (maintenance && n.starts_at && n.latest_at) {
      when = t('window', { from: t.time(n.starts_at), until: t.time(n.latest_at) });
    } else if (!maintenance && n.likely_at && future(n.latest_at)) {
      when = t('eta', { likely: t.time(n.likely_at), latest: t.time(n.latest_at) });
    }
    return h('div', { class: `notice ${n.impact}`, id: `n-${n.id}` },
      h('span', { class: 'dot', 'aria-hidden': 'true' }),
      h('div', { class: 'body' },
        h('p', { class: 'title' }, n.name),
        h('p', { class: 'meta' }, t(n.stage), when ? ` · ${when}` : null),
        future(n.next_update_at) ? h('p', { class: 'meta' }, t('next', { at: t.time(n.next_update_at) })) : null,
        h('p', null, h('a', { href: link(n.url), target: '_blank', rel: 'noopener' }, t('details')))),
      h('button', { type: 'button', 'data-dismiss': n.id, 'aria-label': t('dismiss', { name: n.name }) }, '×'));
  }

  // Whatever goes wrong stays in here: the host page must never see our errors.
  #guard(fn) {
    if (!this.#root) return;
    try {
      fn();
    } catch {
      try {
        patch(this.#root, null);
      } catch {
        // nothing left to do
      }
    }
  }
}
