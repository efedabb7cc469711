// Boots the portal. Data flows one way: snapshot (lib/load.js) -> core (wasm) -> view
// model -> DOM (pages/*.js, chosen by lib/router.js). The view model is recomputed every
// minute from the snapshot we hold, so "late by N minutes" and estimates move on without
// refetching. The reader's language comes from the browser, or from the picker (remembered).
// A private case (#/case/<token>) is fetched on its own and computed by the core's
// caseViewModel; what readers tell us (reports, feedback) goes through lib/respond.js.
// The core runs in a worker (lib/core-client.js): the view models are computed there,
// asynchronously, and kept here, so a language switch or a new route renders at once from
// them, and the main thread only builds the DOM.
// Subscriptions (#/subscribe, #/subscription/..., a case's opt-in) are a chunk of their own
// (web/subscriptions.js), imported when first needed and offered only when the server's
// options probe says it takes them.

import { CandorError } from '../wasm/candor.js';
import { startCore } from './lib/core-client.js';
import { createTranslator, pickLocale } from './lib/i18n.js';
import {
  REPORTS_PATH, SNAPSHOT_PATH, feedbackPath, fetchCase, fetchCatalog, fetchSubscriptionOptions, startPolling,
} from './lib/load.js';
import { h, patch } from './lib/render.js';
import { send } from './lib/respond.js';
import { href, parseRoute } from './lib/router.js';
import { applyAccent } from './lib/theme.js';
import { affectedKey } from './pages/respond.js';
import * as casePage from './pages/case.js';
import { moveUptimeFocus } from './pages/uptime.js';
import * as overview from './pages/overview.js';
import * as incident from './pages/incident.js';
import * as maintenance from './pages/maintenance.js';
import * as history from './pages/history.js';
import en from './i18n/en.json';

// English is bundled; the others are fetched when a reader needs them (build/web/i18n/).
const catalogs = { en };
// Each language named in itself, so a reader finds theirs whatever the page is showing.
const LANGUAGE_NAMES = { en: 'English', tr: 'Türkçe', ru: 'Русский', nb: 'Norsk bokmål' };
const STORAGE_KEY = 'candor.lang';
const pages = { overview, incident, maintenance, history };

const el = {
  title: document.getElementById('site-title'),
  tools: document.getElementById('site-tools'),
  skip: document.querySelector('.skip-link'),
  notice: document.getElementById('notice'),
  announcer: document.getElementById('announcer'),
  main: document.getElementById('main'),
  footer: document.getElementById('footer'),
};

let t = null; // set once the reader's catalog is here; until then the page says "Loading"
let language = null;
let languageRequest = 0; // the latest switch wins when catalogs arrive out of order
let route = parseRoute(location.hash) ?? parseRoute('');
let core = null;
let goodSnapshot = null; // the last snapshot text the core accepted
let view = null; // the portal's view model (parsed), for goodSnapshot at its `now`
let caseView = null; // {text, view} or {text, error}: the open case's, for caseState.text
let refreshes = 0; // the latest refresh wins when the core's answers arrive out of order
let health = { state: 'loading', lastSuccessAt: null, failures: 0, error: null };
let spoken = null; // the statuses last rendered, so the live region speaks only on a change
let caseState = null; // {token, status: 'loading'|'ok'|'invalid'|'error', text}
let subscriptionOptions = null; // lib/load.js's answer to "which subscriptions?"; null until it is in
let subscriptions = null; // the subscription chunk's exports, once imported
let subscriptionsLoad = null; // its import: a promise, or 'failed'
const SUBSCRIPTION_PAGES = ['subscribe', 'subscription', 'subscription-confirm'];

setLanguage(readStoredLanguage());

// index.html names the core's hashed .wasm in its preload link, and CORE_WORKER is the
// worker's content-hashed file name (both from web/build.mjs).
const corePromise = startCore({
  wasmUrl: document.getElementById('candor-core-wasm')?.href,
  workerUrl: new URL(CORE_WORKER, document.baseURI).href,
});
const poller = startPolling({
  url: new URL(SNAPSHOT_PATH, document.baseURI).href,
  onSnapshot: accept,
  onStatus(status) {
    health = status;
    renderNotice();
  },
});

if (route.page === 'case') openCase(route.id);
fetchSubscriptionOptions().then((options) => {
  subscriptionOptions = options;
  renderPage();
});
if (SUBSCRIPTION_PAGES.includes(route.page)) loadSubscriptions();

corePromise.catch((error) => {
  poller.stop();
  console.warn('Candor: the core failed to load', error);
  const say = t ?? createTranslator({ locale: 'en', messages: en });
  patch(el.main, h('p', { class: 'notice notice--error' }, say('app.failedCore')));
});

// Fetches the case a capability link names (again only when asked to, or after a failure).
async function openCase(token, { force = false } = {}) {
  if (!force && caseState?.token === token && caseState.status !== 'error') return;
  // A refresh keeps what is shown (and a half-written comment) until the answer is here.
  if (!(caseState?.token === token && caseState.status === 'ok')) {
    caseState = { token, status: 'loading' };
    renderPage();
  }
  let next;
  try {
    const result = await fetchCase(token);
    next = result.status === 404 ? { token, status: 'invalid' } : { token, status: 'ok', text: result.text };
    if (next.status === 'ok') core = await corePromise;
  } catch (error) {
    console.warn('Candor: the case could not be loaded', error);
    next = { token, status: 'error' };
  }
  if (caseState?.token !== token) return; // the reader has moved on
  caseState = next;
  if (next.status === 'ok') refresh();
  else renderPage();
}

async function accept(text) {
  core = await corePromise;
  try {
    await core.loadSnapshot(text);
  } catch (error) {
    // Keep showing what we had: put the last good snapshot back if the core dropped it.
    if (goodSnapshot) await core.loadSnapshot(goodSnapshot);
    if (error instanceof CandorError) console.warn(`Candor: snapshot refused (${error.message})`);
    throw error;
  }
  goodSnapshot = text;
  await refresh();
}

// Asks the core for the view models at this moment (the portal's, and the open case's), then
// renders. Called when the data changes and when the minute turns; everything else renders
// from the models it keeps.
async function refresh() {
  if (!core) return;
  const ticket = ++refreshes;
  const now = Date.now();
  const caseText = caseState?.status === 'ok' ? caseState.text : null;
  const [portal, single] = await Promise.all([
    // A view model the core cannot compute (it should never happen) leaves the last one shown.
    goodSnapshot ? core.viewModel(now).then((json) => JSON.parse(json), (error) => {
      console.warn('Candor: the core could not compute the page', error);
      return view;
    }) : null,
    caseText === null ? null : core.caseViewModel(caseText, now).then(
      (json) => ({ text: caseText, view: JSON.parse(json) }),
      (error) => ({ text: caseText, error })),
  ]);
  if (ticket !== refreshes) return; // a later refresh is on its way with newer answers
  view = portal;
  if (single) caseView = single;
  renderPage();
}

async function setLanguage(chosen) {
  const request = ++languageRequest;
  let picked = pickLocale(navigator.languages ?? [navigator.language], Object.keys(LANGUAGE_NAMES), 'en', chosen);
  try {
    catalogs[picked.catalog] ??= await fetchCatalog(new URL(`i18n/${picked.catalog}.json`, document.baseURI).href);
  } catch (error) {
    console.warn(`Candor: the ${picked.catalog} catalog could not be loaded; showing English`, error);
    picked = { locale: 'en', catalog: 'en' };
  }
  if (request !== languageRequest) return;
  language = picked.catalog;
  t = createTranslator({ locale: picked.locale, messages: catalogs[language] });
  document.documentElement.lang = language;
  if (el.skip) el.skip.textContent = t('app.skip');
  renderChrome();
  renderNotice();
  renderPage();
}

function readStoredLanguage() {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null; // storage may be disabled; the browser's languages still apply
  }
}

function storeLanguage(code) {
  try {
    localStorage.setItem(STORAGE_KEY, code);
  } catch {
    // not remembered, but still switched
  }
}

// The header's navigation and language picker.
function renderChrome() {
  if (!t) return;
  const link = (page, key) => h('a', {
    href: href(page), class: 'site-nav__link', 'aria-current': route.page === page ? 'page' : null,
  }, t(key));
  patch(el.tools, [
    h('nav', { class: 'site-nav', 'aria-label': t('nav.label') },
      link('overview', 'nav.overview'), link('history', 'nav.history')),
    h('div', { class: 'lang' },
      h('label', { for: 'lang-picker', class: 'lang__label' }, t('lang.label')),
      h('select', { id: 'lang-picker', class: 'select' },
        Object.entries(LANGUAGE_NAMES).map(([code, name]) => h('option', {
          value: code, lang: code, selected: code === language,
        }, name)))),
  ]);
  document.getElementById('lang-picker').value = language;
  el.tools.classList.add('site-header__tools--ready');
}

// The subscription chunk, imported once; its English words join the bundled catalog (the
// other catalogs, fetched whole, have them already). A failed import may be retried.
function loadSubscriptions() {
  if (subscriptions || (subscriptionsLoad && subscriptionsLoad !== 'failed')) return;
  // SUBSCRIPTIONS_CHUNK: the chunk's content-hashed file name, defined by web/build.mjs.
  subscriptionsLoad = import(new URL(SUBSCRIPTIONS_CHUNK, document.baseURI).href).then((chunk) => {
    Object.assign(catalogs.en, chunk.messages);
    chunk.install({
      rerender: renderPage,
      context: () => ({ route, language }),
    });
    subscriptions = chunk;
    if (SUBSCRIPTION_PAGES.includes(route.page)) subscriptions.enter(route);
    renderPage();
  }, (error) => {
    console.warn('Candor: the subscription views could not be loaded', error);
    subscriptionsLoad = 'failed';
    renderPage();
  });
}

function renderPage() {
  if (!t) return;
  if (route.page === 'case') {
    renderCase();
    return;
  }
  if (SUBSCRIPTION_PAGES.includes(route.page)) {
    renderSubscription();
    return;
  }
  if (!view) return;
  const page = pages[route.page];
  const siteTitle = renderSite(view);
  setTitle(route.page === 'overview' ? siteTitle : t('app.pageTitle', { page: page.title(view, t, route), site: siteTitle }));
  patch(el.main, page.render(view, t, route, { subscriptions: subscriptionOptions }));
  const filter = document.getElementById('history-filter');
  if (filter) filter.value = route.params.component ?? '';
  announce(view);
  // When the live view first stood on the page (User Timing; bench/portal.mjs reads it).
  if (!performance.getEntriesByName('candor:live').length) performance.mark('candor:live');
}

// #/subscribe and the pages a subscriber's mail links to, drawn by the chunk; the snapshot's
// components are offered once the core has computed them.
function renderSubscription() {
  const siteTitle = view ? renderSite(view) : t('app.titleFallback');
  if (!subscriptions) {
    setTitle(siteTitle);
    patch(el.main, subscriptionsLoad === 'failed'
      ? h('div', { class: 'notice notice--error' }, h('p', {}, t('app.failedPart')),
        h('button', { type: 'button', class: 'button', id: 'retry-part' }, t('app.retry')))
      : h('p', { class: 'loading' }, t('app.loading')));
    return;
  }
  setTitle(t('app.pageTitle', { page: subscriptions.title(route, t), site: siteTitle }));
  patch(el.main, subscriptions.render(route, {
    t, view, route, language, languageNames: LANGUAGE_NAMES, options: subscriptionOptions,
  }));
}

function renderCase() {
  if (!caseState) return;
  let state = caseState;
  if (state.status === 'ok') {
    if (caseView?.text !== state.text) return; // rendered once the core has computed it
    if (caseView.error) {
      console.warn('Candor: the core could not read the case', caseView.error);
      state = { token: state.token, status: 'error' };
    } else {
      state = { ...state, view: caseView.view };
    }
  }
  const siteTitle = view ? renderSite(view) : t('app.titleFallback');
  // An open case offers its updates by email when the server sends mail (the form is in the
  // subscription chunk, imported for it).
  let updates = null;
  if (state.status === 'ok' && !state.view.case.resolved_at && subscriptionOptions?.email) {
    if (subscriptions) updates = subscriptions.caseBlock(state.token, { t, language, languageNames: LANGUAGE_NAMES });
    else loadSubscriptions();
  }
  setTitle(t('app.pageTitle', { page: casePage.title(state, t), site: siteTitle }));
  patch(el.main, casePage.render(state, t, { updates }));
}

function setTitle(title) {
  if (document.title !== title) document.title = title;
}

// The header and footer from the view model: the page's name, the operator's accent, logo
// and links (page.theme; absent, the portal's own look). Returns the site's title.
function renderSite(view) {
  const theme = view.page.theme ?? {};
  const siteTitle = t('app.title', { name: view.page.name });
  applyAccent(document.documentElement, theme.accent);
  patch(el.title, h('a', { href: href('overview'), class: 'site-title__link' },
    theme.logo_url ? h('img', { class: 'site-logo', src: theme.logo_url, alt: '', height: 32 }) : null,
    h('span', {}, siteTitle)));
  patch(el.footer, [
    theme.links?.length
      ? h('nav', { class: 'footer-links', 'aria-label': t('footer.links') },
        h('ul', {}, theme.links.map((link) => h('li', {}, h('a', { href: link.url }, link.label)))))
      : null,
    h('p', {}, t('app.timesIn', { zone: t.zoneName(view.now) })),
    h('p', { class: 'footer__credit' }, t('app.poweredBy')),
  ]);
  return siteTitle;
}

// Status changes are spoken once, politely: the overall sentence and each incident's stage
// when they change (not on the first render: the page itself says them), never the ticking
// relative times.
function announce(view) {
  const stages = new Map(view.incidents.map((incident) => [incident.id, incident.status]));
  const said = [];
  if (spoken) {
    if (spoken.overall !== view.overall.status) said.push(t(`overall.${view.overall.status}`));
    for (const incident of view.incidents) {
      if (spoken.stages.get(incident.id) !== incident.status) {
        said.push(t('announce.stage', { name: incident.name, stage: t(`stage.${incident.status}`) }));
      }
    }
  }
  spoken = { overall: view.overall.status, stages };
  if (said.length) patch(el.announcer, said.join(' '));
}

// The notice says when what we show may be out of date; it is a polite live region, so it
// changes only when the situation does (no ticking relative times in it).
function renderNotice() {
  if (!t) return;
  if (health.state !== 'error') {
    patch(el.notice, []);
    return;
  }
  if (!goodSnapshot) {
    const retry = h('button', { type: 'button', class: 'button', id: 'retry' }, t('app.retry'));
    patch(el.notice, h('div', { class: 'notice notice--error' }, h('p', {}, t('app.failedFirst')), retry));
    return;
  }
  const key = health.error instanceof CandorError ? 'notice.rejected' : 'notice.unreachable';
  patch(el.notice, h('p', { class: 'notice notice--warning' }, t(key, {
    time: t.when(health.lastSuccessAt ?? Date.now(), Date.now()),
  })));
}

// One listener each, on the document: patch() reuses nodes, so handlers on built nodes
// would be lost, and the CSP forbids inline ones anyway.
document.addEventListener('change', (event) => {
  if (event.target.id === 'lang-picker') {
    storeLanguage(event.target.value);
    setLanguage(event.target.value);
  } else if (event.target.id === 'history-filter') {
    location.hash = href('history', null, { component: event.target.value });
  }
});
document.addEventListener('click', (event) => {
  if (event.target.closest?.('#retry')) poller.refresh();
  if (event.target.closest?.('#retry-case') && route.page === 'case') openCase(route.id, { force: true });
  if (event.target.closest?.('#retry-part')) loadSubscriptions();
  const action = event.target.closest?.('[data-action]');
  if (action) act(action);
  // The skip link moves focus without replacing the route in the address bar.
  if (event.target.closest?.('.skip-link')) {
    event.preventDefault();
    el.main.focus();
  }
});

document.addEventListener('keydown', (event) => {
  moveUptimeFocus(event);
});

// "I'm affected too" and a rating; once thanked, focus goes to the thanks (the button is gone).
function act(button) {
  const { action, id } = button.dataset;
  let sent = null;
  let where = null;
  if (action === 'affected') {
    sent = send(affectedKey(id), REPORTS_PATH, { incident_id: id }, true, renderPage);
    where = `#affected-${CSS.escape(id)}`;
  } else if (action === 'rate') {
    const rating = Number(button.dataset.rating);
    const comment = document.getElementById('feedback-comment')?.value.trim();
    sent = send(button.dataset.key, feedbackPath(button.dataset.kind, button.dataset.target),
      comment ? { rating, comment } : { rating }, rating, renderPage);
    where = '.feedback';
  }
  sent?.then(() => document.querySelector(`${where} .respond__thanks`)?.focus());
}

window.addEventListener('hashchange', () => {
  const next = parseRoute(location.hash);
  if (!next) return; // "#main" and other in-page anchors
  const pageChanged = next.page !== route.page || next.id !== route.id;
  route = next;
  renderChrome();
  if (SUBSCRIPTION_PAGES.includes(route.page)) {
    if (subscriptions && pageChanged) subscriptions.enter(route);
    else loadSubscriptions();
  }
  if (route.page === 'case') openCase(route.id);
  else renderPage();
  if (pageChanged) {
    window.scrollTo(0, 0);
    el.main.focus({ preventScroll: true }); // a screen reader starts reading the new page
  }
});

// Re-render just after each minute turns, and at once when the tab comes back.
function tickEveryMinute() {
  setTimeout(() => {
    refresh();
    tickEveryMinute();
  }, 60_000 - (Date.now() % 60_000) + 50);
}
tickEveryMinute();
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState !== 'visible') return;
  if (route.page === 'case' && caseState?.status === 'ok') openCase(route.id, { force: true });
  else refresh();
});
