// A customer's private support case, opened from its capability link (#/case/<token>):
// greets them by name, shows the stages, when we expect to finish, when we will get back
// to them (and that we are late, when we are), what we need from them, every update, and
// "how did we do?" once resolved. The view is the core's caseViewModel; this formats it.
// A token that opens nothing gets one page, the same for unknown and expired links.
// An open case may offer its updates by email: main.js hands in that block (`updates`).

import { h } from '../lib/render.js';
import { statusIcon } from '../lib/icons.js';
import { plainText, promiseOutcome, timeEl } from './parts.js';
import { feedbackBlock } from './respond.js';

// state: {status: 'loading'|'ok'|'invalid'|'error', view (caseViewModel's output), token}
export function title(state, t) {
  if (state.status === 'ok') return state.view.case.title;
  return t(state.status === 'invalid' ? 'case.invalid.title' : 'case.title');
}

export function render(state, t, { updates = null } = {}) {
  if (state.status === 'loading') return h('p', { class: 'loading' }, t('case.loading'));
  if (state.status === 'invalid') {
    return [h('h2', { class: 'page-title', id: 'case-title' }, t('case.invalid.title')),
      h('p', { class: 'empty' }, t('case.invalid.body'))];
  }
  if (state.status === 'error') {
    return h('div', { class: 'notice notice--error' },
      h('p', {}, t('case.failed')),
      h('button', { type: 'button', class: 'button', id: 'retry-case' }, t('app.retry')));
  }
  const { now, case: c } = state.view;
  return h('article', { class: 'case-page', 'aria-labelledby': 'case-title' },
    h('header', { class: 'card__header' },
      h('p', { class: 'case__greeting' }, t('case.greeting', { name: c.customer_name })),
      h('h2', { id: 'case-title', class: 'page-title' }, c.title),
      h('p', { class: 'card__meta' }, c.resolved_at
        ? t('case.resolvedAt', { time: t.when(c.resolved_at, now) })
        : t('case.opened', { time: t.when(c.opened_at, now), relative: t.relative(c.updated_at, now) }))),
    c.waiting_on_customer_for
      ? h('section', { class: 'card case__needed', 'aria-labelledby': 'needed-heading' },
        h('h3', { id: 'needed-heading', class: 'card__subtitle' }, t('case.needed')),
        h('p', {}, plainText(c.waiting_on_customer_for)))
      : null,
    c.feedback_allowed ? feedbackBlock({ kind: 'case', target: state.token, id: c.id }, t) : null,
    updates,
    h('section', { class: 'card', 'aria-labelledby': 'case-stages-heading' },
      h('h3', { id: 'case-stages-heading', class: 'card__subtitle' }, t('case.stages')),
      h('ol', { class: 'stages', 'aria-label': t('stages.label') }, c.stages.map(({ stage, state: at }) => h('li', {
        class: `stage stage--${at}`, 'aria-current': at === 'now' ? 'step' : null,
      },
      h('span', { class: 'stage__dot', 'aria-hidden': 'true' }),
      h('span', { class: 'stage__text' },
        h('span', { class: 'stage__label' }, t(`caseStage.${stage}`)),
        h('span', { class: 'visually-hidden' }, ` (${t(`stage.${at}`)})`)))))),
    c.resolved_at && c.promise ? h('section', { class: 'card', 'aria-label': t('case.outcome.heading') },
      promiseOutcome(c, t, now, 'case')) : null,
    c.resolved_at ? null : h('section', { class: 'card', 'aria-labelledby': 'case-eta-heading' },
      h('h3', { id: 'case-eta-heading', class: 'card__subtitle' }, t('case.eta.heading')),
      etaLines(c, t, now),
      followUp(c.next_follow_up, t, now)),
    h('section', { class: 'card', 'aria-labelledby': 'case-updates-heading' },
      h('h3', { id: 'case-updates-heading', class: 'card__subtitle' }, t('case.updates', { count: c.updates.length })),
      h('ol', { class: 'updates__list updates__list--all' }, c.updates.map((u) => h('li', { class: 'update' },
        h('p', { class: 'update__meta' },
          h('strong', { class: 'update__status' }, t(`caseStage.${u.stage}`)),
          ' · ',
          timeEl(u.created_at, t('time.withRelative', {
            time: t.when(u.created_at, now), relative: t.relative(u.created_at, now),
          }), t)),
        h('p', { class: 'update__body' }, plainText(u.body)))))));
}

// The promise we made, kept or missed; the live estimate when it was missed or not made.
function etaLines(c, t, now) {
  const { promise, estimate } = c;
  const range = (key, r) => h('p', { class: 'eta__window' }, t(key, {
    likely: t.when(r.likely_at, now), latest: t.when(r.latest_at, now),
  }));
  const basisOf = (b) => (b ? h('p', { class: 'eta__basis' }, t('case.basis', { count: b.n })) : null);
  const basis = basisOf(estimate?.basis);
  if (promise && !promise.missed) {
    // A window published after we missed an earlier one says so, as on an incident's page.
    const replaced = promise.missed_latest_at
      ? h('p', { class: 'eta__missed' }, t('incident.eta.replaced', { time: t.when(promise.missed_latest_at, now) }))
      : null;
    // The browser has no past cases (they are private): the promise says what it was based on.
    return [replaced, range('incident.eta.window', promise), basisOf(promise.basis)];
  }
  const lines = [];
  if (promise) {
    lines.push(h('p', { class: 'eta__missed' }, t('case.eta.missed', {
      time: t.when(promise.latest_at, now), duration: t.duration(promise.missed_by_s),
    })));
  }
  if (estimate) lines.push(range(promise ? 'incident.eta.newWindow' : 'incident.eta.window', estimate), basis);
  if (!lines.length) lines.push(h('p', { class: 'eta__none' }, t('case.eta.none')));
  return lines;
}

function followUp(next, t, now) {
  if (!next) return null;
  if (next.late) {
    return h('p', { class: 'next-update next-update--late' },
      statusIcon('degraded_performance', 'icon icon--inline'),
      h('span', {}, t('case.next.late', { time: t.when(next.at, now), duration: t.duration(next.late_by_s) })));
  }
  return h('p', { class: 'next-update' }, t('case.next.due', { time: t.when(next.at, now), relative: t.relative(next.at, now) }));
}
