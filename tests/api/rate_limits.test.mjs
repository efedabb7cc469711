// Per-client rate limits on reads and operator writes (--reads-per-minute,
// --writes-per-minute): a 429 with Retry-After once a client used its minute.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { run, tempDb, startServer, post } from './helper.mjs';

let server;
after(async () => { await server?.stop(); });

test('reads and operator writes get a 429 with Retry-After past the per-minute limit', async () => {
  const db = tempDb();
  server = await startServer(db, { command: 'demo', extra: ['--reads-per-minute', '5', '--writes-per-minute', '2'] });
  const token = run('token', 'create', '--db', db).out.trim();
  for (let i = 0; i < 5; i++) assert.equal((await fetch(`${server.url}/api/v1/portal.json`)).status, 200);
  const refused = await fetch(`${server.url}/api/v2/status.json`);
  assert.equal(refused.status, 429);
  const retry = Number(refused.headers.get('retry-after'));
  assert.ok(Number.isInteger(retry) && retry >= 1 && retry <= 60, `Retry-After ${retry}`);
  assert.equal(refused.headers.get('access-control-allow-origin'), '*');
  assert.equal((await refused.json()).error.code, 'rate_limited');

  const incident = { name: 'Slow', impact: 'minor', category: 'API', message: 'Looking.' };
  assert.equal((await post(`${server.url}/api/v1/incidents`, incident, token)).status, 201);
  assert.equal((await post(`${server.url}/api/v1/incidents`, incident, 'cnd_guess')).status, 401);
  const third = await post(`${server.url}/api/v1/incidents`, incident, token);
  assert.equal(third.status, 429, third.text);
  assert.ok(Number(third.headers.get('retry-after')) >= 1);
});

test('the limits are flags with checked values', () => {
  for (const bad of [['--reads-per-minute', 'lots'], ['--writes-per-minute', '-1']]) {
    const r = run('serve', '--db', tempDb(), ...bad);
    assert.equal(r.code, 2);
    assert.match(r.err, new RegExp(`${bad[0]} must be 0 \\(no limit\\)`));
  }
});
