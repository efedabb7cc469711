// The operator write API over real HTTP: bearer tokens, validation errors, methods and paths,
// and the `candor incident|component|token` subcommands that drive it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { demoServer, post, run } from './helper.mjs';

let server;
before(async () => { server = await demoServer(); });
after(async () => { await server?.stop(); });

const incident = { name: 'Slow search', impact: 'minor', category: 'Search', status: 'investigating', message: 'Looking.' };
const version = async () => (await (await fetch(`${server.url}/api/v1/portal.json`)).json()).version;

test('401 without a token, 403 without the scope, 201 with one', async () => {
  const none = await post(`${server.url}/api/v1/incidents`, incident);
  assert.equal(none.status, 401);
  assert.equal(none.headers.get('www-authenticate'), 'Bearer realm="candor"');
  assert.equal(none.json.error.code, 'unauthorized');
  assert.equal((await post(`${server.url}/api/v1/incidents`, incident, 'cnd_' + '0'.repeat(64))).status, 401);
  const reports = await post(`${server.url}/api/v1/incidents`, incident, server.reports);
  assert.equal(reports.status, 403);
  const ok = await post(`${server.url}/api/v1/incidents`, incident, server.token);
  assert.equal(ok.status, 201, ok.text);
  assert.match(ok.json.id, /^[a-z0-9]{12}$/);
  assert.ok(ok.json.promise.latest_at >= ok.json.promise.likely_at);
});

test('bad requests get clear 4xx errors and change nothing', async () => {
  const before = await version();
  const cases = [
    ['{"name":', 400, 'parse_error', ''],
    ['[]', 400, 'wrong_type', ''],
    [JSON.stringify({ ...incident, impact: 'apocalyptic' }), 400, 'invalid_value', '/impact'],
    [JSON.stringify({ ...incident, extra: true }), 400, 'unknown_field', '/extra'],
    [JSON.stringify({ ...incident, name: undefined }), 400, 'missing_field', '/name'],
    [JSON.stringify({ ...incident, components: ['missing'] }), 400, 'invalid_value', '/components/0'],
    ['['.repeat(100) + ']'.repeat(100), 400, 'too_deep', ''],
    [JSON.stringify({ ...incident, name: 'x'.repeat(40000) }), 413, 'too_large', ''],
  ];
  for (const [body, status, code, path] of cases) {
    const r = await post(`${server.url}/api/v1/incidents`, body, server.token);
    assert.equal(r.status, status, `${body.slice(0, 60)} → ${r.text}`);
    assert.equal(r.json.error.code, code);
    assert.equal(r.json.error.path, path);
    assert.ok(r.json.error.detail.length > 0);
  }
  // Invalid UTF-8 bytes in the body.
  const bad = await fetch(`${server.url}/api/v1/incidents`, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${server.token}` },
    body: Buffer.from([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
  });
  assert.equal(bad.status, 400);
  assert.equal((await bad.json()).error.code, 'bad_utf8');
  // Larger than the server's own body limit: refused before routing.
  const huge = await fetch(`${server.url}/api/v1/incidents`, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${server.token}` },
    body: 'x'.repeat(200 * 1024),
  }).catch(() => ({ status: 413 }));
  assert.equal(huge.status, 413);
  assert.equal(await version(), before);
});

test('wrong methods are 405 with Allow, unknown paths 404', async () => {
  const get = await fetch(`${server.url}/api/v1/incidents`);
  assert.equal(get.status, 405);
  assert.equal(get.headers.get('allow'), 'POST');
  const del = await fetch(`${server.url}/api/v2/summary.json`, { method: 'DELETE' });
  assert.equal(del.status, 405);
  const nope = await post(`${server.url}/api/v1/nothing`, {}, server.token);
  assert.equal(nope.status, 404);
  assert.equal(nope.json.error.code, 'not_found');
  const missing = await post(`${server.url}/api/v1/incidents/zzzzzzzzzzzz/updates`, { status: 'identified', message: 'm' }, server.token);
  assert.equal(missing.status, 404);
});

test('candor incident open|update|resolve and component set over HTTP', async () => {
  const env = { ...process.env, CANDOR_TOKEN: server.token };
  const { spawnSync } = await import('node:child_process');
  const { candor } = await import('./helper.mjs');
  const cli = (...args) => {
    const r = spawnSync(candor, args, { encoding: 'utf8', env });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };
  const components = (await (await fetch(`${server.url}/api/v2/components.json`)).json()).components;
  const opened = cli('incident', 'open', '--url', server.url, '--name', 'Queue backlog', '--impact', 'major',
    '--category', 'Webhooks', '--component', components[1].id, '--message', 'Investigating the backlog.');
  assert.equal(opened.code, 0, opened.err);
  const id = JSON.parse(opened.out).id;
  const updated = cli('incident', 'update', id, '--url', server.url, '--status', 'monitoring', '--message', 'Fix deployed.');
  assert.equal(updated.code, 0, updated.err);
  assert.equal(JSON.parse(updated.out).status, 'monitoring');
  const resolved = cli('incident', 'resolve', id, '--url', server.url);
  assert.equal(resolved.code, 0, resolved.err);
  assert.equal(JSON.parse(resolved.out).status, 'resolved');
  const again = cli('incident', 'resolve', id, '--url', server.url);
  assert.equal(again.code, 1);
  assert.match(again.err, /HTTP 409/);
  const set = cli('component', 'set', components[1].id, '--url', server.url, '--status', 'degraded_performance');
  assert.equal(set.code, 0, set.err);
  const after = (await (await fetch(`${server.url}/api/v2/components.json`)).json()).components;
  assert.equal(after.find((c) => c.id === components[1].id).status, 'degraded_performance');
  const v2 = await (await fetch(`${server.url}/api/v2/incidents.json`)).json();
  const x = v2.incidents.find((i) => i.id === id);
  assert.deepEqual(x.incident_updates.map((u) => u.status), ['resolved', 'monitoring', 'investigating']);
  assert.ok(x.monitoring_at && x.resolved_at);
  // No token: a usage error, nothing sent.
  const noToken = spawnSync(candor, ['incident', 'resolve', id, '--url', server.url], { encoding: 'utf8', env: { PATH: process.env.PATH } });
  assert.equal(noToken.status, 2);
});

test('candor token create prints a token once; revoke stops it', async () => {
  const made = run('token', 'create', '--db', server.db);
  assert.equal(made.code, 0, made.err);
  const token = made.out.trim();
  assert.match(token, /^cnd_[0-9a-f]{64}$/);
  const id = made.err.match(/token id (tok_[0-9a-f]+)/)[1];
  assert.equal((await post(`${server.url}/api/v1/incidents`, incident, token)).status, 201);
  assert.equal(run('token', 'revoke', id, '--db', server.db).code, 0);
  assert.equal((await post(`${server.url}/api/v1/incidents`, incident, token)).status, 401);
  assert.equal(run('token', 'revoke', id, '--db', server.db).code, 1);
  assert.equal(run('token', 'create', '--db', server.db, '--scope', 'root').code, 2);
});

test('candor maintenance schedule|start|complete, seen in /api/v2 and the calendar', async () => {
  const { spawnSync } = await import('node:child_process');
  const { candor } = await import('./helper.mjs');
  const env = { ...process.env, CANDOR_TOKEN: server.token };
  const cli = (...args) => spawnSync(candor, args, { encoding: 'utf8', env });
  const from = new Date(Date.now() + 86400e3).toISOString();
  const until = new Date(Date.now() + 90000e3).toISOString();
  const made = cli('maintenance', 'schedule', '--url', server.url, '--name', 'Storage firmware', '--scheduled-for', from,
    '--scheduled-until', until, '--message', 'Short read-only window.');
  assert.equal(made.status, 0, made.stderr);
  const id = JSON.parse(made.stdout).id;
  const upcoming = await (await fetch(`${server.url}/api/v2/scheduled-maintenances/upcoming.json`)).json();
  assert.ok(upcoming.scheduled_maintenances.some((m) => m.id === id));
  assert.match(await (await fetch(`${server.url}/maintenance.ics`)).text(), new RegExp(`UID:${id}@`));
  assert.equal(cli('maintenance', 'start', id, '--url', server.url).status, 0);
  const active = await (await fetch(`${server.url}/api/v2/scheduled-maintenances/active.json`)).json();
  assert.ok(active.scheduled_maintenances.some((m) => m.id === id));
  const done = cli('maintenance', 'complete', id, '--url', server.url);
  assert.equal(done.status, 0, done.stderr);
  assert.equal(JSON.parse(done.stdout).status, 'completed');
  const all = await (await fetch(`${server.url}/api/v2/scheduled-maintenances.json`)).json();
  const m = all.scheduled_maintenances.find((x) => x.id === id);
  assert.equal(m.status, 'completed');
  assert.deepEqual(m.incident_updates.map((u) => u.status), ['completed', 'in_progress', 'scheduled']);
  assert.equal(cli('maintenance', 'start', id, '--url', server.url).status, 1);
});

test('candor channel set updates the live figures', async () => {
  const { spawnSync } = await import('node:child_process');
  const { candor } = await import('./helper.mjs');
  const portal = await (await fetch(`${server.url}/api/v1/portal.json`)).json();
  const channel = portal.channels[0].id;
  const r = spawnSync(candor, ['channel', 'set', channel, '--url', server.url, '--agents', '9', '--queue-length', '4'],
    { encoding: 'utf8', env: { ...process.env, CANDOR_TOKEN: server.token } });
  assert.equal(r.status, 0, r.stderr);
  const after = (await (await fetch(`${server.url}/api/v1/portal.json`)).json()).channels.find((c) => c.id === channel);
  assert.equal(after.agents, 9);
  assert.equal(after.queue_length, 4);
});

test('channel hours: time zone, weekly hours and holidays over HTTP and `candor channel set`', async () => {
  const { spawnSync } = await import('node:child_process');
  const { candor } = await import('./helper.mjs');
  const portal = await (await fetch(`${server.url}/api/v1/portal.json`)).json();
  const channel = portal.channels[0].id;
  // Asia/Tokyo is UTC+9 all year (no DST since 1951, IANA tzdata "asia" file), so 09:00-10:00
  // there is 00:00-01:00 UTC every day, whatever day the test runs.
  const day = (offsetDays) => new Date(Date.now() + 9 * 3600e3 + offsetDays * 86400e3).toISOString().slice(0, 10);
  const holiday = day(3);
  const cli = (...args) => spawnSync(candor, ['channel', 'set', channel, '--url', server.url, ...args],
    { encoding: 'utf8', env: { ...process.env, CANDOR_TOKEN: server.token } });
  const r = cli('--time-zone', 'Asia/Tokyo', '--hours', 'mon-sun 09:00-10:00', '--holiday', `${holiday}=Founders Day`);
  assert.equal(r.status, 0, r.stderr);
  const after = (await (await fetch(`${server.url}/api/v1/portal.json`)).json()).channels.find((c) => c.id === channel);
  assert.equal(after.time_zone, 'Asia/Tokyo');
  assert.ok(after.open_intervals.length >= 12, JSON.stringify(after.open_intervals));
  for (const [start, end] of after.open_intervals) {
    assert.match(start, /T00:00:00\.000Z$/);
    assert.equal(Date.parse(end) - Date.parse(start), 3600e3);
    assert.notEqual(start.slice(0, 10), holiday, 'closed on the holiday');
  }
  // Strict parsing: a usage error (exit 2) before any request, naming what was wrong.
  const before = (await (await fetch(`${server.url}/api/v1/portal.json`)).json()).version;
  for (const args of [['--hours', 'weekdays 9-5'], ['--time-zone', 'Europe/Atlantis'], ['--holiday', '2026-02-30']]) {
    const bad = cli(...args);
    assert.equal(bad.status, 2, args.join(' '));
    assert.match(bad.stderr, /^candor: --(hours|time-zone|holiday) /);
  }
  // Over HTTP the same checks are 400s naming the field; nothing changes.
  for (const [body, path] of [[{ hours: ['sat-mon 10:00-12:00'] }, '/hours/0'], [{ time_zone: 'UTC+2' }, '/time_zone'],
    [{ holidays: ['2026-12-25', '2026-12-25=Again'] }, '/holidays/1']]) {
    const res = await post(`${server.url}/api/v1/channels/${channel}`, body, server.token, 'PATCH');
    assert.equal(res.status, 400, res.text);
    assert.equal(res.json.error.path, path);
  }
  assert.equal((await (await fetch(`${server.url}/api/v1/portal.json`)).json()).version, before);
  // "none" clears the holidays.
  assert.equal(cli('--holiday', 'none').status, 0);
  const cleared = (await (await fetch(`${server.url}/api/v1/portal.json`)).json()).channels.find((c) => c.id === channel);
  assert.ok(cleared.open_intervals.some(([start]) => start.slice(0, 10) === holiday));
});
