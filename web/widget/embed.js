// The page inside <candor-status mode="live"> (build/web/embed.html): the portal's live
// incident cards, computed by the wasm core from the snapshot every minute, on the portal's
// origin and under its policy, so the host page never runs the core. What to show comes in
// the fragment from the widget (frame.js): lang, components and the host's origin, which
// alone may hear how tall the content is (postMessage), so it reserves just that room. It
// follows the reader's light/dark setting, as the portal does.

import { startCore } from '../lib/core-client.js';
import { createTranslator, pickLocale } from '../lib/i18n.js';
import { SNAPSHOT_PATH, fetchCatalog, startPolling } from '../lib/load.js';
import { patch } from '../lib/render.js';
import { incidentCard } from '../pages/overview.js';
import { trackRecord } from '../pages/parts.js';
import en from '../i18n/en.json';

const options = new URLSearchParams(location.hash.slice(1));
const watch = (options.get('components') ?? '').split(/[\s,]+/).filter(Boolean);
// Where the height goes: the host that framed us said who it is; postMessage delivers only
// if that is true, so a page pretending otherwise hears nothing.
const hostOrigin = options.get('origin');
const main = document.getElementById('main');
const portalBase = new URL('./', location.href);

let t = null;
let core = null;
let view = null; // the core's view model for the last snapshot it accepted
let refreshes = 0; // the latest wins when answers arrive out of order
let drawn = false; // no height is told before the first cards are drawn: the host keeps its room

// The core runs in a worker (CORE_WORKER, defined by web/build.mjs): on the host's own site
// this page shares the host's main thread, and the core's work must not hold it up.
const corePromise = startCore({
  wasmUrl: document.getElementById('candor-core-wasm')?.href,
  workerUrl: new URL(CORE_WORKER, portalBase).href,
});

startPolling({
  url: new URL(SNAPSHOT_PATH, portalBase).href,
  async onSnapshot(text) {
    core = await corePromise;
    await core.loadSnapshot(text); // throws (and the poller keeps the last one) when refused
    await refresh();
  },
});

// The view model at this moment, from the core; then the cards.
async function refresh() {
  if (!core) return;
  const ticket = ++refreshes;
  const next = JSON.parse(await core.viewModel(Date.now()));
  if (ticket !== refreshes) return;
  view = next;
  render();
}

(async () => {
  const picked = pickLocale([options.get('lang') ?? 'en'], ['en', 'tr', 'ru', 'nb']);
  let messages = en;
  try {
    if (picked.catalog !== 'en') messages = await fetchCatalog(new URL(`i18n/${picked.catalog}.json`, portalBase).href);
  } catch {
    picked.locale = 'en'; // English, then, rather than nothing
  }
  document.documentElement.lang = picked.catalog;
  // The translator's Intl formatters cost tens of milliseconds the first time: in a task of
  // their own, not the module's (on the host's own site this frame shares its main thread).
  await new Promise((resolve) => setTimeout(resolve));
  t = createTranslator({ locale: picked.locale, messages });
  render();
})();

// The incidents that affect the watched components (a group id watches its members), as
// the overview shows them; the links open the portal itself, in a new tab.
function render() {
  if (!view || !t) return;
  const chosen = new Set(view.groups.flatMap((g) => g.components
    .filter((c) => !watch.length || watch.includes(c.id) || (g.id && watch.includes(g.id)))
    .map((c) => c.id)));
  const shown = view.incidents.filter((i) => i.active &&
    (!watch.length || !i.components.length || i.components.some((c) => chosen.has(c.id))));
  patch(main, shown.map((i) => incidentCard(i, t, view.now, trackRecord(view, 'resolution'))));
  for (const a of main.querySelectorAll('a[href]')) {
    a.href = new URL(a.getAttribute('href'), portalBase).href;
    a.target = '_blank';
    a.rel = 'noopener';
  }
  drawn = true;
  // Measured in the next frame, where the browser lays the page out anyway: measuring here
  // would force that layout into this task (on the host's own site, the host's main thread).
  requestAnimationFrame(tell);
}

function tell() {
  if (!drawn || !hostOrigin || parent === window) return;
  // <main> holds the cards and their margins (embed.css); 0 when nothing is shown.
  const height = main.childElementCount ? Math.ceil(main.getBoundingClientRect().height) : 0;
  try {
    parent.postMessage({ candorHeight: height }, hostOrigin);
  } catch {
    // a malformed origin in the fragment: nobody to tell
  }
}

new ResizeObserver(tell).observe(main);
// Re-render just after each minute turns: elapsed times, late updates and estimates move on.
setInterval(() => refresh().catch((error) => console.warn('Candor: the live card could not be computed', error)), 60_000);
