// Boots the portal. Data flows one way: snapshot (lib/load.js) -> core (wasm) -> view
// model -> DOM (pages/overview.js). The view model is recomputed every minute from the
// snapshot we hold, so "late by N minutes" and estimates move on without refetching.

import { CandorError, loadCore } from '../wasm/candor.js';
import { createTranslator, pickLocale } from './lib/i18n.js';
import { SNAPSHOT_PATH, startPolling } from './lib/load.js';
import { h, patch } from './lib/render.js';
import * as overview from './pages/overview.js';
import en from './i18n/en.json';

const catalogs = { en };
const { locale, catalog } = pickLocale(navigator.languages ?? [navigator.language], Object.keys(catalogs));
const t = createTranslator({ locale, messages: catalogs[catalog] });
document.documentElement.lang = catalog;

const el = {
  title: document.getElementById('site-title'),
  notice: document.getElementById('notice'),
  main: document.getElementById('main'),
  footer: document.getElementById('footer'),
};

let core = null;
let goodSnapshot = null; // the last snapshot text the core accepted
let health = { state: 'loading', lastSuccessAt: null, failures: 0, error: null };

const corePromise = loadCore();
const poller = startPolling({
  url: new URL(SNAPSHOT_PATH, document.baseURI).href,
  onSnapshot: accept,
  onStatus(status) {
    health = status;
    renderNotice();
  },
});

corePromise.catch((error) => {
  poller.stop();
  console.warn('Candor: the core failed to load', error);
  patch(el.main, h('p', { class: 'notice notice--error' }, t('app.failedCore')));
});

async function accept(text) {
  core = await corePromise;
  try {
    core.loadSnapshot(text);
  } catch (error) {
    // Keep showing what we had: put the last good snapshot back if the core dropped it.
    if (goodSnapshot) core.loadSnapshot(goodSnapshot);
    if (error instanceof CandorError) console.warn(`Candor: snapshot refused (${error.message})`);
    throw error;
  }
  goodSnapshot = text;
  renderPage();
}

function renderPage() {
  if (!core || !goodSnapshot) return;
  const view = JSON.parse(core.viewModel(Date.now()));
  const title = t('app.title', { name: view.page.name });
  if (document.title !== title) document.title = title;
  patch(el.title, title);
  patch(el.main, overview.render(view, t));
  patch(el.footer, [
    h('p', {}, t('app.timesIn', { zone: t.zoneName(view.now) })),
    h('p', { class: 'footer__credit' }, t('app.poweredBy')),
  ]);
}

// The notice says when what we show may be out of date; it is a polite live region, so it
// changes only when the situation does (no ticking relative times in it).
function renderNotice() {
  if (health.state !== 'error') {
    patch(el.notice, []);
    return;
  }
  if (!goodSnapshot) {
    const retry = h('button', { type: 'button', class: 'button' }, t('app.retry'));
    retry.addEventListener('click', () => poller.refresh());
    patch(el.notice, h('div', { class: 'notice notice--error' }, h('p', {}, t('app.failedFirst')), retry));
    return;
  }
  const key = health.error instanceof CandorError ? 'notice.rejected' : 'notice.unreachable';
  patch(el.notice, h('p', { class: 'notice notice--warning' }, t(key, {
    time: t.when(health.lastSuccessAt ?? Date.now(), Date.now()),
  })));
}

// Re-render just after each minute turns, and at once when the tab comes back.
function tickEveryMinute() {
  setTimeout(() => {
    renderPage();
    tickEveryMinute();
  }, 60_000 - (Date.now() % 60_000) + 50);
}
tickEveryMinute();
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible') renderPage();
});
