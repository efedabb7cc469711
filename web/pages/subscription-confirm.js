// The double opt-in's landing page (#/subscription/confirm/TOKEN, the link in the
// confirmation mail). Mail scanners and link previews open links, so opening this page
// confirms nothing: only the reader's press of the button POSTs the token.

import { h } from '../lib/render.js';
import { href } from '../lib/router.js';
import { problemLine } from './subscription-parts.js';

export function title(t) {
  return t('subscription.confirm.title');
}

// state: {status: 'idle'|'sending'|'confirmed'|'invalid', problem, manageToken}
export function render(state, { t, options }) {
  const heading = h('h2', { class: 'page-title', id: 'confirm-title' }, title(t));
  if (state.status === 'confirmed') {
    return [heading, h('div', { class: 'card subscribe-result', id: 'confirm-result', tabindex: -1 },
      h('p', { class: 'respond__thanks' }, t('subscription.confirm.done')),
      state.manageToken
        ? h('p', {}, h('a', { href: href('subscription', state.manageToken) }, t('subscription.confirm.manage')))
        : h('p', {}, t('subscription.confirm.manageInMail')),
      h('p', {}, h('a', { href: href('overview') }, t('page.back'))))];
  }
  if (state.status === 'invalid') {
    return [heading, h('div', { class: 'card', id: 'confirm-result', tabindex: -1 },
      h('p', {}, t('subscription.confirm.invalid')),
      options?.available ? h('p', {}, h('a', { href: href('subscribe') }, t('subscription.confirm.again'))) : null)];
  }
  return [heading, h('div', { class: 'card' },
    h('p', { id: 'confirm-intro' }, t('subscription.confirm.intro')),
    h('button', {
      type: 'button', class: 'button button--primary', id: 'confirm-subscription', 'data-subscription-action': 'confirm',
      'aria-describedby': 'confirm-intro', 'aria-busy': state.status === 'sending' ? 'true' : null,
    }, t('subscription.confirm.button')),
    problemLine('confirm-problem', state.problem, t))];
}
