// The portal's front page: the view model (shared/include/candor/view_model.hpp) as DOM.
// It reads facts from the view model and words from the catalog; it computes nothing else.

import { h } from '../lib/render.js';
import { channelIcon, statusIcon } from '../lib/icons.js';

// render(view, t) -> the nodes that go inside <main>.
export function render(view, t) {
  const now = view.now;
  const active = view.incidents.filter((incident) => incident.active);
  const resolved = view.incidents.filter((incident) => !incident.active);
  return [
    hero(view, t),
    view.data_age_s > 5 * 60
      ? h('p', { class: 'notice notice--warning', id: 'data-age' }, t('notice.dataAge', {
        relative: t.relative(view.generated_at, now),
      }))
      : null,
    incidentsSection(active, t, now, trackRecord(view, 'resolution')),
    maintenanceSection(view.maintenances, t, now),
    componentsSection(view.groups, t),
    channelsSection(view.channels, t, now),
    resolvedSection(resolved, t, now),
    trackRecordSection(view.track_record ?? [], t),
  ];
}

function trackRecord(view, kind) {
  return (view.track_record ?? []).find((record) => record.kind === kind) ?? null;
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

function section(id, heading, ...content) {
  return h('section', { class: `section section--${id}`, 'aria-labelledby': `${id}-heading` },
    h('h2', { id: `${id}-heading` }, heading),
    ...content);
}

function timeEl(at, text, t) {
  return h('time', { datetime: at, title: t.dateTime(at) }, text);
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

function incidentCard(incident, t, now, resolutionRecord) {
  const headingId = `incident-${incident.id}`;
  const [latest, ...earlier] = incident.updates;
  return h('article', { class: `card incident impact--${incident.impact}`, 'aria-labelledby': headingId },
    h('header', { class: 'card__header' },
      h('span', { class: `badge badge--impact-${incident.impact}` }, t(`impact.${incident.impact}`)),
      h('h3', { id: headingId, class: 'card__title' }, incident.name),
      h('p', { class: 'card__meta' },
        t('incident.started', {
          time: t.when(incident.started_at, now),
          relative: t.relative(incident.started_at, now),
        }),
        incident.components.length
          ? [' · ', t('incident.affects', { components: t.list(incident.components.map((c) => c.name)) })]
          : null)),
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
      : null);
}

function stagePipeline(stages, t) {
  return h('ol', { class: 'stages', 'aria-label': t('stages.label') },
    stages.map(({ stage, state }) => h('li', {
      class: `stage stage--${state}`,
      'aria-current': state === 'now' ? 'step' : null,
    },
    h('span', { class: 'stage__dot', 'aria-hidden': 'true' }),
    h('span', { class: 'stage__label' }, t(`stage.${stage}`)),
    h('span', { class: 'visually-hidden' }, ` (${t(`stage.${state}`)})`))));
}

// The published promise is what everyone was told; the live estimate backs it up when the
// promise is missed, or stands alone when nothing was promised.
function estimateBlock(incident, t, now, resolutionRecord) {
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
  } else {
    body.push(h('p', { class: 'eta__none' }, t('incident.eta.none')));
  }
  if (estimate?.beyond_history) {
    body.push(h('p', { class: 'eta__caveat' }, t('incident.eta.beyondHistory', { pct: estimate.longer_than_pct })));
  }
  if ((promise || estimate) && resolutionRecord?.kept_pct != null) {
    body.push(h('p', { class: 'eta__meta' }, t('incident.eta.trackRecord', { pct: resolutionRecord.kept_pct })));
  }
  return h('div', { class: 'eta' },
    h('h4', { class: 'eta__heading' }, t('incident.eta.heading')),
    body);
}

function nextUpdate(next, t, now) {
  if (!next) return null;
  if (next.late) {
    return h('p', { class: 'next-update next-update--late' },
      statusIcon('degraded_performance', 'icon icon--inline'),
      t('incident.next.late', { time: t.when(next.at, now), duration: t.duration(next.late_by_s) }));
  }
  return h('p', { class: 'next-update' },
    t('incident.next.due', { time: t.when(next.at, now), relative: t.relative(next.at, now) }));
}

function notes(kind, heading, items) {
  if (!items?.length) return null;
  return h('div', { class: `notes notes--${kind}` },
    h('h4', {}, heading),
    h('ul', {}, items.map((note) => h('li', {},
      h('strong', { class: 'notes__title' }, note.title),
      note.body ? h('span', { class: 'notes__body' }, plainText(note.body)) : null))));
}

// Learnt from history by the core: what delayed similar incidents, how often and how much.
function likelyObstacles(items, t) {
  if (!items?.length) return null;
  return h('div', { class: 'notes notes--likely' },
    h('h4', {}, t('incident.likelyObstacles')),
    h('ul', {}, items.map((item) => h('li', {},
      h('strong', { class: 'notes__title' }, t(t.has(`obstacle.${item.kind}`) ? `obstacle.${item.kind}` : 'obstacle.other')),
      h('span', { class: 'notes__body' }, t('incident.likelyObstacle', {
        pct: item.likelihood_pct, seen: item.seen, of: item.of, duration: t.duration(item.median_delay_s),
      }))))));
}

function updateItem(update, t, now) {
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
function plainText(body) {
  return String(body).replace(/<br\s*\/?>/gi, '\n');
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
          h('h3', { id: headingId, class: 'card__title' }, m.name),
          h('p', { class: 'card__meta' },
            t('maintenance.window', {
              start: t.when(m.scheduled_for, now),
              end: t.when(m.scheduled_until, m.scheduled_for),
            }),
            ' · ',
            m.active
              ? t('maintenance.endsIn', { relative: t.relative(m.scheduled_until, now) })
              : t('maintenance.startsIn', { relative: t.relative(m.scheduled_for, now) }),
            m.components.length
              ? [' · ', t('incident.affects', { components: t.list(m.components.map((c) => c.name)) })]
              : null)),
        latest ? h('p', { class: 'update__body' }, plainText(latest.body)) : null);
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
          statusLabel(component.status, t, 'component__status')))));
    })));
}

function statusLabel(status, t, className) {
  return h('span', { class: `status-label status--${status} ${className}` },
    statusIcon(status, 'icon'),
    h('span', {}, t(`status.${status}`)));
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
        h('span', { class: 'resolved__name' }, incident.name),
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
