// Cases at capability links, feedback, "I'm affected too" reports and their rate limit, over
// real HTTP; `candor case open` prints the private link.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { candor, demoServer, post, startServer, tempDb } from './helper.mjs';

let server;
before(async () => { server = await demoServer(); });
after(async () => { await server?.stop(); });

const newCase = { customer_name: 'Ada Lovelace', title: 'Invoices do not load', category: 'Billing', message: 'We are on it.' };

test('a case opens at its private link only', async () => {
  const noAuth = await post(`${server.url}/api/v1/cases`, newCase);
  assert.equal(noAuth.status, 401);
  const made = await post(`${server.url}/api/v1/cases`, newCase, server.token);
  assert.equal(made.status, 201, made.text);
  assert.match(made.json.token, /^[0-9a-f]{32}$/, '128 bits');
  assert.ok(made.json.link.endsWith(`/#/case/${made.json.token}`));
  const res = await fetch(`${server.url}/api/v1/cases/${made.json.token}.json`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('cache-control'), /no-store/);
  const c = await res.json();
  assert.equal(c.customer_name, 'Ada Lovelace');
  assert.equal(c.title, 'Invoices do not load');

  // Wrong tokens of any shape: the same 404, byte for byte.
  const flipped = made.json.token.slice(0, -1) + (made.json.token.endsWith('0') ? '1' : '0');
  const bodies = new Set();
  for (const t of [flipped, '0'.repeat(32), 'x', 'not-a-token-at-all', made.json.id]) {
    const r = await fetch(`${server.url}/api/v1/cases/${t}.json`);
    assert.equal(r.status, 404, t);
    bodies.add(await r.text());
  }
  assert.equal(bodies.size, 1);
});

test('wrong tokens take the same time as missing ones', async () => {
  const made = await post(`${server.url}/api/v1/cases`, newCase, server.token);
  const near = made.json.token.slice(0, -1) + (made.json.token.endsWith('0') ? '1' : '0');
  const time = async (t) => {
    const start = process.hrtime.bigint();
    for (let i = 0; i < 30; ++i) await (await fetch(`${server.url}/api/v1/cases/${t}.json`)).text();
    return Number(process.hrtime.bigint() - start) / 30e6;
  };
  await time('warmup');
  const a = await time(near);
  const b = await time('f'.repeat(32));
  // Loose bound: only a gross difference (e.g. a prefix comparison on the secret) would show.
  assert.ok(Math.abs(a - b) < Math.max(a, b) * 0.5 + 1, `${a} ms vs ${b} ms`);
});

test('case feedback once; incident feedback; bad ratings refused', async () => {
  const made = await post(`${server.url}/api/v1/cases`, newCase, server.token);
  const url = `${server.url}/api/v1/cases/${made.json.token}/feedback`;
  assert.equal((await post(url, { rating: 6 })).status, 400);
  assert.equal((await post(url, { rating: 'good' })).status, 400);
  assert.equal((await post(url, { rating: 4, extra: 1 })).json.error.code, 'unknown_field');
  assert.equal((await post(url, { rating: 5, comment: 'Thanks!' })).status, 201);
  assert.equal((await post(url, { rating: 1 })).status, 409);
  assert.equal((await post(`${server.url}/api/v1/cases/${'0'.repeat(32)}/feedback`, { rating: 5 })).status, 404);

  const portal = await (await fetch(`${server.url}/api/v1/portal.json`)).json();
  const incident = portal.incidents[0].id;
  assert.equal((await post(`${server.url}/api/v1/incidents/${incident}/feedback`, { rating: 3 })).status, 201);
  assert.equal((await post(`${server.url}/api/v1/incidents/zzzzzzzzzzzz/feedback`, { rating: 3 })).status, 404);
});

test('reports are counted for operators and rate-limited per client', async () => {
  const portal = await (await fetch(`${server.url}/api/v1/portal.json`)).json();
  const incident = portal.incidents[0].id;
  assert.equal((await post(`${server.url}/api/v1/reports`, {})).status, 400);
  assert.equal((await post(`${server.url}/api/v1/reports`, { incident_id: 'nope' })).status, 400);
  let accepted = 0;
  let limited = null;
  for (let i = 0; i < 15 && !limited; ++i) {
    const r = await post(`${server.url}/api/v1/reports`, { incident_id: incident });
    if (r.status === 202) accepted++;
    else if (r.status === 429) limited = r;
  }
  assert.ok(limited, 'the limit was reached');
  assert.ok(Number(limited.headers.get('retry-after')) >= 1);
  assert.ok(accepted >= 1);
  assert.equal((await fetch(`${server.url}/api/v1/reports/summary.json`)).status, 401);
  const summary = await fetch(`${server.url}/api/v1/reports/summary.json`, { headers: { authorization: `Bearer ${server.reports}` } });
  assert.equal(summary.status, 200);
  const doc = await summary.json();
  const row = doc.counts.find((c) => c.incident_id === incident);
  assert.equal(row.count, accepted);
  assert.match(row.hour, /T\d\d:00:00\.000Z$/);
});

test('candor case open prints the private link', async () => {
  const r = spawnSync(candor, ['case', 'open', '--url', server.url, '--customer-name', 'Grace', '--title', 'API keys',
    '--category', 'Accounts'], { encoding: 'utf8', env: { ...process.env, CANDOR_TOKEN: server.token } });
  assert.equal(r.status, 0, r.stderr);
  const link = r.stdout.trim();
  assert.match(link, /^http:\/\/.*\/#\/case\/[0-9a-f]{32}$/);
  const token = link.split('/').pop();
  const c = await (await fetch(`${server.url}/api/v1/cases/${token}.json`)).json();
  assert.equal(c.customer_name, 'Grace');
});

test('candor case update|resolve move the case along; the customer sees it', async () => {
  const env = { ...process.env, CANDOR_TOKEN: server.token };
  const made = await post(`${server.url}/api/v1/cases`, newCase, server.token);
  const id = made.json.id;
  const up = spawnSync(candor, ['case', 'update', id, '--url', server.url, '--stage', 'in_progress', '--message', 'Fix underway.'],
    { encoding: 'utf8', env });
  assert.equal(up.status, 0, up.stderr);
  const done = spawnSync(candor, ['case', 'resolve', id, '--url', server.url], { encoding: 'utf8', env });
  assert.equal(done.status, 0, done.stderr);
  const c = await (await fetch(`${server.url}/api/v1/cases/${made.json.token}.json`)).json();
  assert.equal(c.stage, 'resolved');
  assert.deepEqual(c.updates.map((u) => u.stage), ['received', 'in_progress', 'resolved']);
});

// The demo's own case: `candor demo` prints its private link on the line after "Candor
// serving at", the run that created the store only (the store keeps just the token's hash).
test('candor demo prints its open case\'s link once; that case has a window from the demo\'s past cases', async () => {
  const db = tempDb();
  const first = await startServer(db, { command: 'demo' });
  let link;
  try {
    for (let waited = 0; !link && waited < 5000; waited += 50) {
      link = /^A customer's private case page: (\S+)$/m.exec(first.stdout())?.[1];
      if (!link) await new Promise((r) => setTimeout(r, 50));
    }
    assert.ok(link, `no case link after the serving line:\n${first.stdout()}`);
    assert.equal(first.stdout().split('\n')[1], `A customer's private case page: ${link}`, 'the second line');
    const m = /^(http:\/\/[^/]+)\/#\/case\/([0-9a-f]{32})$/.exec(link);
    assert.ok(m, link);
    assert.equal(m[1], first.url);
    const res = await fetch(`${first.url}/api/v1/cases/${m[2]}.json`);
    assert.equal(res.status, 200);
    const c = await res.json();
    assert.equal(c.customer_name, 'Ada Lovelace');
    assert.equal(c.resolved_at, null);
    assert.ok(c.promise, 'a window from the earlier cases');
    assert.equal(c.promise.basis_level, 'category');
    assert.ok(c.promise.basis_n >= 20, `${c.promise.basis_n} similar cases`);
    assert.ok(Date.parse(c.promise.latest_at) > Date.now());
  } finally {
    await first.stop();
  }
  const second = await startServer(db, { command: 'demo' });
  try {
    await new Promise((r) => setTimeout(r, 300));
    assert.doesNotMatch(second.stdout(), /private case/, 'an existing store has no token to print');
  } finally {
    await second.stop();
  }
});
