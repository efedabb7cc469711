// Pieces more than one page shows (an incident's stages, estimate, next update, notes and
// updates), so the overview card and the incident page say each thing the same way.
// Like the pages, they format what the view model says and compute nothing of their own.

import { h } from '../lib/render.js';
import { statusIcon } from '../lib/icons.js';
import { href } from '../lib/router.js';

export function section(id, heading, ...content) {
  return h('section', { class: `section section--${id}`, 'aria-labelledby': `${id}-heading` },
    h('h2', { id: `${id}-heading` }, heading),
    ...content);
}

export function timeEl(at, text, t) {
  return h('time', { datetime: at, title: t.dateTime(at) }, text);
}

export function backLink(t) {
  return h('p', { class: 'back' }, h('a', { href: href('overview') }, t('page.back')));
}

export function trackRecord(view, kind) {
  return (view.track_record ?? []).find((record) => record.kind === kind) ?? null;
}

// done / now / next; with `explain`, what each stage means in plain words, and when the
// current and later stages are likely to end (`ends`: the estimate's stages, from the core).
export function stagePipeline(stages, t, { explain = false, ends = [], now = null } = {}) {
  const endOf = (stage) => ends.find((end) => end.stage === stage)?.likely_end_at ?? null;
  return h('ol', { class: `stages${explain ? ' stages--explained' : ''}`, 'aria-label': t('stages.label') },
    stages.map(({ stage, state }) => h('li', {
      class: `stage stage--${state}`,
      'aria-current': state === 'now' ? 'step' : null,
    },
    h('span', { class: 'stage__dot', 'aria-hidden': 'true' }),
    h('span', { class: 'stage__text' },
      h('span', { class: 'stage__label' }, t(`stage.${stage}`)),
      h('span', { class: explain ? 'stage__state' : 'visually-hidden' }, ` (${t(`stage.${state}`)})`),
      explain ? h('span', { class: 'stage__about' }, t(`stage.about.${stage}`)) : null,
      explain && state !== 'done' && endOf(stage)
        ? h('span', { class: 'stage__end' }, t('stage.likelyEnd', { time: t.when(endOf(stage), now) }))
        : null))));
}

// The published promise is what everyone was told; the live estimate backs it up when the
// promise is missed, or stands alone when nothing was promised. With `why`, an expandable
// account of where the numbers come from.
export function estimateBlock(incident, t, now, resolutionRecord, { why = false } = {}) {
  const { promise, estimate } = incident;
  const windowText = (key, range) => t(key, {
    likely: t.when(range.likely_at, now),
    latest: t.when(range.latest_at, now),
  });
  const basis = (b) => h('p', { class: 'eta__basis' },
    t(`basis.${b.level}`, { count: b.n, category: incident.category }));
  const body = [];
  if (promise && !promise.missed) {
    if (promise.missed_latest_at) {
      body.push(h('p', { class: 'eta__missed' }, t('incident.eta.replaced', { time: t.when(promise.missed_latest_at, now) })));
    }
    body.push(h('p', { class: 'eta__window', id: `eta-${incident.id}` }, windowText('incident.eta.window', promise)));
    body.push(basis(promise.basis));
    body.push(h('p', { class: 'eta__meta' }, promise.revision === 0
      ? t('incident.eta.published', { time: t.when(promise.published_at, now) })
      : t('incident.eta.revised', { time: t.when(promise.published_at, now), count: promise.revision })));
  } else if (promise) {
    body.push(h('p', { class: 'eta__missed' }, t('incident.eta.missed', {
      time: t.when(promise.latest_at, now), duration: t.duration(promise.missed_by_s),
    })));
    if (estimate) {
      body.push(h('p', { class: 'eta__window', id: `eta-${incident.id}` }, windowText('incident.eta.newWindow', estimate)));
      body.push(basis(estimate.basis));
    }
  } else if (estimate) {
    body.push(h('p', { class: 'eta__window', id: `eta-${incident.id}` }, windowText('incident.eta.window', estimate)));
    body.push(basis(estimate.basis));
  } else if (incident.active) {
    body.push(h('p', { class: 'eta__none' }, t('incident.eta.none')));
  }
  if (estimate?.beyond_history) {
    body.push(h('p', { class: 'eta__caveat' }, t('incident.eta.beyondHistory', { pct: estimate.longer_than_pct })));
  }
  if ((promise || estimate) && resolutionRecord?.kept_pct != null) {
    body.push(h('p', { class: 'eta__meta' }, t('incident.eta.trackRecord', { pct: resolutionRecord.kept_pct })));
  }
  if (why && estimate) body.push(whyEstimate(incident, estimate, t));
  if (!body.length) return null;
  return h('div', { class: 'eta' },
    h('h4', { class: 'eta__heading' }, t('incident.eta.heading')),
    body);
}

// Once resolved: what we promised and whether we kept it, judged at the resolution (the
// core's "missed"), and an earlier promise we broke on the way, if any. `kind` picks the
// words: 'incident' ("fixed") or 'case' ("done").
export function promiseOutcome({ promise, resolved_at: resolvedAt }, t, now, kind = 'incident') {
  if (!promise || !resolvedAt) return null;
  const latest = t.when(promise.latest_at, now);
  return h('div', { class: `eta outcome outcome--${promise.missed ? 'missed' : 'kept'}` },
    h('h4', { class: 'eta__heading' }, t(`${kind}.outcome.heading`)),
    h('p', { class: 'outcome__verdict' }, promise.missed
      ? t(`${kind}.outcome.missed`, { time: latest, duration: t.duration(promise.missed_by_s) })
      : t(`${kind}.outcome.kept`, { time: latest, resolved: t.when(resolvedAt, now) })),
    promise.missed_latest_at
      ? h('p', { class: 'eta__meta' }, t('incident.outcome.earlierMissed', { time: t.when(promise.missed_latest_at, now) }))
      : null);
}

// "all" incidents are the last year's, unless that year was too quiet and the core used
// every incident on record (lookback_days 0).
export function basisWhyKey(basis) {
  return basis.level === 'all' && basis.lookback_days === 0 ? 'incident.why.basis.allTime' : `incident.why.basis.${basis.level}`;
}

function whyEstimate(incident, estimate, t) {
  return h('details', { class: 'why', id: `why-${incident.id}` },
    h('summary', {}, t('incident.why.summary')),
    h('div', { class: 'why__body' },
      h('p', {}, t(basisWhyKey(estimate.basis), { count: estimate.basis.n, category: incident.category })),
      h('p', {}, t('incident.why.quantiles', {
        p50: t.duration(estimate.remaining_p50_s),
        p80: t.duration(estimate.remaining_p80_s),
        p90: t.duration(estimate.remaining_p90_s),
      })),
      h('p', {}, t('incident.why.promise'))));
}

export function nextUpdate(next, t, now) {
  if (!next) return null;
  if (next.late) {
    return h('p', { class: 'next-update next-update--late' },
      statusIcon('degraded_performance', 'icon icon--inline'),
      h('span', {}, t('incident.next.late', { time: t.when(next.at, now), duration: t.duration(next.late_by_s) })));
  }
  return h('p', { class: 'next-update' },
    t('incident.next.due', { time: t.when(next.at, now), relative: t.relative(next.at, now) }));
}

export function notes(kind, heading, items) {
  if (!items?.length) return null;
  return h('div', { class: `notes notes--${kind}` },
    h('h4', {}, heading),
    h('ul', {}, items.map((note) => h('li', {},
      h('strong', { class: 'notes__title' }, note.title),
      note.body ? h('span', { class: 'notes__body' }, plainText(note.body)) : null))));
}

// Learnt from history by the core: what delayed similar incidents, how often and how much.
export function likelyObstacles(items, t) {
  if (!items?.length) return null;
  return h('div', { class: 'notes notes--likely' },
    h('h4', {}, t('incident.likelyObstacles')),
    h('ul', {}, items.map((item) => h('li', {},
      h('strong', { class: 'notes__title' }, t(t.has(`obstacle.${item.kind}`) ? `obstacle.${item.kind}` : 'obstacle.other')),
      h('span', { class: 'notes__body' }, t('incident.likelyObstacle', {
        pct: item.likelihood_pct, seen: item.seen, of: item.of, duration: t.duration(item.median_delay_s),
      }))))));
}

export function updateItem(update, t, now) {
  return h('li', { class: 'update' },
    h('p', { class: 'update__meta' },
      h('strong', { class: 'update__status' }, t(statusKey(update.status))),
      ' · ',
      timeEl(update.display_at, t('time.withRelative', {
        time: t.when(update.display_at, now), relative: t.relative(update.display_at, now),
      }), t)),
    h('p', { class: 'update__body' }, plainText(update.body)));
}

// Updates may carry an incident or a maintenance status (Statuspage shares the field).
function statusKey(status) {
  return ['scheduled', 'in_progress', 'verifying', 'completed'].includes(status)
    ? `maintenance.status.${status}`
    : `stage.${status}`;
}

// Statuspage bodies are plain text with the odd <br />: keep the line break, never the HTML.
export function plainText(body) {
  return String(body).replace(/<br\s*\/?>/gi, '\n');
}

export function statusLabel(status, t, className) {
  return h('span', { class: `status-label status--${status} ${className}` },
    statusIcon(status, 'icon'),
    h('span', {}, t(`status.${status}`)));
}

// "Get updates" for what an incident or maintenance touches, when the server takes
// subscriptions: the form opens with the first of those components chosen.
export function getUpdatesLink(components, t, subscriptions) {
  if (!subscriptions?.available) return null;
  return h('p', { class: 'card__more' }, h('a', {
    href: href('subscribe', null, { component: components[0]?.id }), id: 'get-updates',
  }, t('subscribe.getUpdates')));
}

// "Affects API and Webhooks", or nothing when no component is named.
export function affects(components, t) {
  return components.length
    ? t('incident.affects', { components: t.list(components.map((c) => c.name)) })
    : null;
}

// The feeds and the history, linked relatively so they work under any sub-path; "Get
// updates" (email or webhook) first when the server takes subscriptions (`updates`).
export function subscribeSection(t, { historyLink = true, updates = false } = {}) {
  return section('subscribe', t('subscribe.heading'),
    h('p', { class: 'section__intro' }, t('subscribe.intro')),
    h('ul', { class: 'subscribe' },
      updates ? h('li', {}, h('a', { href: href('subscribe'), id: 'get-updates' }, t('subscribe.getUpdates'))) : null,
      h('li', {}, h('a', { href: 'history.atom', type: 'application/atom+xml' }, t('subscribe.atom'))),
      h('li', {}, h('a', { href: 'maintenance.ics', type: 'text/calendar' }, t('subscribe.calendar'))),
      historyLink ? h('li', {}, h('a', { href: href('history') }, t('subscribe.history'))) : null));
}
