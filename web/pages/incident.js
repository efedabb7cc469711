// One incident in full: where it stands (stage by stage, in plain words), when we expect it
// fixed and why, what could delay it, what to do meanwhile, when we will say more, and
// every update; "I'm affected too" while it lasts, "how did we do?" once it is over.
// Facts from the view model, words from the catalog.

import { h } from '../lib/render.js';
import {
  affects, backLink, estimateBlock, getUpdatesLink, likelyObstacles, nextUpdate, notes, promiseOutcome, stagePipeline,
  trackRecord, updateItem,
} from './parts.js';
import { affectedBlock, feedbackBlock } from './respond.js';

export function title(view, t, route) {
  return find(view, route)?.name ?? t('incident.page.missingTitle');
}

// subscriptions: the server's options (lib/load.js), for the "Get updates" link.
export function render(view, t, route, { subscriptions = null } = {}) {
  const now = view.now;
  const incident = find(view, route);
  if (!incident) {
    return [backLink(t), h('h2', { class: 'page-title' }, t('incident.page.missingTitle')),
      h('p', { class: 'empty' }, t('incident.page.missing'))];
  }
  // Once resolved, "most likely by ..." would read as still open (the header says when it
  // ended), and what could slow it down or help meanwhile no longer applies: what we had
  // promised, and whether we kept it, takes their place.
  const outlook = incident.active ? [
    estimateBlock(incident, t, now, trackRecord(view, 'resolution'), { why: true }),
    nextUpdate(incident.next_update, t, now),
    likelyObstacles(incident.likely_obstacles, t),
    notes('obstacles', t('incident.obstacles'), incident.obstacles),
    notes('workarounds', t('incident.workarounds'), incident.workarounds),
  ].filter(Boolean) : [promiseOutcome(incident, t, now)].filter(Boolean);
  return [
    backLink(t),
    h('article', { class: `incident-page incident impact--${incident.impact}`, 'aria-labelledby': 'incident-title' },
      h('header', { class: 'card__header' },
        h('span', { class: `badge badge--impact-${incident.impact}` }, t(`impact.${incident.impact}`)),
        h('h2', { id: 'incident-title', class: 'page-title' }, incident.name),
        h('p', { class: 'card__meta' },
          incident.active
            ? t('incident.page.ongoing', { time: t.when(incident.started_at, now), duration: t.duration(incident.elapsed_s) })
            : t('incident.page.resolved', { time: t.when(incident.resolved_at, now), duration: t.duration(incident.elapsed_s) }),
          incident.components.length ? [' · ', affects(incident.components, t)] : null),
        affectedBlock(incident, t),
        getUpdatesLink(incident.components, t, subscriptions)),
      incident.active ? null : feedbackBlock({ kind: 'incident', target: incident.id, id: incident.id }, t),
      h('section', { class: 'card', 'aria-labelledby': 'stages-heading' },
        h('h3', { id: 'stages-heading', class: 'card__subtitle' },
          t(incident.active ? 'incident.page.stages' : 'incident.page.stagesPast')),
        stagePipeline(incident.stages, t, { explain: true, ends: incident.estimate?.stages ?? [], now })),
      outlook.length ? h('section', { class: 'card', 'aria-label': t('incident.eta.heading') }, outlook) : null,
      h('section', { class: 'card', 'aria-labelledby': 'updates-heading' },
        h('h3', { id: 'updates-heading', class: 'card__subtitle' }, t('incident.page.updates', { count: incident.updates.length })),
        h('ol', { class: 'updates__list updates__list--all' }, incident.updates.map((u) => updateItem(u, t, now))))),
  ];
}

// The overview's incidents (open, or resolved in the last 7 days) in full; older ones from
// the history's list, which carries what a resolved incident's page shows.
function find(view, route) {
  const current = view.incidents.find((incident) => incident.id === route.id);
  if (current) return current;
  const past = view.past_incidents.find((incident) => incident.id === route.id);
  return past ? { ...past, active: false, elapsed_s: past.duration_s } : null;
}
