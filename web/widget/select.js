// What one <candor-status> shows, from the widget view and its own options: the status of
// the components it watches, and the notices (incidents, maintenances) that affect them.
// Pure, so the rules are unit-tested without a browser (tests/web/widget-select.test.mjs).

const SEVERITY = ['operational', 'under_maintenance', 'degraded_performance', 'partial_outage', 'major_outage'];
const LEVELS = ['none', 'minor', 'major', 'critical'];

// The worse of two component statuses, as the core ranks them (view_model.cpp severity()).
export const worse = (a, b) => (SEVERITY.indexOf(b) > SEVERITY.indexOf(a) ? b : a);

// The core's indicator_for(): the worst of the component status and the incidents' impacts,
// else "maintenance" while one runs.
export function indicatorFor(status, incidents, maintenance) {
  let level = Math.max(0, SEVERITY.indexOf(status) - 1);
  for (const i of incidents) level = Math.max(level, LEVELS.indexOf(i.impact));
  return level ? LEVELS[level] : maintenance || status === 'under_maintenance' ? 'maintenance' : 'none';
}
const SOON_MS = 24 * 3600_000; // an upcoming maintenance is announced from a day ahead

// watch: component or group ids (empty = everything); dismissed: ids the reader closed.
export function select(view, { watch = [], dismissed = [], nowMs }) {
  const all = !watch.length;
  const chosen = new Set(view.components
    .filter((c) => all || watch.includes(c.id) || watch.includes(c.group_id))
    .map((c) => c.id));
  const affects = (item) => all || !item.components.length || item.components.some((id) => chosen.has(id));

  const incidents = view.incidents.filter(affects)
    .sort((a, b) => LEVELS.indexOf(b.impact) - LEVELS.indexOf(a.impact) || (a.started_at < b.started_at ? 1 : -1));
  const maintenances = view.maintenances.filter((m) => affects(m) &&
    (m.active || Date.parse(m.starts_at) - nowMs < SOON_MS));
  const notices = [...incidents, ...maintenances].map((item) => ({ ...item, dismissed: dismissed.includes(item.id) }));

  if (all) return { ...view.overall, notices };
  const status = view.components.filter((c) => chosen.has(c.id)).map((c) => c.status).reduce(worse, 'operational');
  return { status, indicator: indicatorFor(status, incidents, maintenances.some((m) => m.active)), notices };
}
