// A test double of the server's GET /api/v1/widget.json: derives the widget's view from a
// portal snapshot, so the browser tests' stub portal can change state freely. It mirrors the
// core's rules (shared/src/widget_view.cpp) without estimates: the window is the stored
// promise only. The real route is the core's, tested in tests/shared and tests/server.

import { indicatorFor, worse } from '../../web/widget/select.js';
import { WIDGET_SCHEMA } from '../../web/widget/view.js';

const UPCOMING_MS = 7 * 24 * 3600_000; // maintenances announced up to a week ahead

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
