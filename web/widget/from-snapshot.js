// STOPGAP until the core computes the widget view (GET /api/v1/widget.json, see
// README-shape.md): derives that view from the full portal snapshot, so the widget works
// end to end today without downloading the wasm core. It mirrors the core's rules
// (shared/src/view_model.cpp: severity order, indicator_for, active(); the first two shared
// with select.js, which keeps them when this goes) without estimates:
// the ETA window is the stored promise only. Delete this file when widget.json ships.

import { indicatorFor, worse } from './select.js';

export const WIDGET_SCHEMA = 'candor.widget/1';
const UPCOMING_MS = 7 * 24 * 3600_000; // maintenances announced up to a week ahead

// A widget.json body passes through; a portal.json snapshot is reduced to one.
export function toWidgetView(data, nowMs) {
  return data?.schema === WIDGET_SCHEMA ? data : fromSnapshot(data, nowMs);
}

export function fromSnapshot(snapshot, nowMs) {
  const at = (iso) => (iso ? Date.parse(iso) : NaN);
  const parts = snapshot.components ?? [];
  const components = parts.filter((c) => !c.group)
    .map((c) => ({ id: c.id, group_id: c.group_id ?? null, status: c.status }));
  const overall = components.map((c) => c.status).reduce(worse, 'operational');

  const incidents = (snapshot.incidents ?? [])
    .filter((i) => i.status !== 'resolved' && i.status !== 'postmortem')
    .map((i) => ({
      id: i.id,
      name: i.name,
      stage: i.status,
      impact: i.impact,
      components: i.components ?? [],
      started_at: i.started_at,
      likely_at: i.promise?.likely_at ?? null,
      latest_at: i.promise?.latest_at ?? null,
      next_update_at: i.next_update_at ?? null,
      url: `./#/incident/${encodeURIComponent(i.id)}`,
    }));

  let maintenanceNow = false;
  const maintenances = (snapshot.scheduled_maintenances ?? [])
    .filter((m) => m.status === 'in_progress' || m.status === 'verifying' ||
      (m.status === 'scheduled' && at(m.scheduled_until) > nowMs && at(m.scheduled_for) - nowMs < UPCOMING_MS))
    .map((m) => {
      const active = m.status !== 'scheduled' || at(m.scheduled_for) <= nowMs;
      if (active) maintenanceNow = true;
      return {
        id: m.id,
        name: m.name,
        stage: active && m.status === 'scheduled' ? 'in_progress' : m.status,
        impact: 'maintenance',
        components: m.components ?? [],
        active,
        starts_at: m.scheduled_for,
        likely_at: m.scheduled_until,
        latest_at: m.scheduled_until,
        next_update_at: null,
        url: `./#/maintenance/${encodeURIComponent(m.id)}`,
      };
    });

  return {
    schema: WIDGET_SCHEMA,
    version: snapshot.version ?? null,
    generated_at: snapshot.generated_at ?? null,
    page: { name: snapshot.page?.name ?? '', url: './' },
    overall: { status: overall, indicator: indicatorFor(overall, incidents, maintenanceNow) },
    components,
    incidents,
    maintenances,
  };
}
