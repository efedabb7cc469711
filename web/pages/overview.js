// The portal's front page: the view model (shared/include/candor/view_model.hpp) as DOM.
// It reads facts from the view model and words from the catalog; it computes nothing else.

import { h } from '../lib/render.js';
import { channelIcon, statusIcon } from '../lib/icons.js';
import { href } from '../lib/router.js';
import {
  affects, estimateBlock, likelyObstacles, nextUpdate, notes, plainText, section, stagePipeline,
  statusLabel, subscribeSection, trackRecord, updateItem,
} from './parts.js';
import { uptimeBar, uptimeLegend } from './uptime.js';

// render(view, t, route, {subscriptions}) -> the nodes that go inside <main>; subscriptions:
// the server's options (lib/load.js), which decide whether "Get updates" is offered.
export function render(view, t, route, { subscriptions = null } = {}) {
  const now = view.now;
  const active = view.incidents.filter((incident) => incident.active);
  const resolved = view.incidents.filter((incident) => !incident.active);
  return [
    // No warning from the snapshot's age alone: a static publish is computed as of its last
    // change (candor publish), so an old generated_at is normal there. A reader who cannot
    // refresh is told so by the notice region (main.js), with the time of the last success.
    hero(view, t),
    incidentsSection(active, t, now, trackRecord(view, 'resolution')),
    maintenanceSection(view.maintenances, t, now),
    componentsSection(view.groups, t),
    channelsSection(view.channels, t, now),
    resolvedSection(resolved, t, now),
    trackRecordSection(view.track_record ?? [], t),
    subscribeSection(t, { updates: subscriptions?.available }),
  ];
}

function hero(view, t) {
  const { status } = view.overall;
  return h('section', { class: `hero status--${status}`, 'aria-labelledby': 'overall' },
    h('div', { class: 'hero__icon' }, statusIcon(status, 'icon icon--hero')),
    h('div', { class: 'hero__text' },
      h('p', { class: 'hero__sentence', id: 'overall' }, t(`overall.${status}`)),
      h('p', { class: 'hero__meta' }, t('overall.updated', {
        time: t.when(view.generated_at, view.now),
        relative: t.relative(view.generated_at, view.now),
      }))));
}

// Incidents ------------------------------------------------------------------------------

function incidentsSection(incidents, t, now, resolutionRecord) {
  if (incidents.length === 0) {
    return section('incidents', t('incidents.heading'),
      h('p', { class: 'empty' }, t('incidents.none')));
  }
  return section('incidents', t('incidents.heading'),
    ...incidents.map((incident) => incidentCard(incident, t, now, resolutionRecord)));
}

export function incidentCard(incident, t, now, resolutionRecord) {
  const headingId = `incident-${incident.id}`;
  const [latest, ...earlier] = incident.updates;
  return h('article', { class: `card incident impact--${incident.impact}`, 'aria-labelledby': headingId },
    h('header', { class: 'card__header' },
      h('span', { class: `badge badge--impact-${incident.impact}` }, t(`impact.${incident.impact}`)),
      h('h3', { id: headingId, class: 'card__title' }, h('a', { href: href('incident', incident.id) }, incident.name)),
      h('p', { class: 'card__meta' },
        t('incident.started', {
          time: t.when(incident.started_at, now),
          relative: t.relative(incident.started_at, now),
        }),
        incident.components.length ? [' · ', affects(incident.components, t)] : null)),
    stagePipeline(incident.stages, t),
    estimateBlock(incident, t, now, resolutionRecord),
    nextUpdate(incident.next_update, t, now),
    notes('workarounds', t('incident.workarounds'), incident.workarounds),
    notes('obstacles', t('incident.obstacles'), incident.obstacles),
    likelyObstacles(incident.likely_obstacles, t),
    latest
      ? h('div', { class: 'updates' },
        h('h4', { class: 'updates__heading' }, t('incident.latestUpdate')),
        h('ol', { class: 'updates__list' }, updateItem(latest, t, now)),
        earlier.length
          ? h('details', { class: 'updates__earlier', id: `earlier-${incident.id}` },
            h('summary', {}, t('incident.earlierUpdates', { count: earlier.length })),
            h('ol', { class: 'updates__list' }, earlier.map((update) => updateItem(update, t, now))))
          : null)
      : null,
    h('p', { class: 'card__more' }, h('a', { href: href('incident', incident.id) }, t('incident.details'))));
}

// Maintenance ----------------------------------------------------------------------------

function maintenanceSection(maintenances, t, now) {
  if (!maintenances.length) return null;
  return section('maintenance', t('maintenance.heading'),
    ...maintenances.map((m) => {
      const headingId = `maintenance-${m.id}`;
      const latest = m.updates[0];
      return h('article', { class: `card maintenance${m.active ? ' maintenance--active' : ''}`, 'aria-labelledby': headingId },
        h('header', { class: 'card__header' },
          h('span', { class: `badge badge--maintenance-${m.status}` }, t(`maintenance.status.${m.status}`)),
          h('h3', { id: headingId, class: 'card__title' }, h('a', { href: href('maintenance', m.id) }, m.name)),
          h('p', { class: 'card__meta' },
            t('maintenance.window', {
              start: t.when(m.scheduled_for, now),
              end: t.when(m.scheduled_until, m.scheduled_for),
            }),
            ' · ',
            m.active
              ? t('maintenance.endsIn', { relative: t.relative(m.scheduled_until, now) })
              : t('maintenance.startsIn', { relative: t.relative(m.scheduled_for, now) }),
            m.components.length ? [' · ', affects(m.components, t)] : null)),
        latest ? h('p', { class: 'update__body' }, plainText(latest.body)) : null,
        h('p', { class: 'card__more' }, h('a', { href: href('maintenance', m.id) }, t('maintenance.details'))));
    }));
}

// Components -----------------------------------------------------------------------------

function componentsSection(groups, t) {
  if (!groups.length) return null;
  return section('components', t('components.heading'),
    h('div', { class: 'groups' }, groups.map((group) => {
      const name = group.name ?? t('components.ungrouped');
      return h('div', { class: 'group' },
        h('h3', { class: 'group__header' },
          h('span', { class: 'group__name' }, name),
          statusLabel(group.status, t, 'group__status')),
        h('ul', { class: 'components' }, group.components.map((component) => h('li', { class: 'component' },
          h('span', { class: 'component__text' },
            h('span', { class: 'component__name' }, component.name),
            component.description ? h('span', { class: 'component__description' }, component.description) : null),
          statusLabel(component.status, t, 'component__status'),
          uptimeBar(component, t)))));
    })),
    uptimeLegend(groups, t));
}

// Support channels -----------------------------------------------------------------------

const WEEK_MS = 7 * 24 * 3600 * 1000;

function channelsSection(channels, t, now) {
  if (!channels.length) return null;
  return section('channels', t('channels.heading'),
    h('ul', { class: 'channels' }, channels.map((channel) => {
      const live = channel.kind === 'chat' || channel.kind === 'phone';
      const lines = [];
      // A closing time weeks away is only the end of the published hours: not worth saying.
      if (channel.open && channel.closes_at && Date.parse(channel.closes_at) - Date.parse(now) < WEEK_MS) {
        lines.push(t('channel.openUntil', { time: t.when(channel.closes_at, now) }));
      }
      if (!channel.open && channel.opens_at) {
        lines.push(t('channel.opensAt', { time: t.when(channel.opens_at, now), relative: t.relative(channel.opens_at, now) }));
        if (channel.wait_at_open?.typical_s != null) {
          lines.push(t('channel.wait.atOpen', { duration: t.duration(channel.wait_at_open.typical_s) }));
        }
      }
      const wait = channel.open ? channel.wait : null;
      if (wait && wait.typical_s == null) {
        lines.push(t('channel.wait.unknown'));
      } else if (wait) {
        lines.push(t(live ? 'channel.wait.live' : 'channel.wait.async', { duration: t.duration(wait.typical_s) }));
        if (wait.worst_s != null && wait.worst_s > wait.typical_s) {
          lines.push(t('channel.wait.worst', { duration: t.duration(wait.worst_s) }));
        }
      }
      return h('li', { class: `card channel channel--${channel.open ? 'open' : 'closed'}` },
        h('div', { class: 'channel__header' },
          h('h3', { class: 'channel__name' },
            channelIcon(channel.kind),
            h('span', {}, channel.name),
            h('span', { class: 'visually-hidden' }, ` (${t(`channel.kind.${channel.kind}`)})`)),
          h('span', { class: `status-label ${channel.open ? 'status--operational' : 'status--closed'}` },
            statusIcon(channel.open ? 'open' : 'closed', 'icon'),
            h('span', {}, t(channel.open ? 'channel.open' : 'channel.closed')))),
        lines.map((line) => h('p', { class: 'channel__line' }, line)),
        wait && wait.typical_s != null && !wait.stable
          ? h('p', { class: 'channel__line channel__line--warning' }, t('channel.wait.unstable'))
          : null);
    })));
}

// Recently resolved ----------------------------------------------------------------------

function resolvedSection(incidents, t, now) {
  if (!incidents.length) return null;
  return section('resolved', t('resolved.heading'),
    h('ul', { class: 'resolved' }, incidents.map((incident) => h('li', { class: 'resolved__item' },
      statusIcon('operational', 'icon'),
      h('span', {},
        h('a', { class: 'resolved__name', href: href('incident', incident.id) }, incident.name),
        h('span', { class: 'resolved__meta' }, t('resolved.item', {
          time: t.when(incident.resolved_at, now),
          duration: t.duration(incident.elapsed_s),
        })))))));
}

// Track record ---------------------------------------------------------------------------

function trackRecordSection(records, t) {
  if (!records.length) return null;
  return section('track', t('track.heading'),
    h('p', { class: 'section__intro' }, t('track.intro')),
    h('ul', { class: 'track' }, records.map((record) => h('li', { class: 'card track__item' },
      h('span', { class: 'track__pct' }, record.kept_pct == null ? '–' : t('track.pct', { pct: record.kept_pct })),
      h('span', { class: 'track__label' }, t(`track.${record.kind}`)),
      h('span', { class: 'track__counts' }, record.kept_pct == null
        ? t('track.none')
        : t('track.counts', { kept: record.kept, count: record.kept + record.broken }))))));
}
