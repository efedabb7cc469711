// Connection limits: past --max-connections a client gets a short 503 with Retry-After and
// a closed connection, and service resumes as soon as others leave.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { spawnSync } from 'node:child_process';
import { candor, startServer, tempDb } from './helper.mjs';

function open(url) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const s = connect(Number(port), hostname, () => resolve(s));
    s.once('error', reject);
  });
}
function readAll(socket) {
  return new Promise((resolve) => {
    let data = '';
    socket.on('data', (d) => { data += d; });
    socket.on('close', () => resolve(data));
    socket.on('error', () => resolve(data));
  });
}

test('too many connections are refused politely', async () => {
  const db = tempDb();
  assert.equal(spawnSync(candor, ['demo', '--db', db, '--port', '0', '--max-connections', 'x']).status, 2);
  const server = await startServer(db, { command: 'demo', extra: ['--max-connections', '2'] });
  try {
    const a = await open(server.url);
    const b = await open(server.url);
    await new Promise((r) => setTimeout(r, 100));  // both accepted
    const c = await open(server.url);
    const answer = await readAll(c);
    assert.match(answer, /^HTTP\/1\.1 503 Service Unavailable\r\n/);
    assert.match(answer, /\r\nRetry-After: 1\r\n/);
    a.destroy();
    b.destroy();
    await new Promise((r) => setTimeout(r, 100));
    const ok = await fetch(`${server.url}/api/v2/status.json`);
    assert.equal(ok.status, 200);
  } finally {
    await server.stop();
  }
});
