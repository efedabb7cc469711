// Past and current incidents by month, with how long each lasted, filterable by component:
// the open ones from view.incidents and every resolved one the snapshot carries
// (view.past_incidents), and it says how far back that goes.

import { h } from '../lib/render.js';
import { href } from '../lib/router.js';
import { section, subscribeSection } from './parts.js';

export function title(view, t) {
  return t('history.heading');
}

export function render(view, t, route, { subscriptions = null } = {}) {
  const components = view.groups.flatMap((group) => group.components);
  const chosen = components.find((c) => c.id === route.params.component) ?? null;
  const all = [
    ...view.incidents.filter((incident) => incident.active),
    ...view.past_incidents.map((past) => ({ ...past, active: false, elapsed_s: past.duration_s })),
  ].sort((a, b) => Date.parse(b.started_at) - Date.parse(a.started_at));
  const incidents = chosen
    ? all.filter((incident) => incident.components.some((c) => c.id === chosen.id))
    : all;
  // Months in the reader's zone, newest first (the view model lists newest first).
  const months = [];
  for (const incident of incidents) {
    const key = t.monthKey(incident.started_at);
    if (months.at(-1)?.key !== key) months.push({ key, at: incident.started_at, items: [] });
    months.at(-1).items.push(incident);
  }
  return [
    h('h2', { class: 'page-title', id: 'history-title' }, t('history.heading')),
    h('p', { class: 'section__intro' }, t('history.scope')),
    h('div', { class: 'filter' },
      h('label', { for: 'history-filter' }, t('history.filter')),
      h('select', { id: 'history-filter', class: 'select' },
        h('option', { value: '', selected: !chosen }, t('history.filterAll')),
        components.map((c) => h('option', { value: c.id, selected: chosen?.id === c.id }, c.name)))),
    h('p', { class: 'history__count', role: 'status' }, chosen
      ? t('history.countFor', { count: incidents.length, component: chosen.name })
      : t('history.count', { count: incidents.length })),
    months.map((month) => section(`month-${month.key}`, t.month(month.at),
      h('ul', { class: 'history' }, month.items.map((incident) => h('li', { class: 'card history__item' },
        h('a', { class: 'history__name', href: href('incident', incident.id) }, incident.name),
        h('span', { class: `badge badge--impact-${incident.impact}` }, t(`impact.${incident.impact}`)),
        h('p', { class: 'card__meta' }, incident.active
          ? t('history.item.active', { start: t.dateTime(incident.started_at), duration: t.duration(incident.elapsed_s) })
          : t('history.item.resolved', { start: t.dateTime(incident.started_at), duration: t.duration(incident.elapsed_s) }))))))),
    subscribeSection(t, { historyLink: false, updates: subscriptions?.available }),
  ];
}
