// A subscriber's own page (#/subscription/TOKEN, linked from every message): what they
// follow and in which language, changed and saved here, and an unsubscribe button. The token
// is the capability; the address is shown masked, as the server gives it. Stopped
// subscriptions (a webhook failing for a day, an address the relay refused) say so and why.

import { h } from '../lib/render.js';
import { href } from '../lib/router.js';
import { componentChoice, problemLine } from './subscription-parts.js';

export function title(t) {
  return t('subscription.manage.title');
}

// state: {status: 'loading'|'ok'|'invalid'|'error'|'deleted', subscription (the server's
// document), saving, saved, deleting, errors, problem}; ctx: {t, view, languageNames}
export function render(state, ctx) {
  const { t } = ctx;
  const heading = h('h2', { class: 'page-title', id: 'manage-title' }, title(t));
  if (state.status === 'loading') return [heading, h('p', { class: 'loading' }, t('app.loading'))];
  if (state.status === 'invalid') {
    return [heading, h('p', { class: 'empty', id: 'manage-result', tabindex: -1 }, t('subscription.manage.invalid'))];
  }
  if (state.status === 'error') {
    return [heading, h('div', { class: 'notice notice--error' },
      h('p', {}, t('subscription.problem.failed')),
      h('button', { type: 'button', class: 'button', 'data-subscription-action': 'reload' }, t('app.retry')))];
  }
  if (state.status === 'deleted') {
    return [heading, h('div', { class: 'card subscribe-result', id: 'manage-result', tabindex: -1 },
      h('p', { class: 'respond__thanks' }, t('subscription.manage.deleted')),
      h('p', {}, h('a', { href: href('overview') }, t('page.back'))))];
  }
  return h('article', { class: 'subscribe-page', 'aria-labelledby': 'manage-title' },
    heading, details(state, ctx), changeForm(state, ctx), stopSection(state, t));
}

function details({ subscription: s }, { t, view }) {
  const when = (at) => t.when(at, view?.now ?? new Date().toISOString());
  return h('section', { class: 'card', 'aria-label': t('subscription.manage.about') },
    s.disabled
      ? h('p', { class: 'notice notice--warning', id: 'manage-disabled' }, t('subscription.manage.disabled', {
        time: when(s.disabled.at), reason: s.disabled.reason || t('subscription.manage.noReason'),
      }))
      : null,
    s.kind === 'email' && !s.confirmed ? h('p', { class: 'notice notice--warning' }, t('subscription.manage.unconfirmed')) : null,
    h('dl', { class: 'facts' },
      h('dt', {}, t('subscription.manage.kind')),
      h('dd', {}, t(s.kind === 'webhook' ? 'subscription.kind.webhook' : 'subscription.kind.email')),
      h('dt', {}, t(s.kind === 'webhook' ? 'subscription.webhook.label' : 'subscription.email.label')),
      h('dd', { class: 'facts__address' }, s.address)));
}

function changeForm(state, { t, view, languageNames }) {
  const s = state.subscription;
  const chosen = Array.isArray(s.components) ? s.components : [];
  return h('section', { class: 'card', 'aria-labelledby': 'manage-change-heading' },
    h('h3', { class: 'card__subtitle', id: 'manage-change-heading' }, t('subscription.manage.change')),
    h('form', { id: 'manage-form', class: 'form', 'data-subscription': 'manage', novalidate: true },
      s.kind === 'email'
        ? h('div', { class: 'field', id: 'manage-language-field' },
          h('label', { class: 'field__label', for: 'manage-language' }, t('subscription.manage.language')),
          h('select', { id: 'manage-language', name: 'manage-language', class: 'select' },
            Object.entries(languageNames).map(([code, name]) => h('option', { value: code, lang: code, selected: code === s.language }, name))))
        : null,
      // A case's subscription follows that case only: there is no choice of components.
      s.case
        ? h('p', { class: 'field__hint' }, t('subscription.manage.case'))
        : componentChoice({
          prefix: 'manage', groups: view?.groups ?? [], scope: s.components === 'all' ? 'all' : 'some', chosen, error: state.errors.components,
        }, t),
      problemLine('manage-problem', state.saveProblem, t),
      h('p', { class: 'respond__thanks', id: 'manage-saved', role: 'status', tabindex: -1 }, state.saved ? t('subscription.manage.saved') : null),
      h('button', { type: 'submit', class: 'button button--primary', 'aria-busy': state.saving ? 'true' : null }, t('subscription.manage.save'))));
}

function stopSection(state, t) {
  return h('section', { class: 'card', 'aria-labelledby': 'manage-stop-heading' },
    h('h3', { class: 'card__subtitle', id: 'manage-stop-heading' }, t('subscription.manage.stop')),
    h('p', { id: 'manage-stop-intro' }, t('subscription.manage.stopIntro')),
    h('button', {
      type: 'button', class: 'button', id: 'unsubscribe', 'data-subscription-action': 'unsubscribe',
      'aria-describedby': 'manage-stop-intro', 'aria-busy': state.deleting ? 'true' : null,
    }, t('subscription.manage.unsubscribe')),
    problemLine('unsubscribe-problem', state.deleteProblem, t));
}
