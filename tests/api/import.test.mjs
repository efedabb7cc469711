// `candor import statuspage`: a round trip (export /api/v2 from one server, import into a new
// store, serve it: the same incidents come back), idempotence, and all-or-nothing on bad files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { demoServer, post, run, startServer, tempDb } from './helper.mjs';

async function exportTo(url) {
  const dir = mkdtempSync(join(tmpdir(), 'candor-export-'));
  for (const [file, path] of [['summary.json', 'summary.json'], ['incidents.json', 'incidents.json'],
    ['scheduled-maintenances.json', 'scheduled-maintenances.json']]) {
    writeFileSync(join(dir, file), await (await fetch(`${url}/api/v2/${path}`)).text());
  }
  return dir;
}

const essentials = (doc) => doc.incidents.map((x) => ({
  id: x.id, name: x.name, status: x.status, impact: x.impact, created_at: x.created_at, resolved_at: x.resolved_at,
  components: x.components.map((c) => c.id),
  updates: x.incident_updates.map((u) => [u.id, u.status, u.body, u.created_at, u.affected_components]),
}));

test('import round trip, idempotent', async () => {
  const source = await demoServer();
  let dir;
  let original;
  try {
    // An update that changes components, so the export carries affected_components to keep.
    const unresolved = await (await fetch(`${source.url}/api/v2/incidents/unresolved.json`)).json();
    const active = unresolved.incidents[0];
    const changed = active.components.map((c) => c.id).slice(0, 2);
    assert.ok(changed.length > 0, 'the demo\'s active incident names components');
    const update = await post(`${source.url}/api/v1/incidents/${active.id}/updates`, {
      status: 'identified', message: 'Failover in progress.',
      components: Object.fromEntries(changed.map((id) => [id, 'partial_outage'])),
    }, source.token);
    assert.equal(update.status, 201, update.text);
    dir = await exportTo(source.url);
    original = await (await fetch(`${source.url}/api/v2/incidents.json`)).json();
    const recorded = original.incidents.find((x) => x.id === active.id).incident_updates[0].affected_components;
    assert.deepEqual(recorded.map((c) => [c.code, c.new_status]), changed.map((id) => [id, 'partial_outage']));
  } finally {
    await source.stop();
  }
  const db = tempDb();
  const first = run('import', 'statuspage', dir, '--db', db);
  assert.equal(first.code, 0, first.err);
  assert.match(first.out, /^imported \d+ components, \d+ incidents/);
  const version = () => spawnSync('sqlite3', [db, 'SELECT version FROM meta'], { encoding: 'utf8' }).stdout.trim();
  const v1 = version();
  const second = run('import', 'statuspage', dir, '--db', db);
  assert.equal(second.code, 0, second.err);
  assert.match(second.out, /already imported/);
  if (v1) assert.equal(version(), v1, 'a second import changes nothing');

  const server = await startServer(db);
  try {
    const back = await (await fetch(`${server.url}/api/v2/incidents.json`)).json();
    assert.deepEqual(essentials(back), essentials(original));
    const components = await (await fetch(`${server.url}/api/v2/components.json`)).json();
    assert.ok(components.components.length > 0);
    assert.equal(components.page.id, original.page.id);
  } finally {
    await server.stop();
  }
});

test('malformed files are reported with file, path and reason; nothing is imported', async () => {
  const source = await demoServer();
  let dir;
  try { dir = await exportTo(source.url); } finally { await source.stop(); }
  const incidents = JSON.parse((await import('node:fs')).readFileSync(join(dir, 'incidents.json'), 'utf8'));
  incidents.incidents[0].status = 'on_fire';
  writeFileSync(join(dir, 'incidents.json'), JSON.stringify(incidents));
  const db = tempDb();
  const r = run('import', 'statuspage', dir, '--db', db);
  assert.equal(r.code, 1);
  assert.match(r.err, /incidents\.json: \/incidents\/0\/status: "on_fire" is not an allowed value/);
  writeFileSync(join(dir, 'incidents.json'), '{"incidents": [');
  const broken = run('import', 'statuspage', dir, '--db', db);
  assert.equal(broken.code, 1);
  assert.match(broken.err, /incidents\.json: not JSON/);
  const { existsSync } = await import('node:fs');
  assert.equal(existsSync(db), false, 'the store was never created');
});
