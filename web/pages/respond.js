// The reader's side of the conversation: "I'm affected too" while an incident is open, and
// a one-click "how did we do?" (1-5, with an optional comment written first) once it, or a
// private case, is resolved. The buttons carry data-action; main.js sends through
// lib/respond.js, which remembers per incident or case, and re-renders from its state.

import { h } from '../lib/render.js';
import { stateOf } from '../lib/respond.js';

export const affectedKey = (incidentId) => `affected:${incidentId}`;
export const feedbackKey = (kind, id) => `feedback:${kind}:${id}`;

export function affectedBlock(incident, t) {
  if (!incident.active) return null;
  const state = stateOf(affectedKey(incident.id));
  return h('div', { class: 'respond', id: `affected-${incident.id}` },
    state.state === 'done'
      ? h('p', { class: 'respond__thanks', role: 'status', tabindex: -1 }, t('affected.thanks'))
      : [
        h('p', { class: 'respond__ask' }, t('affected.ask')),
        h('button', {
          type: 'button', class: 'button', 'data-action': 'affected', 'data-id': incident.id,
          'aria-busy': state.state === 'sending' ? 'true' : null,
        }, t('affected.button')),
        problem(state, t, 'affected.limited'),
      ]);
}

// kind: 'incident' (target: its id) or 'case' (target: the token; id: the case's id).
export function feedbackBlock({ kind, target, id }, t) {
  const key = feedbackKey(kind, id);
  const state = stateOf(key);
  const body = state.state === 'done'
    ? h('p', { class: 'respond__thanks', role: 'status', tabindex: -1 }, state.value == null
      ? t('feedback.already')
      : t('feedback.thanks', { rating: state.value }))
    : [
      h('p', { class: 'feedback__intro', id: 'feedback-intro' }, t('feedback.intro')),
      h('label', { class: 'feedback__label', for: 'feedback-comment' }, t('feedback.comment')),
      h('textarea', { id: 'feedback-comment', class: 'feedback__comment', rows: 2, maxlength: 2000 }),
      h('div', { class: 'feedback__scale', role: 'group', 'aria-labelledby': 'feedback-heading', 'aria-describedby': 'feedback-intro' },
        [1, 2, 3, 4, 5].map((rating) => h('button', {
          type: 'button', class: 'button feedback__rate', 'data-action': 'rate', 'data-kind': kind,
          'data-target': target, 'data-key': key, 'data-rating': rating,
          'aria-label': t('feedback.rating', { rating }),
        }, String(rating)))),
      h('p', { class: 'feedback__ends', 'aria-hidden': 'true' },
        h('span', {}, t('feedback.low')), h('span', {}, t('feedback.high'))),
      problem(state, t, 'feedback.limited'),
    ];
  return h('section', { class: 'card feedback', 'aria-labelledby': 'feedback-heading' },
    h('h3', { id: 'feedback-heading', class: 'card__subtitle' }, t(kind === 'case' ? 'feedback.heading.case' : 'feedback.heading')),
    body);
}

function problem(state, t, limitedKey) {
  if (state.state === 'limited') {
    return h('p', { class: 'respond__problem', role: 'status' }, state.retryAfterS
      ? t(limitedKey, { duration: t.duration(state.retryAfterS) })
      : t('respond.limitedSoon'));
  }
  if (state.state === 'failed') return h('p', { class: 'respond__problem', role: 'status' }, t('respond.failed'));
  return null;
}
