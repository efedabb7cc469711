// Webhook subscriptions end to end: a Node receiver on loopback checks every request's
// Standard Webhooks signature with node:crypto (an implementation independent of the
// server's), fails and then recovers (the retry carries the same webhook-id), refuses to
// be reached on loopback without --webhook-allow-private (SSRF guard), and survives a
// kill -9 of the server mid-delivery: every write's event arrives, no webhook-id is
// acknowledged twice except the one in flight at the crash, and no write yields two events;
// a SIGTERM mid-delivery abandons the send without marking it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { post } from './helper.mjs';
import { demoStore, sql, startServe, until } from './subscriptions-helper.mjs';

// Standard Webhooks "Verifying webhooks": HMAC-SHA256 keyed with the base64-decoded secret
// (after "whsec_") over `${id}.${timestamp}.${body}`; any v1 entry of the header may match.
function verify(secret, { id, timestamp, signature, body }) {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(Buffer.concat([Buffer.from(`${id}.${timestamp}.`), body])).digest();
  return signature.split(' ').some((entry) => {
    const [version, b64] = entry.split(',');
    const got = Buffer.from(b64 ?? '', 'base64');
    return version === 'v1' && got.length === expected.length && timingSafeEqual(got, expected);
  });
}

// Records every request; `behaviour` decides the answer: 'ok' (204), a number of 500s to
// give first, or 'hold' (keep the next request open until released).
function startReceiver() {
  const r = { requests: [], failNext: 0, holdNext: false, held: null };
  r.server = createServer((req, res) => {
    const chunks = [];
    req.on('error', () => {});  // the sender killed mid-request
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const rec = {
        id: req.headers['webhook-id'], timestamp: req.headers['webhook-timestamp'],
        signature: req.headers['webhook-signature'] ?? '', type: req.headers['content-type'],
        body: Buffer.concat(chunks), at: Date.now(), status: 204,
      };
      r.requests.push(rec);
      if (r.holdNext) {
        r.holdNext = false;
        rec.status = 'held';
        r.held = () => { try { res.writeHead(204).end(); } catch { /* the sender is gone */ } };
        return;
      }
      if (r.failNext > 0) { r.failNext -= 1; rec.status = 500; res.writeHead(500).end('not now'); return; }
      res.writeHead(204).end();
    });
  });
  return new Promise((resolve) => r.server.listen(0, '127.0.0.1', () => {
    r.url = `http://127.0.0.1:${r.server.address().port}/hook`;
    resolve(r);
  }));
}

let store, server, receiver, sub;
const PUBLIC = 'https://status.northwind.example';
const flags = ['--webhook-allow-private', '--public-url', PUBLIC];

before(async () => {
  store = await demoStore();
  receiver = await startReceiver();
  server = await startServe(store, flags);
  const r = await post(`${server.url}/api/v1/subscriptions`, { webhook_url: receiver.url });
  assert.equal(r.status, 201, r.text);
  sub = r.json;
});
after(async () => { await server?.stop(); receiver?.server.close(); });

const openIncident = (name) => post(`${server.url}/api/v1/incidents`,
  { name, impact: 'minor', category: 'Search', status: 'investigating', message: 'Looking into it.' }, store.token);
const updateIncident = (id, message) => post(`${server.url}/api/v1/incidents/${id}/updates`,
  { status: 'identified', message }, store.token);
const bodyOf = (rec) => JSON.parse(rec.body.toString('utf8'));
const forIncident = (id) => receiver.requests.filter((q) => bodyOf(q).data?.incident_id === id);

test('the subscribe answer carries the secret once; events arrive signed (verified with node:crypto)', async () => {
  assert.match(sub.id, /^sub_[0-9a-f]{16}$/);
  assert.match(sub.secret, /^whsec_[A-Za-z0-9+/]{32}$/);  // 24 random bytes
  const opened = await openIncident('Webhook test');
  assert.equal(opened.status, 201, opened.text);
  const [rec] = await until('the webhook', () => (forIncident(opened.json.id).length ? forIncident(opened.json.id) : null));
  assert.equal(rec.type, 'application/json');
  assert.ok(verify(sub.secret, rec), 'signature does not verify');
  // A wrong secret or a changed body does not verify: the check above can fail.
  assert.ok(!verify('whsec_' + Buffer.alloc(24).toString('base64'), rec));
  assert.ok(!verify(sub.secret, { ...rec, body: Buffer.from(rec.body.toString().replace('Webhook test', 'Webhook tesT')) }));
  assert.ok(Math.abs(Number(rec.timestamp) - Date.now() / 1000) < 60, rec.timestamp);
  const body = bodyOf(rec);
  assert.equal(body.type, 'incident.created');
  assert.ok(!Number.isNaN(Date.parse(body.timestamp)));
  assert.equal(body.data.name, 'Webhook test');
  assert.equal(body.data.url, `${PUBLIC}/#/incident/${opened.json.id}`);
  assert.match(rec.id, new RegExp(`:${sub.id}$`));
});

test('a receiver that fails gets the same message again, with the same webhook-id', async () => {
  receiver.failNext = 1;
  const opened = await openIncident('Flaky receiver');
  // First attempt 500; the retry is due 10 s ± 20 % later.
  const [first, second] = await until('the retry', () => {
    const got = forIncident(opened.json.id);
    return got.length >= 2 ? got : null;
  }, 30000);
  assert.equal(first.status, 500);
  assert.equal(second.status, 204);
  assert.equal(second.id, first.id);
  assert.deepEqual(bodyOf(second), bodyOf(first));
  assert.ok(verify(sub.secret, second));
  // The first step of the backoff (10 s ± 20 %, polled every 250 ms), not the second (1 min).
  const delay = second.at - first.at;
  assert.ok(delay >= 7500 && delay <= 30000, `retried after ${delay} ms`);
  // The receiver answered before the worker marks the delivery: wait for the mark.
  const row = await until('the delivery marked sent', () =>
    sql(store.db, `SELECT state, attempts FROM deliveries WHERE key = '${first.id}' AND state <> 'pending'`)[0]);
  assert.deepEqual(row, { state: 'sent', attempts: 2 });
});

test('kill -9 mid-delivery: after a restart everything arrives once, the in-flight one at most twice', async () => {
  const opened = await openIncident('Crash test');
  const id = opened.json.id;
  await until('the first event', () => forIncident(id).length === 1);
  // Hold the next request open and kill the server while it waits for the answer.
  receiver.holdNext = true;
  assert.equal((await updateIncident(id, 'Found it.')).status, 201);
  await until('the held request', () => receiver.held);
  server.child.kill('SIGKILL');
  await new Promise((r) => server.child.once('exit', r));
  receiver.held();
  receiver.held = null;
  server = await startServe(store, flags);
  assert.equal((await updateIncident(id, 'Fix deployed.')).status, 201);
  await until('three events acknowledged, the held one again', () =>
    forIncident(id).filter((q) => q.status === 204).length >= 3);
  await new Promise((r) => setTimeout(r, 1000));  // nothing more comes
  const all = forIncident(id);
  const held = all.find((q) => q.status === 'held');
  // Every write's event arrived, acknowledged once each.
  const acked = all.filter((q) => q.status === 204);
  assert.equal(acked.length, 3, JSON.stringify(all.map((q) => [q.id, q.status])));
  assert.equal(new Set(acked.map((q) => q.id)).size, 3);
  // The one in flight at the crash came again under the same id (receivers dedupe on it).
  assert.ok(acked.some((q) => q.id === held.id && q.body.equals(held.body)));
  // One event per write: created, and one per update, each under one webhook-id.
  const kinds = acked.map((q) => `${bodyOf(q).type}:${bodyOf(q).data.update_id}`);
  assert.equal(new Set(kinds).size, 3, kinds.join());
  for (const q of acked) assert.ok(verify(sub.secret, q));
});

test('SIGTERM mid-delivery stops within seconds, leaves the delivery unmarked, and the restart sends it', async () => {
  const opened = await openIncident('Shutdown test');
  const id = opened.json.id;
  await until('the first event', () => forIncident(id).length === 1);
  receiver.holdNext = true;
  assert.equal((await updateIncident(id, 'Still on it.')).status, 201);
  const held = await until('the held request', () => receiver.held && forIncident(id).find((q) => q.status === 'held'));
  const t0 = Date.now();
  await server.stop();
  // The worker's send is aborted by libcurl's progress callback (about once a second).
  assert.ok(Date.now() - t0 < 5000, `stopped after ${Date.now() - t0} ms`);
  assert.equal(server.child.exitCode, 0);
  const [row] = sql(store.db, `SELECT state, attempts FROM deliveries WHERE key = '${held.id}'`);
  assert.deepEqual(row, { state: 'pending', attempts: 0 });
  receiver.held();
  receiver.held = null;
  server = await startServe(store, flags);
  const again = await until('the abandoned delivery', () =>
    forIncident(id).find((q) => q.id === held.id && q.status === 204));
  assert.ok(again.body.equals(held.body));
});

test('without --webhook-allow-private a loopback receiver is refused (SSRF guard)', async () => {
  await server.stop();
  server = await startServe(store, ['--public-url', PUBLIC]);
  const before = receiver.requests.length;
  const opened = await openIncident('Private receiver');
  assert.equal(opened.status, 201);
  const row = await until('the refused attempt', () => {
    const r = sql(store.db, `SELECT d.state, d.last_error FROM deliveries d JOIN notification_events e ON e.id = d.event_id ` +
      `WHERE e.subject_id = '${opened.json.id}' AND d.subscriber_id = '${sub.id}' AND d.attempts > 0`);
    return r[0];
  });
  assert.equal(row.state, 'pending');  // retried for a day, then the subscriber is disabled
  assert.match(row.last_error, /private address/);
  assert.equal(receiver.requests.length, before);
  // The error names no URL (personal data, like an address).
  assert.ok(!row.last_error.includes('127.0.0.1'));
  assert.ok(!server.log().includes(receiver.url));
});
