// The page settings over real HTTP: PATCH /api/v1/page (auth, validation naming the field,
// nothing changed by a bad request), the theme in /api/v1/portal.json, `candor page set`, and
// the uptime history the demo carries for the 90-day bars.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { candor, demoServer, post } from './helper.mjs';

let server;
before(async () => { server = await demoServer(); });
after(async () => { await server?.stop(); });

const portal = async () => (await fetch(`${server.url}/api/v1/portal.json`)).json();
const patch = (body, token = server.token) => post(`${server.url}/api/v1/page`, body, token, 'PATCH');

test('the demo starts without a theme, and with 90 days of incidents for the bars', async () => {
  const p = await portal();
  assert.deepEqual(p.page.theme, { accent: null, logo_url: null, links: [] });
  assert.ok(Array.isArray(p.uptime_history));
  const ninetyDaysAgo = Date.parse(p.generated_at) - 91 * 86400e3;
  const thirtyDaysAgo = Date.parse(p.generated_at) - 30 * 86400e3;
  const componentIds = new Set(p.components.map((c) => c.id));
  assert.ok(p.uptime_history.length > 0, 'older posted incidents reach the bars');
  for (const e of p.uptime_history) {
    assert.deepEqual(Object.keys(e).sort(), ['components', 'id', 'impact', 'name', 'resolved_at', 'started_at']);
    assert.ok(Date.parse(e.resolved_at) >= ninetyDaysAgo && Date.parse(e.resolved_at) < thirtyDaysAgo, e.resolved_at);
    assert.ok(e.components.length > 0 && e.components.every((c) => componentIds.has(c)));
  }
  // Recent resolved incidents are in the snapshot itself, with their components.
  assert.ok(p.incidents.some((i) => i.status === 'resolved' && i.components.length > 0));
});

test('401 without a token, 403 with a read-reports token, 405 for other methods', async () => {
  assert.equal((await patch({ accent: '#0b6e4f' }, null)).status, 401);
  assert.equal((await patch({ accent: '#0b6e4f' }, server.reports)).status, 403);
  const get = await fetch(`${server.url}/api/v1/page`, { method: 'POST', headers: { authorization: `Bearer ${server.token}` } });
  assert.equal(get.status, 405);
  assert.equal(get.headers.get('allow'), 'PATCH');
  assert.equal((await portal()).page.theme.accent, null);
});

test('bad fields get a 400 naming the field and change nothing', async () => {
  const before = (await portal()).version;
  const cases = [
    [{ accent: 'teal' }, 'invalid_value', '/accent'],
    [{ accent: '#0b6e4' }, 'invalid_value', '/accent'],
    [{ logo_url: 'javascript:alert(1)' }, 'invalid_value', '/logo_url'],
    [{ logo_url: 'http://insecure.example/logo.png' }, 'invalid_value', '/logo_url'],
    [{ links: [{ label: 'Help', url: 'data:text/html,<b>x</b>' }] }, 'invalid_value', '/links/0/url'],
    [{ links: [{ label: 'x'.repeat(41), url: '/help' }] }, 'invalid_value', '/links/0/label'],
    [{ links: [{ label: 'Help', url: '/help', target: '_blank' }] }, 'unknown_field', '/links/0/target'],
    [{ links: Array(9).fill({ label: 'L', url: '/l' }) }, 'invalid_value', '/links'],
    [{ time_zone: 'Atlantis/Capital' }, 'invalid_value', '/time_zone'],
    [{ url: 'https://status.example.com/' }, 'invalid_value', '/url'],
    [{ colour: '#0b6e4f' }, 'unknown_field', '/colour'],
    [{}, 'missing_field', ''],
  ];
  for (const [body, code, path] of cases) {
    const r = await patch(body);
    assert.equal(r.status, 400, `${JSON.stringify(body)} → ${r.text}`);
    assert.equal(r.json.error.code, code, r.text);
    assert.equal(r.json.error.path, path, r.text);
    assert.ok(r.json.error.detail.includes(path.split('/').pop()), r.text);  // names the field
  }
  assert.equal((await portal()).version, before);
});

test('a valid PATCH is stored, served in the snapshot, and partial updates keep the rest', async () => {
  const before = await portal();
  const r = await patch({
    accent: '#0B6E4F',
    logo_url: '/brand/logo.svg',
    links: [{ label: 'Help centre', url: 'https://help.northwind.example' }, { label: 'Personvern', url: '/privacy' }],
  });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.page.theme.accent, '#0b6e4f');
  const after = await portal();
  assert.ok(after.version > before.version);
  assert.deepEqual(after.page.theme, {
    accent: '#0b6e4f',
    logo_url: '/brand/logo.svg',
    links: [{ label: 'Help centre', url: 'https://help.northwind.example' }, { label: 'Personvern', url: '/privacy' }],
  });
  assert.equal(after.page.name, before.page.name);
  assert.equal((await patch({ name: 'Northwind Status', logo_url: null })).status, 200);
  const renamed = await portal();
  assert.equal(renamed.page.name, 'Northwind Status');
  assert.equal(renamed.page.theme.logo_url, null);
  assert.equal(renamed.page.theme.accent, '#0b6e4f');
  assert.equal(renamed.page.theme.links.length, 2);
});

test('candor page set drives the same API', async () => {
  const env = { CANDOR_TOKEN: server.token };
  const r = runWith(env, 'page', 'set', '--url', server.url, '--accent', '#1a5fb4', '--link',
    'Status API=/api/v2/summary.json', '--link', 'Help=https://help.northwind.example');
  assert.equal(r.code, 0, r.err);
  const p = await portal();
  assert.equal(p.page.theme.accent, '#1a5fb4');
  assert.deepEqual(p.page.theme.links.map((l) => l.label), ['Status API', 'Help']);
  // A bad value: the server's 400 on stderr, exit 1, nothing changed.
  const bad = runWith(env, 'page', 'set', '--url', server.url, '--accent', 'blue');
  assert.equal(bad.code, 1);
  assert.match(bad.err, /HTTP 400.*\/accent/);
  // A malformed --link is a usage error (exit 2) before any request.
  const usage = runWith(env, 'page', 'set', '--url', server.url, '--link', 'no-equals-sign');
  assert.equal(usage.code, 2);
  assert.match(usage.err, /LABEL=URL/);
  // "" clears: the accent and the links.
  assert.equal(runWith(env, 'page', 'set', '--url', server.url, '--accent', '', '--link', '').code, 0);
  assert.deepEqual((await portal()).page.theme, { accent: null, logo_url: null, links: [] });
});

// `candor ARGS...` with extra environment variables.
function runWith(env, ...args) {
  const r = spawnSync(candor, args, { encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
