// kill -9 while a writer posts updates: every update the server acknowledged (2xx) must be
// there after a restart, and SQLite's integrity check must pass.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { demoServer, post, startServer } from './helper.mjs';

test('no acknowledged write is lost to kill -9', async () => {
  const server = await demoServer();
  const made = await post(`${server.url}/api/v1/incidents`, { name: 'Durability', impact: 'minor', category: 'Test',
    status: 'investigating', message: 'update 0' }, server.token);
  assert.equal(made.status, 201, made.text);
  const id = made.json.id;
  const acknowledged = [];
  let stop = false;
  // Two writers at once, so the kill lands mid-transaction more often.
  const writer = async (name) => {
    for (let i = 1; !stop; ++i) {
      try {
        const r = await post(`${server.url}/api/v1/incidents/${id}/updates`, { status: 'identified', message: `${name} ${i}` }, server.token);
        if (r.status === 201) acknowledged.push(r.json.id);
      } catch {
        return;  // the server is gone
      }
    }
  };
  const writers = [writer('a'), writer('b')];
  await new Promise((r) => setTimeout(r, 700));
  server.child.kill('SIGKILL');
  await new Promise((r) => server.child.once('exit', r));
  stop = true;
  await Promise.all(writers);
  assert.ok(acknowledged.length >= 5, `only ${acknowledged.length} writes acknowledged`);

  const integrity = spawnSync('sqlite3', [server.db, 'PRAGMA integrity_check'], { encoding: 'utf8' });
  if (integrity.status === 0) assert.equal(integrity.stdout.trim(), 'ok');

  const again = await startServer(server.db);
  try {
    const doc = await (await fetch(`${again.url}/api/v2/incidents.json`)).json();
    const x = doc.incidents.find((i) => i.id === id);
    assert.ok(x, 'the incident survived');
    const stored = new Set(x.incident_updates.map((u) => u.id));
    const lost = acknowledged.filter((u) => !stored.has(u));
    assert.deepEqual(lost, [], `${lost.length} of ${acknowledged.length} acknowledged updates lost`);
  } finally {
    await again.stop();
  }
  const after = spawnSync('sqlite3', [server.db, 'PRAGMA integrity_check'], { encoding: 'utf8' });
  if (after.status === 0) assert.equal(after.stdout.trim(), 'ok');
});
