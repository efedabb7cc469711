// "Get updates" (#/subscribe, #/subscribe?component=ID): an email address (double opt-in:
// the answer is "check your inbox" whatever the server knows, so no one learns who
// subscribes) or a webhook URL (its signing secret shown once), for everything or a chosen
// few components, in the page's language. Offered only as the server's options allow:
// no email form without a mail relay, nothing at all where there is no API.

import { h } from '../lib/render.js';
import { href } from '../lib/router.js';
import { backLink } from './parts.js';
import { componentChoice, field, languageLine, problemLine } from './subscription-parts.js';

export function title(t) {
  return t('subscription.subscribe.title');
}

// state: {kind: 'email'|'webhook', sending, errors: {field: id}, problem, result}
// ctx: {t, view, options, language, languageNames, route}
export function render(state, ctx) {
  const { t, options } = ctx;
  const heading = h('h2', { class: 'page-title', id: 'subscribe-title' }, title(t));
  if (!options) return [backLink(t), heading, h('p', { class: 'loading' }, t('app.loading'))];
  if (!options.available) return [backLink(t), heading, h('p', { class: 'empty' }, t('subscription.unavailable'))];
  return [
    backLink(t),
    h('article', { class: 'subscribe-page', 'aria-labelledby': 'subscribe-title' },
      heading,
      state.result ? result(state.result, t) : form(state, ctx)),
  ];
}

function form(state, { t, view, options, language, languageNames, route }) {
  const kind = options.email ? state.kind : 'webhook';
  const chosen = route.params.component ? [route.params.component] : [];
  return h('div', { class: 'card subscribe' },
    h('p', { class: 'section__intro' }, t(kind === 'email' ? 'subscription.subscribe.introEmail' : 'subscription.subscribe.introWebhook')),
    options.email && options.webhook
      ? h('fieldset', { class: 'choice-set choice-set--inline', id: 'subscribe-kind' },
        h('legend', { class: 'field__label' }, t('subscription.kind.legend')),
        ['email', 'webhook'].map((value) => h('label', { class: 'choice' },
          h('input', { type: 'radio', name: 'subscribe-kind', value, id: `subscribe-kind-${value}`, checked: kind === value }),
          h('span', {}, t(`subscription.kind.${value}`)))))
      : null,
    h('form', { id: `subscribe-form-${kind}`, class: 'form', 'data-subscription': 'subscribe', 'data-kind': kind, novalidate: true },
      kind === 'email'
        ? [field({ id: 'subscribe-email', label: t('subscription.email.label'), type: 'email', autocomplete: 'email', error: state.errors.email }, t),
          languageLine(language, languageNames, t)]
        : field({
          id: 'subscribe-webhook', label: t('subscription.webhook.label'), type: 'url', autocomplete: 'url',
          hint: t('subscription.webhook.hint'), error: state.errors.webhook_url,
        }, t),
      componentChoice({
        prefix: 'subscribe', groups: view?.groups ?? [], scope: chosen.length ? 'some' : 'all', chosen, error: state.errors.components,
      }, t),
      problemLine('subscribe-problem', state.problem, t),
      h('button', { type: 'submit', class: 'button button--primary', 'aria-busy': state.sending ? 'true' : null },
        t(kind === 'email' ? 'subscription.subscribe.buttonEmail' : 'subscription.subscribe.buttonWebhook'))));
}

// After a send: the same words for every address; a webhook's secret, once.
function result(done, t) {
  if (done.kind === 'email') {
    return h('div', { class: 'card subscribe-result', id: 'subscribe-result', tabindex: -1 },
      h('h3', { class: 'card__subtitle' }, t('subscription.sent.title')),
      h('p', {}, t('subscription.sent.body')));
  }
  return h('div', { class: 'card subscribe-result', id: 'subscribe-result', tabindex: -1 },
    h('h3', { class: 'card__subtitle' }, t('subscription.webhook.created')),
    h('p', { id: 'webhook-secret-label' }, t('subscription.webhook.secretLabel')),
    h('p', { class: 'secret' },
      h('code', { id: 'webhook-secret', 'aria-labelledby': 'webhook-secret-label' }, done.secret),
      h('button', { type: 'button', class: 'button', 'data-subscription-action': 'copy-secret' }, t('subscription.webhook.copy'))),
    h('p', { class: 'secret__status', id: 'copy-status', role: 'status' }, done.copied == null
      ? null
      : t(done.copied ? 'subscription.webhook.copied' : 'subscription.webhook.copyFailed')),
    h('p', { class: 'secret__warning' }, t('subscription.webhook.once')),
    h('p', {}, h('a', { href: href('subscription', done.manageToken) }, t('subscription.webhook.manage'))),
    h('p', { class: 'field__hint' }, t('subscription.webhook.keepLink')));
}
