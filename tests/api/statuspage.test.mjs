// /api/v2 over real HTTP: a sample of every document checked against the field tables of
// ../shared/specs/statuspage-v2.md, after an operator wrote through the API.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { demoServer, post } from './helper.mjs';

let server;
before(async () => { server = await demoServer(); });
after(async () => { await server?.stop(); });

const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const isIso = (v) => typeof v === 'string' && iso.test(v);
const isStrOrNull = (v) => v === null || typeof v === 'string';

const componentStatuses = ['operational', 'degraded_performance', 'partial_outage', 'major_outage', 'under_maintenance'];
const incidentStatuses = ['investigating', 'identified', 'monitoring', 'resolved', 'postmortem'];
const maintenanceStatuses = ['scheduled', 'in_progress', 'verifying', 'completed'];
const impacts = ['none', 'minor', 'major', 'critical', 'maintenance'];

function checkPage(p) {  // §2
  assert.deepEqual(Object.keys(p), ['id', 'name', 'url', 'time_zone', 'updated_at']);
  assert.match(p.id, /^[a-z0-9]{12}$/);
  for (const k of ['name', 'url', 'time_zone']) assert.equal(typeof p[k], 'string');
  assert.ok(isIso(p.updated_at));
}
function checkComponent(c) {  // §4
  const keys = ['id', 'name', 'status', 'created_at', 'updated_at', 'position', 'description', 'showcase',
    'start_date', 'group_id', 'page_id', 'group', 'only_show_if_degraded'];
  assert.deepEqual(Object.keys(c), c.group ? [...keys, 'components'] : keys);
  assert.ok(componentStatuses.includes(c.status), c.status);
  assert.ok(isIso(c.created_at) && isIso(c.updated_at));
  assert.ok(Number.isInteger(c.position));
  assert.ok(isStrOrNull(c.description) && isStrOrNull(c.start_date) && isStrOrNull(c.group_id));
  for (const k of ['showcase', 'group', 'only_show_if_degraded']) assert.equal(typeof c[k], 'boolean');
  if (c.group) assert.ok(c.components.every((id) => typeof id === 'string'));
}
function checkUpdate(u, itemId) {  // §6
  assert.deepEqual(Object.keys(u), ['id', 'status', 'body', 'incident_id', 'created_at', 'updated_at', 'display_at',
    'affected_components', 'deliver_notifications', 'custom_tweet', 'tweet_id']);
  assert.ok([...incidentStatuses, ...maintenanceStatuses].includes(u.status));
  assert.equal(typeof u.body, 'string');
  assert.equal(u.incident_id, itemId);
  for (const k of ['created_at', 'updated_at', 'display_at']) assert.ok(isIso(u[k]), k);
  assert.ok(u.affected_components === null || Array.isArray(u.affected_components));
  assert.equal(typeof u.deliver_notifications, 'boolean');
  assert.ok(isStrOrNull(u.custom_tweet) && isStrOrNull(u.tweet_id));
}
function checkIncidentLike(x, statuses) {  // §5 (and §7's shared fields)
  assert.ok(statuses.includes(x.status), x.status);
  assert.ok(impacts.includes(x.impact));
  for (const k of ['created_at', 'started_at']) assert.ok(isIso(x[k]), k);
  for (const k of ['updated_at', 'monitoring_at', 'resolved_at']) assert.ok(x[k] === null || isIso(x[k]), k);
  for (const k of ['id', 'name', 'shortlink', 'page_id']) assert.equal(typeof x[k], 'string', k);
  assert.equal(x.reminder_intervals, null);
  let previous = Infinity;
  for (const u of x.incident_updates) {
    checkUpdate(u, x.id);
    const t = Date.parse(u.created_at);
    assert.ok(t <= previous, 'incident_updates newest first');
    previous = t;
  }
  x.components.forEach(checkComponent);
}
const incidentKeys = ['id', 'name', 'status', 'created_at', 'updated_at', 'monitoring_at', 'resolved_at', 'impact',
  'shortlink', 'started_at', 'page_id', 'incident_updates', 'components', 'reminder_intervals'];
function checkIncident(x) {
  assert.deepEqual(Object.keys(x), incidentKeys);
  checkIncidentLike(x, incidentStatuses);
}
function checkMaintenance(m) {  // §7
  assert.deepEqual(Object.keys(m), [...incidentKeys, 'scheduled_for', 'scheduled_until']);
  checkIncidentLike(m, maintenanceStatuses);
  assert.ok(isIso(m.scheduled_for) && isIso(m.scheduled_until));
}
async function get(path) {
  const res = await fetch(server.url + path);
  assert.equal(res.status, 200, path);
  assert.match(res.headers.get('content-type'), /^application\/json/);
  assert.equal(res.headers.get('access-control-allow-origin'), '*');
  return res.json();
}

test('every document has the spec\'s keys, types, enumerations and order', async () => {
  // An operator's incident with two updates, so the sample covers the write path too.
  const components = (await get('/api/v2/components.json')).components;
  const made = await post(`${server.url}/api/v1/incidents`, { name: 'Login errors', impact: 'critical', category: 'Auth',
    components: [components[1].id], status: 'investigating', message: 'Looking.' }, server.token);
  assert.equal(made.status, 201, made.text);
  const upd = await post(`${server.url}/api/v1/incidents/${made.json.id}/updates`,
    { status: 'identified', message: 'Cause <br /> found.' }, server.token);
  assert.equal(upd.status, 201, upd.text);

  const summary = await get('/api/v2/summary.json');
  assert.deepEqual(Object.keys(summary), ['page', 'components', 'incidents', 'scheduled_maintenances', 'status']);
  checkPage(summary.page);
  summary.components.forEach(checkComponent);
  summary.incidents.forEach(checkIncident);
  summary.scheduled_maintenances.forEach(checkMaintenance);
  assert.ok(summary.incidents.every((x) => ['investigating', 'identified', 'monitoring'].includes(x.status)));
  assert.ok(summary.scheduled_maintenances.every((m) => ['scheduled', 'in_progress', 'verifying'].includes(m.status)));
  assert.deepEqual(summary.status, { indicator: 'critical', description: 'Major Service Outage' });

  const mine = summary.incidents.find((x) => x.id === made.json.id);
  assert.ok(mine);
  assert.deepEqual(mine.incident_updates.map((u) => u.status), ['identified', 'investigating']);
  assert.equal(mine.incident_updates[0].body, 'Cause <br /> found.');
  assert.deepEqual(mine.components.map((c) => c.id), [components[1].id]);

  // Components: groups by position, each followed by its children.
  const all = (await get('/api/v2/components.json')).components;
  let group = null;
  for (const c of all) {
    if (c.group_id === null) group = c;
    else assert.equal(c.group_id, group.id, 'a child follows its group');
  }
  for (const g of all.filter((c) => c.group)) {
    assert.deepEqual(g.components, all.filter((c) => c.group_id === g.id).map((c) => c.id));
  }

  const status = await get('/api/v2/status.json');
  assert.deepEqual(Object.keys(status), ['page', 'status']);
  const incidents = await get('/api/v2/incidents.json');
  assert.deepEqual(Object.keys(incidents), ['page', 'incidents']);
  incidents.incidents.forEach(checkIncident);
  assert.ok(incidents.incidents.length <= 50);
  const created = incidents.incidents.map((x) => Date.parse(x.created_at));
  assert.deepEqual(created, [...created].sort((a, b) => b - a), 'incidents newest first');
  const unresolved = await get('/api/v2/incidents/unresolved.json');
  assert.deepEqual(unresolved.incidents.map((x) => x.id), summary.incidents.map((x) => x.id));
  for (const [path, allowed] of [['/api/v2/scheduled-maintenances.json', maintenanceStatuses],
    ['/api/v2/scheduled-maintenances/upcoming.json', ['scheduled']],
    ['/api/v2/scheduled-maintenances/active.json', ['in_progress', 'verifying']]]) {
    const doc = await get(path);
    assert.deepEqual(Object.keys(doc), ['page', 'scheduled_maintenances']);
    doc.scheduled_maintenances.forEach(checkMaintenance);
    assert.ok(doc.scheduled_maintenances.every((m) => allowed.includes(m.status)), path);
  }
});

test('ETag and If-None-Match on /api/v2', async () => {
  const first = await fetch(`${server.url}/api/v2/summary.json`);
  const etag = first.headers.get('etag');
  assert.match(etag, /^"v2-\d+-[0-9a-f]{16}(-gz)?"$/);  // fetch accepts gzip
  assert.match(first.headers.get('cache-control'), /max-age=\d+.*stale-while-revalidate=\d+/);
  const again = await fetch(`${server.url}/api/v2/summary.json`, { headers: { 'if-none-match': etag } });
  assert.equal(again.status, 304);
  assert.equal(await again.text(), '');
});

test('component statuses posted with an update are its affected_components (§6)', async () => {
  const components = (await get('/api/v2/components.json')).components;
  const target = components.find((c) => !c.group && c.status === 'operational');
  assert.ok(target, 'an operational component to break');
  const made = await post(`${server.url}/api/v1/incidents`, { name: 'Queue backlog', impact: 'major', category: 'Jobs',
    components: { [target.id]: 'major_outage' }, message: 'Jobs are delayed.' }, server.token);
  assert.equal(made.status, 201, made.text);
  const upd = await post(`${server.url}/api/v1/incidents/${made.json.id}/updates`,
    { status: 'monitoring', message: 'Draining.', components: { [target.id]: 'degraded_performance' } }, server.token);
  assert.equal(upd.status, 201, upd.text);
  const plain = await post(`${server.url}/api/v1/incidents/${made.json.id}/updates`,
    { status: 'monitoring', message: 'Still draining.' }, server.token);
  assert.equal(plain.status, 201, plain.text);

  const x = (await get('/api/v2/incidents.json')).incidents.find((i) => i.id === made.json.id);
  checkIncident(x);
  const [last, second, first] = x.incident_updates;  // newest first
  assert.equal(last.affected_components, null, 'an update that set no status');
  for (const [u, from, to] of [[first, 'operational', 'major_outage'], [second, 'major_outage', 'degraded_performance']]) {
    assert.equal(u.affected_components.length, 1);
    const a = u.affected_components[0];
    assert.deepEqual(Object.keys(a), ['code', 'name', 'old_status', 'new_status']);  // §6, §10
    assert.deepEqual(a, { code: target.id, name: target.name, old_status: from, new_status: to });
    assert.ok(componentStatuses.includes(a.old_status) && componentStatuses.includes(a.new_status));
  }
  assert.deepEqual(x.components.map((c) => c.id), [target.id]);
  const now = (await get('/api/v2/components.json')).components.find((c) => c.id === target.id);
  assert.equal(now.status, 'degraded_performance');

  // A bad status names its component and changes nothing.
  const bad = await post(`${server.url}/api/v1/incidents/${made.json.id}/updates`,
    { status: 'monitoring', message: 'x', components: { [target.id]: 'melting' } }, server.token);
  assert.equal(bad.status, 400);
  assert.equal(bad.json.error.path, `/components/${target.id}`);
  assert.match(bad.json.error.detail, /operational, degraded_performance/);
});
