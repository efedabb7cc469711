// "Email me this case's updates" on a private case's page: an address, double opt-in like
// every subscription (the same "check your inbox" whatever the server knows), in the page's
// language. Shown only while the case is open and the server can send mail.

import { h } from '../lib/render.js';
import { field, languageLine, problemLine } from './subscription-parts.js';

// state: {sending, sent, errors, problem}; ctx: {t, language, languageNames}
export function render(state, { t, language, languageNames }) {
  return h('section', { class: 'card case-updates', 'aria-labelledby': 'case-updates-heading' },
    h('h3', { class: 'card__subtitle', id: 'case-updates-heading' }, t('subscription.case.heading')),
    state.sent
      ? h('div', { id: 'case-updates-result', class: 'subscribe-result', tabindex: -1 },
        h('p', { class: 'respond__thanks' }, t('subscription.sent.title')),
        h('p', {}, t('subscription.sent.body')))
      : h('form', { id: 'case-updates-form', class: 'form', 'data-subscription': 'case', novalidate: true },
        h('p', { class: 'section__intro' }, t('subscription.case.intro')),
        field({ id: 'case-updates-email', label: t('subscription.email.label'), type: 'email', autocomplete: 'email', error: state.errors.email }, t),
        languageLine(language, languageNames, t),
        problemLine('case-updates-problem', state.problem, t),
        h('button', { type: 'submit', class: 'button button--primary', 'aria-busy': state.sending ? 'true' : null }, t('subscription.case.button'))));
}
