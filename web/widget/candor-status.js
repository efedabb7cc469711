// <candor-status>: the status badge, banner, toast or live card a company puts on its own
// site. It lives in an open shadow root styled by adopted stylesheets (no inline styles,
// nothing for the host's CSP to allow beyond our origin), shows a small JSON view polled
// with the portal's own rules, and contains every error so the host page never breaks.
// This is the loader (widget.js, under 3 KB gzip): it draws the badge itself and pulls the
// rest from the portal's origin only when needed (chunks.js): the poller (feed.js), the
// reader's catalog, the banner/toast code once there is something to show (notices.js),
// and for mode="live" the code that frames the portal's live card (frame.js).

import { loadChunk } from './chunks.js';
import { pickLanguage } from './messages.js';
import { css } from './styles.js';

// Relative to the portal's base (the directory widget.js is served from): the small view the
// core computes on the server, so the host page never loads the snapshot or the wasm core.
export const DATA_PATH = 'api/v1/widget.json';

// The chunks' content hashes by name ({en: 'W7MGU5IL', ...}), filled in by web/widget/build.mjs:
// chunk "en" is widget-en-W7MGU5IL.js.
/* global WIDGET_CHUNKS */

const MODES = ['banner', 'toast', 'live']; // or the badge

let baseSheet = null;
// What the chunks gave us, by chunk name ("en", "feed", "notices", ...), once they arrived.
const parts = {};
const failures = {}; // by chunk name: how many times it failed to load

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
  static base;

  static define(tag = 'candor-status', registry = customElements) {
    if (!registry.get(tag)) registry.define(tag, this);
    return this;
  }

  #root = null; // stays null where the browser lacks what we need: then we show nothing
  #own;
  #sub = null;
  #url = null;
  #frame = null;
  #height = null; // what the live frame last said
  #asked = new Set(); // the chunks this widget waits for
  #queued = 0; // a connect is due (queue())

  constructor() {
    super();
    try {
      const shadow = this.attachShadow({ mode: 'open' });
      if (!baseSheet) (baseSheet = new CSSStyleSheet()).replaceSync(css);
      this.#own = new CSSStyleSheet();
      const root = document.createElement('div');
      root.setAttribute('part', 'root');
      root.setAttribute('role', 'status');
      root.setAttribute('aria-live', 'polite');
      shadow.append(root);
      this.#root = root;
    } catch {
      // an error thrown here would reach the host page's console: stay empty instead
    }
  }

  connectedCallback() {
    // At once, so a banner's room is reserved before the host page paints again.
    clearTimeout(this.#queued);
    this.#queued = 0;
    if (this.#root) this.#guard(() => this.#connect());
  }

  disconnectedCallback() {
    this.#sub?.off();
    this.#frame?.remove();
    this.#sub = this.#url = this.#frame = this.#height = null;
  }

  attributeChangedCallback() {
    this.#queue();
  }

  // Reconnects once, in a task of its own, however many changes asked. (An element upgraded
  // with five attributes hears of each before it is connected: it connects only once, then.)
  #queue() {
    if (this.#root && !this.#queued) {
      this.#queued = setTimeout(() => {
        this.#queued = 0;
        if (this.isConnected) this.#guard(() => this.#connect());
      });
    }
  }

  #sheets() {
    // Our own rules (accent, reserved heights) last, so they win.
    this.shadowRoot.adoptedStyleSheets = [baseSheet, parts.notices?.sheet, parts.frame?.sheet, this.#own].filter(Boolean);
  }

  #base() {
    return new URL(this.getAttribute('portal') || CandorStatus.base || document.baseURI, document.baseURI);
  }

  #key(what) {
    const base = this.#base();
    return `candor-status:${base.origin}${base.pathname}:${what}`;
  }

  // The chunk called `name`, or undefined while it loads; when it arrives, every widget that
  // asked redraws. If its hashed file is gone (this page's widget.js predates a release of the
  // portal), the chunk's stable name is asked for at once; when the portal does not answer,
  // again later, backing off (30 s, doubling, at most 5 minutes), or at the next poll.
  #part(name) {
    if (!parts[name] && !this.#asked.has(name)) {
      this.#asked.add(name);
      const failed = failures[name] | 0;
      loadChunk(new URL(`widget-${name}${failed ? '' : `-${WIDGET_CHUNKS[name]}`}.js`, this.#base()).href).then((exports) => {
        parts[name] = exports;
        if (exports.css && !exports.sheet) (exports.sheet = new CSSStyleSheet()).replaceSync(exports.css);
        return 0; // redraw in a task of its own, after the chunk's
      }, () => (failures[name] = failed + 1) > 1 && Math.min(3e5, 15e3 * 2 ** failed)).then((wait) => {
        this.#asked.delete(name);
        setTimeout(() => this.#queue(), wait);
      });
    }
    return parts[name];
  }

  #connect() {
    const live = this.getAttribute('mode') === 'live';
    const url = live ? null : new URL(DATA_PATH, this.#base()).href;
    const feed = url && this.#part('feed');
    if (url !== this.#url && (feed || !url)) {
      this.#sub?.off();
      this.#url = url;
      this.#sub = url && feed.subscribe(url, () => this.#guard(() => this.#render()));
    }
    this.#render();
  }

  #render() {
    const now = Date.now();
    const mode = MODES.includes(this.getAttribute('mode')) ? this.getAttribute('mode') : 'badge';
    const theme = this.getAttribute('theme') || 'auto'; // "light", "dark"; anything else reads light
    const picked = pickLanguage([this.closest('[lang]')?.lang, ...navigator.languages].filter(Boolean));
    // The reader's catalog; the badge's words have no placeholders (notices.js fills those).
    const catalog = this.#part(picked.catalog);
    const t = catalog && ((id) => catalog[id] ?? id);
    const base = this.#base();
    // Links go to the portal only: a view's URL that is not http(s) becomes the portal's.
    const link = (rel) => {
      const url = new URL(rel || './', base);
      return /^https?:$/.test(url.protocol) ? url.href : base.href;
    };
    const root = this.#root;
    if (t) {
      root.lang = picked.catalog;
      root.setAttribute('aria-label', t('label'));
    }
    this.#sheets();
    if (mode !== 'live') {
      this.#frame?.remove();
      this.#frame = this.#height = null;
    }
    const view = this.#sub?.feed.data;
    const watch = (this.getAttribute('components') ?? '').split(/[\s,]+/).filter(Boolean);
    const shown = view && parts.feed.select(view, { watch, dismissed: recall(this.#key('dismissed'), []), nowMs: now });
    let ready = shown && t;

    if (mode === 'badge') {
      root.className = `root badge ${theme} ${shown ? shown.indicator : 'loading'}`;
      let a = root.firstChild;
      if (a?.className !== 'badge') {
        a = document.createElement('a');
        a.className = 'badge';
        a.target = '_blank';
        a.rel = 'noopener';
        const dot = document.createElement('span');
        dot.className = 'dot';
        dot.setAttribute('aria-hidden', 'true');
        a.append(dot, '');
        root.replaceChildren(a);
      }
      a.href = link(view?.page.url);
      a.lastChild.data = t ? t(shown ? shown.status : 'status') : '';
    } else if (mode === 'live') {
      // The portal's page in a frame, as tall as it says it is (frame.js).
      root.className = `root live ${theme}`;
      this.#frame ??= this.#part('frame')?.mountFrame(root, base, (height) => {
        this.#height = height;
        this.#guard(() => this.#render());
      });
      this.#frame?.show({ lang: picked.catalog, components: watch.join(), title: t ? t('label') : '' });
      ready = this.#height != null;
    } else {
      const notices = shown ? shown.notices.filter((n) => !n.dismissed) : [];
      root.className = `root ${mode} ${theme} ${shown?.indicator ?? ''}`;
      // Only a notice to show pulls the banner/toast code, or, while the data loads, a banner
      // that showed one last time (so the code comes alongside the data).
      const code = (notices.length || (!shown && recall(this.#key(`${mode}-height`), 0))) && this.#part('notices');
      if (t && code && notices.length) {
        code.renderNotices(root, notices, {
          catalog, picked, now, link, position: this.getAttribute('position'),
          dismiss: (id) => this.#guard(() => {
            const key = this.#key('dismissed');
            remember(key, [...recall(key, []).filter((old) => old !== id), id].slice(-50));
            this.#sub?.feed.notify(); // every widget of this portal on the page
          }),
        });
      } else {
        ready &&= !notices.length;
        if (ready || root.firstChild?.className !== 'panel') root.replaceChildren();
      }
    }

    root.dataset.state = ready ? 'ready' : this.#sub?.feed.state === 'error' ? 'error' : 'loading';
    // Until it is ready, a banner or a live card takes the height it had last time, so during
    // an incident it does not push the host's content down on every page view. (A badge has
    // its fixed size; a toast floats, its root is 0 high.)
    const key = this.#key(`${mode}-height`);
    if (!ready) {
      this.#style(mode === 'badge' ? 0 : recall(key, 0));
    } else {
      this.#style(0, this.#height);
      // Read in the next frame, whose layout the browser does anyway: read now, it would force
      // the host page's layout into this task (its first one can take 10 ms and more).
      if (mode !== 'badge') requestAnimationFrame(() => remember(key, root.getBoundingClientRect().height));
    }
  }

  // This widget's own rules: the accent colour, the banner's reserved height, the frame's.
  #style(reservePx, framePx) {
    const accent = this.getAttribute('accent');
    // A colour only (it goes into a stylesheet): no valid colour can end the declaration.
    const color = accent && CSS.supports('color', accent);
    const px = (n) => Math.min(2000, Math.max(0, Number(n) || 0));
    this.#own.replaceSync(`${color ? `:host{--candor-accent:${accent}}` : ''}` +
      `${px(reservePx) ? `.root{min-height:${px(reservePx)}px}` : ''}${px(framePx) ? `iframe{height:${px(framePx)}px}` : ''}`);
  }

  // Whatever goes wrong stays in here: the host page must never see our errors.
  #guard(fn) {
    try {
      fn();
    } catch {
      this.#root?.replaceChildren();
    }
  }
}
