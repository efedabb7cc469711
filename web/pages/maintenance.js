// One planned maintenance: its window, what it touches, what to expect, and a calendar link.

import { h } from '../lib/render.js';
import { affects, backLink, section, statusLabel, updateItem } from './parts.js';

export function title(view, t, route) {
  return find(view, route)?.name ?? t('maintenance.page.missingTitle');
}

export function render(view, t, route) {
  const now = view.now;
  const m = find(view, route);
  if (!m) {
    return [backLink(t), h('h2', { class: 'page-title' }, t('maintenance.page.missingTitle')),
      h('p', { class: 'empty' }, t('maintenance.page.missing'))];
  }
  return [
    backLink(t),
    h('article', { class: 'maintenance-page', 'aria-labelledby': 'maintenance-title' },
      h('header', { class: 'card__header' },
        h('span', { class: `badge badge--maintenance-${m.status}` }, t(`maintenance.status.${m.status}`)),
        h('h2', { id: 'maintenance-title', class: 'page-title' }, m.name),
        h('p', { class: 'maintenance-page__window' }, t('maintenance.page.window', {
          start: t.dateTime(m.scheduled_for),
          end: t.when(m.scheduled_until, m.scheduled_for),
        })),
        h('p', { class: 'card__meta' },
          m.active
            ? t('maintenance.endsIn', { relative: t.relative(m.scheduled_until, now) })
            : t('maintenance.startsIn', { relative: t.relative(m.scheduled_for, now) }),
          m.components.length ? [' · ', affects(m.components, t)] : null),
        h('p', {}, h('a', { class: 'button', href: 'maintenance.ics', type: 'text/calendar' }, t('maintenance.calendar')))),
      m.components.length
        ? section('affected', t('maintenance.affected'),
          h('ul', { class: 'components card' }, m.components.map((c) => h('li', { class: 'component' },
            h('span', { class: 'component__name' }, c.name),
            statusLabel(c.status, t, 'component__status')))))
        : null,
      section('expect', t('maintenance.expect'),
        m.updates.length
          ? h('ol', { class: 'updates__list card' }, m.updates.map((u) => updateItem(u, t, now)))
          : h('p', { class: 'empty' }, t('maintenance.noUpdates')))),
  ];
}

function find(view, route) {
  return view.maintenances.find((m) => m.id === route.id) ?? null;
}
