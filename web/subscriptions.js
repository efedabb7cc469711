// The subscription views, a chunk of their own that main.js imports only when a reader
// opens one (#/subscribe, #/subscription/..., or an open case's opt-in), so the overview's
// first load carries none of it: the forms, their state, what sending them does, their
// stylesheet and their English words (the other languages' catalogs carry them already).
// main.js renders through render()/caseBlock() and re-renders when told to.

import { adoptStyles } from './lib/adopt-styles.js';
import * as api from './lib/subscription-api.js';
import { checkEmail, fieldOfError, subscriptionRequest } from './lib/subscribe-form.js';
import * as caseUpdates from './pages/case-updates.js';
import * as confirmPage from './pages/subscription-confirm.js';
import * as managePage from './pages/subscription-manage.js';
import * as subscribePage from './pages/subscribe.js';
import css from './subscriptions.css';
// web/build.mjs keeps only the "subscription.*" entries here (the rest are in main.js).
import messages from './i18n/en.json';

export { messages };

let host = null; // {rerender(), context()} from main.js
let subscribeState = freshSubscribe();
let confirmState = null; // {token, status, problem, manageToken}
let manageState = null; // {token, status, subscription, ...}
const caseStates = new Map(); // case token -> {sending, sent, errors, problem}

function freshSubscribe() {
  return { kind: 'email', sending: false, errors: {}, problem: null, result: null };
}

// Once, when the chunk arrives: the listeners (on the document, like main.js's, since
// patch() reuses nodes and the CSP forbids inline handlers) and the stylesheet.
export function install(hostApi) {
  host = hostApi;
  adoptStyles(css);
  document.addEventListener('submit', onSubmit);
  document.addEventListener('click', onClick);
  document.addEventListener('change', onChange);
}

// A reader arrived on one of these pages (not a re-render): start it afresh.
export function enter(route) {
  if (route.page === 'subscribe') subscribeState = freshSubscribe();
  if (route.page === 'subscription-confirm') confirmState = { token: route.id, status: 'idle', problem: null };
  if (route.page === 'subscription') {
    manageState = { token: route.id, status: 'loading', errors: {} };
    loadSubscription(route.id);
  }
}

export function title(route, t) {
  if (route.page === 'subscribe') return subscribePage.title(t);
  if (route.page === 'subscription-confirm') return confirmPage.title(t);
  return managePage.title(t);
}

// ctx: {t, view, options, language, languageNames, route}
export function render(route, ctx) {
  if (route.page === 'subscribe') return subscribePage.render(subscribeState, ctx);
  if (route.page === 'subscription-confirm') {
    if (confirmState?.token !== route.id) confirmState = { token: route.id, status: 'idle', problem: null };
    return confirmPage.render(confirmState, ctx);
  }
  if (manageState?.token !== route.id) enter(route);
  return managePage.render(manageState, ctx);
}

// The opt-in block for an open case (its capability token), or null.
export function caseBlock(caseToken, ctx) {
  if (!caseStates.has(caseToken)) caseStates.set(caseToken, { sending: false, sent: false, errors: {}, problem: null });
  return caseUpdates.render(caseStates.get(caseToken), ctx);
}

// Sending ---------------------------------------------------------------------------------

function onSubmit(event) {
  const form = event.target.closest?.('form[data-subscription]');
  if (!form) return;
  event.preventDefault();
  const which = form.dataset.subscription;
  if (which === 'subscribe') sendSubscribe(form);
  else if (which === 'manage') saveSubscription(form);
  else if (which === 'case') sendCase(form);
}

function onClick(event) {
  const button = event.target.closest?.('[data-subscription-action]');
  if (!button) return;
  const action = button.dataset.subscriptionAction;
  if (action === 'confirm') sendConfirm();
  else if (action === 'unsubscribe') sendUnsubscribe();
  else if (action === 'copy-secret') copySecret();
  else if (action === 'reload' && manageState) enter({ page: 'subscription', id: manageState.token });
}

function onChange(event) {
  const input = event.target;
  if (input.name === 'subscribe-kind') {
    subscribeState = { ...freshSubscribe(), kind: input.value };
    host.rerender();
  } else if (/^(subscribe|manage)-component$/.test(input.name) && input.checked) {
    // Ticking a component means "only these": say so in the radio above it.
    const some = document.getElementById(`${input.name.split('-')[0]}-scope-some`);
    if (some) some.checked = true;
  }
}

// The form's choice of components: {scope: 'all'|'some', chosen: [ids]}.
function readChoice(form, prefix) {
  const data = new FormData(form);
  return { scope: data.get(`${prefix}-scope`) ?? 'all', chosen: data.getAll(`${prefix}-component`).map(String) };
}

async function sendSubscribe(form) {
  if (subscribeState.sending) return;
  const { language } = host.context();
  const kind = form.dataset.kind;
  const request = subscriptionRequest({
    kind, language, ...readChoice(form, 'subscribe'),
    email: form.elements['subscribe-email']?.value, webhookUrl: form.elements['subscribe-webhook']?.value,
  });
  if (request.errors) {
    subscribeState = { ...subscribeState, errors: request.errors, problem: null };
    return showErrors(request.errors, { email: 'subscribe-email', webhook_url: 'subscribe-webhook', components: 'subscribe-scope-all' });
  }
  subscribeState = { ...subscribeState, sending: true, errors: {}, problem: null };
  host.rerender();
  const answer = await attempt(() => api.subscribe(request.body));
  subscribeState = { ...subscribeState, sending: false };
  if (answer.status === 202 && kind === 'email') {
    subscribeState.result = { kind };
  } else if (answer.status === 201 && kind === 'webhook' && answer.json?.secret) {
    subscribeState.result = { kind, secret: answer.json.secret, manageToken: answer.json.manage_token, copied: null };
  } else if (answer.status === 400 && fieldOfError(answer.json)) {
    const field = fieldOfError(answer.json);
    subscribeState.errors = { [field]: serverFieldError(field) };
    return showErrors(subscribeState.errors, { email: 'subscribe-email', webhook_url: 'subscribe-webhook', components: 'subscribe-scope-all' });
  } else {
    subscribeState.problem = problemOf(answer);
  }
  host.rerender();
  if (subscribeState.result) focus('subscribe-result');
}

async function sendConfirm() {
  if (!confirmState || confirmState.status === 'sending') return;
  confirmState = { ...confirmState, status: 'sending', problem: null };
  host.rerender();
  const answer = await attempt(() => api.confirm(confirmState.token));
  if (answer.status === 200) {
    confirmState = { ...confirmState, status: 'confirmed', manageToken: answer.json?.manage_token ?? null };
  } else if (answer.status === 404) {
    confirmState = { ...confirmState, status: 'invalid' };
  } else {
    confirmState = { ...confirmState, status: 'idle', problem: problemOf(answer) };
  }
  host.rerender();
  if (confirmState.status !== 'idle') focus('confirm-result');
}

async function loadSubscription(token) {
  const answer = await attempt(() => api.readSubscription(token));
  if (manageState?.token !== token) return; // the reader has moved on
  if (answer.status === 200 && answer.json) manageState = { ...manageState, status: 'ok', subscription: answer.json };
  else if (answer.status === 404) manageState = { ...manageState, status: 'invalid' };
  else manageState = { ...manageState, status: 'error' };
  host.rerender();
}

async function saveSubscription(form) {
  if (!manageState || manageState.saving) return;
  const { scope, chosen } = readChoice(form, 'manage');
  if (scope === 'some' && chosen.length === 0) {
    manageState = { ...manageState, errors: { components: 'subscription.error.components' }, saved: false };
    return showErrors(manageState.errors, { components: 'manage-scope-all' });
  }
  // A case's subscription has no component choice on the form: send none.
  const changes = form.elements['manage-scope'] ? { components: scope === 'some' ? chosen : [] } : {};
  const language = form.elements['manage-language']?.value;
  if (language) changes.language = language;
  manageState = { ...manageState, saving: true, saved: false, errors: {}, saveProblem: null };
  host.rerender();
  const answer = await attempt(() => api.changeSubscription(manageState.token, changes));
  manageState = { ...manageState, saving: false };
  if (answer.status === 200 && answer.json) {
    manageState = { ...manageState, subscription: answer.json, saved: true };
  } else if (answer.status === 404) {
    manageState = { ...manageState, status: 'invalid' };
  } else {
    manageState = { ...manageState, saveProblem: problemOf(answer) };
  }
  host.rerender();
  focus(manageState.status === 'invalid' ? 'manage-result' : manageState.saved ? 'manage-saved' : null);
}

async function sendUnsubscribe() {
  if (!manageState || manageState.deleting) return;
  manageState = { ...manageState, deleting: true, deleteProblem: null };
  host.rerender();
  const answer = await attempt(() => api.unsubscribe(manageState.token));
  manageState = { ...manageState, deleting: false };
  // 404: already gone (an earlier click, the mail's one-click link): the reader's wish holds.
  if (answer.status === 204 || answer.status === 200 || answer.status === 404) manageState = { ...manageState, status: 'deleted' };
  else manageState = { ...manageState, deleteProblem: problemOf(answer) };
  host.rerender();
  if (manageState.status === 'deleted') focus('manage-result');
}

async function sendCase(form) {
  const { route, language } = host.context();
  const token = route.id;
  const state = caseStates.get(token);
  if (!state || state.sending) return;
  const email = form.elements['case-updates-email']?.value;
  const error = checkEmail(email);
  if (error) {
    caseStates.set(token, { ...state, errors: { email: error }, problem: null });
    return showErrors({ email: error }, { email: 'case-updates-email' });
  }
  caseStates.set(token, { ...state, sending: true, errors: {}, problem: null });
  host.rerender();
  const answer = await attempt(() => api.subscribeToCase(token, { email: email.trim(), language }));
  const next = { ...caseStates.get(token), sending: false };
  if (answer.status === 202) next.sent = true;
  else if (answer.status === 400 && fieldOfError(answer.json) === 'email') next.errors = { email: 'subscription.error.email' };
  else next.problem = problemOf(answer);
  caseStates.set(token, next);
  host.rerender();
  if (next.sent) focus('case-updates-result');
  else if (next.errors.email) focus('case-updates-email');
}

// The webhook's secret to the clipboard; where the browser will not, the reader is told to
// select it (it is on the page, in a <code> of its own).
async function copySecret() {
  const result = subscribeState.result;
  if (!result?.secret) return;
  let copied = false;
  try {
    await navigator.clipboard.writeText(result.secret);
    copied = true;
  } catch {
    const range = document.createRange();
    const code = document.getElementById('webhook-secret');
    if (code) {
      range.selectNodeContents(code);
      getSelection().removeAllRanges();
      getSelection().addRange(range);
    }
  }
  subscribeState = { ...subscribeState, result: { ...result, copied } };
  host.rerender();
}

// Helpers ----------------------------------------------------------------------------------

// The request's answer, or {status: 0} when the server could not be reached.
async function attempt(call) {
  try {
    return await call();
  } catch {
    return { status: 0, json: null, retryAfterS: null };
  }
}

function problemOf(answer) {
  return answer.status === 429 ? { kind: 'limited', retryAfterS: answer.retryAfterS } : { kind: 'failed' };
}

// A server's 400 for a field the form had already checked: its own words for that field.
function serverFieldError(field) {
  return {
    email: 'subscription.error.email', webhook_url: 'subscription.error.webhook',
    components: 'subscription.error.componentsUnknown',
  }[field];
}

// Re-render with the errors beside their fields, and put the reader on the first one.
function showErrors(errors, inputs) {
  host.rerender();
  const first = Object.keys(inputs).find((field) => errors[field]);
  focus(first ? inputs[first] : null);
}

function focus(id) {
  if (id) document.getElementById(id)?.focus();
}
