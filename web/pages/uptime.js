// The overview's 90-day uptime bar per component: one bar per UTC day, coloured by the
// day's worst status and sized by it too (taller is worse; maintenance is hollow), so colour
// is never the only signal. Each day is one button whose accessible name (the date, the
// status, that day's incidents) the stylesheet also shows as its tooltip, so 90 days cost 90
// elements; the bar is one tab stop and the arrow keys, Home and End move between days (a
// roving tabindex).

import { h } from '../lib/render.js';

const STATUSES = ['operational', 'degraded_performance', 'partial_outage', 'major_outage', 'under_maintenance'];
const chosenDay = new Map(); // bar id -> index of the day that takes the tab stop

// component.uptime = {percent, days: [{date, worst, incidents: [{id, name}]}]} (oldest first).
export function uptimeBar(component, t) {
  const days = component.uptime?.days;
  if (!days?.length) return null;
  const id = `uptime-${component.id}`;
  const stop = Math.min(chosenDay.get(id) ?? days.length - 1, days.length - 1);
  return h('div', { class: 'uptime' },
    h('div', { class: 'uptime__days', id, role: 'group', 'aria-label': t('uptime.label', { name: component.name, count: days.length }) },
      days.map((day, i) => h('button', {
        type: 'button', class: `uptime__day uptime__day--${day.worst}`, tabindex: i === stop ? 0 : -1, 'data-day': i,
        'aria-label': [t.day(day.date), t(`status.${day.worst}`), day.incidents.length ? t.list(day.incidents.map((x) => x.name)) : null]
          .filter(Boolean).join(' · '),
      }))),
    h('p', { class: 'uptime__meta' },
      h('span', {}, t('uptime.ago', { count: days.length })),
      h('span', { class: 'uptime__percent' }, t('uptime.percent', { pct: component.uptime.percent })),
      h('span', {}, t('uptime.today'))));
}

// The bars' key: what each colour and height means.
export function uptimeLegend(groups, t) {
  if (!groups.some((g) => g.components.some((c) => c.uptime?.days?.length))) return null;
  return h('ul', { class: 'uptime-legend', 'aria-label': t('uptime.legend') },
    STATUSES.map((status) => h('li', {},
      h('span', { class: `uptime__swatch uptime__day--${status}`, 'aria-hidden': 'true' }),
      t(`status.${status}`))));
}

// keydown anywhere: moves between a bar's days; true when it handled the key.
export function moveUptimeFocus(event) {
  const day = event.target.closest?.('.uptime__day');
  if (!day) return false;
  const bar = day.closest('.uptime__days');
  const days = [...bar.querySelectorAll('.uptime__day')];
  const at = days.indexOf(day);
  const next = { ArrowLeft: at - 1, ArrowRight: at + 1, Home: 0, End: days.length - 1 }[event.key];
  if (next == null) return false;
  event.preventDefault();
  const to = Math.max(0, Math.min(days.length - 1, next));
  day.tabIndex = -1;
  days[to].tabIndex = 0;
  days[to].focus();
  chosenDay.set(bar.id, to);
  return true;
}
