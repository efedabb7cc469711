// `candor publish` end to end: publish the demo under a sub-path, serve the tree with Debian's
// nginx using the server block the publish generated, stop the backend, and check what
// readers get: every file class with its MIME type, caching, CORS and CSP headers, gzip
// negotiation, feeds that parse, deterministic trees, and a publish killed midway leaving the
// old tree serving.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Readable } from 'node:stream';
import FeedParser from 'feedparser';
import ICAL from 'ical.js';
import { candor, root, run, startServer, tempDb } from './helper.mjs';
import { nginxBin, startNginx } from './nginx.mjs';

const web = process.env.CANDOR_WEB || join(root, 'build', 'web');
const skip = !nginxBin ? 'nginx is not installed (apt-get install nginx; .ci/setup does)'
  : !existsSync(join(web, 'index.html')) ? `${web}/index.html is missing; run: npm run build` : false;

let dir, db, out, nginx, backendPortal;

function treeHashes(top) {
  const hashes = {};
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else hashes[relative(top, p)] = createHash('sha256').update(readFileSync(p)).digest('hex');
    }
  };
  walk(top);
  return hashes;
}

function publish(...extra) {
  return run('publish', out, '--db', db, '--web', web, '--base-path', '/status/', ...extra);
}

before(async () => {
  if (skip) return;
  db = tempDb();
  dir = join(db, '..');
  out = join(dir, 'site');
  // The demo store, then the backend goes away: nothing below talks to it.
  const server = await startServer(db, { command: 'demo' });
  backendPortal = await (await fetch(`${server.url}/api/v2/components.json`)).json();
  await server.stop();
  const r = publish();
  assert.equal(r.code, 0, r.err);
  nginx = await startNginx(out);
});

after(async () => {
  await nginx?.stop();
});

test('publish prints what it wrote', { skip }, () => {
  const r = publish();
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^published version \d+ as of \d{4}-\d\d-\d\dT[\d:.]+Z to .+: \d+ files, \d+ bytes \(\d+ gzip, \d+ brotli\) in \d+ ms\n$/);
  assert.equal(r.err, '');
});

test('bad command lines exit 2 with one line; a missing store or web build exits 1 and writes nothing', { skip }, () => {
  for (const args of [['publish'], ['publish', out], ['publish', out, out, '--db', db], ['publish', out, '--db', db, '--base-path', '/a b/'],
    ['publish', out, '--db', db, '--port', '1']]) {
    const r = run(...args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
    assert.equal(r.err.trim().split('\n').length, 1, r.err);
    assert.match(r.err, /^candor publish: /);
  }
  const before = treeHashes(out);
  let r = run('publish', out, '--db', join(dir, 'missing.db'), '--web', web);
  assert.equal(r.code, 1);
  assert.match(r.err, /missing\.db/);
  r = run('publish', out, '--db', db, '--web', join(dir, 'no-web'));
  assert.equal(r.code, 1);
  assert.match(r.err, /npm run build/);
  assert.deepEqual(treeHashes(out), before, 'a failed publish changed the tree');
});

test('each file class has its MIME type, caching, CORS and CSP from the generated nginx block', { skip }, async () => {
  const index = readFileSync(join(out, 'index.html'), 'utf8');
  const hashedJs = index.match(/src="(main-[A-Z0-9]{8}\.js)"/)[1];
  const hashedWasm = index.match(/href="(candor_core-[A-Z0-9]{8}\.wasm)"/)[1];
  const cases = [
    ['/status/', 'text/html; charset=utf-8', 'no-cache'],
    [`/status/${hashedJs}`, 'application/javascript; charset=utf-8', 'public, max-age=31536000, immutable'],
    [`/status/${hashedWasm}`, 'application/wasm', 'public, max-age=31536000, immutable'],
    ['/status/api/v1/portal.json', 'application/json; charset=utf-8', 'public, max-age=5, stale-while-revalidate=30'],
    ['/status/api/v1/widget.json', 'application/json; charset=utf-8', 'public, max-age=5, stale-while-revalidate=30'],
    ['/status/api/v2/summary.json', 'application/json; charset=utf-8', 'public, max-age=5, stale-while-revalidate=30'],
    ['/status/api/v2/scheduled-maintenances/upcoming.json', 'application/json; charset=utf-8', 'public, max-age=5, stale-while-revalidate=30'],
    ['/status/history.atom', 'application/atom+xml; charset=utf-8', 'public, max-age=5, stale-while-revalidate=30'],
    ['/status/maintenance.ics', 'text/calendar; charset=utf-8', 'public, max-age=5, stale-while-revalidate=30'],
    ['/status/widget.js', 'application/javascript; charset=utf-8', 'no-cache'],
  ];
  for (const [path, type, cache] of cases) {
    const res = await fetch(nginx.url + path, { headers: { 'accept-encoding': 'identity' } });
    assert.equal(res.status, 200, path);
    assert.equal(res.headers.get('content-type'), type, path);
    assert.equal(res.headers.get('cache-control'), cache, path);
    assert.equal(res.headers.get('access-control-allow-origin'), '*', path);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff', path);
    const csp = res.headers.get('content-security-policy');
    assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/, path);
    assert.doesNotMatch(csp, /unsafe-inline|'unsafe-eval'/, path);
    const relativePath = path === '/status/' ? 'index.html' : path.slice('/status/'.length);
    assert.deepEqual(Buffer.from(await res.arrayBuffer()), readFileSync(join(out, relativePath)), path);
  }
});

test('embed.html alone may be framed by other sites (the widget\'s live mode)', { skip: skip || !existsSync(join(web, 'embed.html')) }, async () => {
  const embed = await fetch(`${nginx.url}/status/embed.html`);
  assert.equal(embed.status, 200);
  assert.match(embed.headers.get('content-security-policy'), /frame-ancestors \*/);
  assert.doesNotMatch(embed.headers.get('content-security-policy'), /frame-ancestors 'self'/);
  const index = await fetch(`${nginx.url}/status/`);
  assert.match(index.headers.get('content-security-policy'), /frame-ancestors 'self'/);
});

test('gzip is negotiated from the pre-compressed copies; the sub-path redirects relatively', { skip }, async () => {
  const { request } = await import('node:http');
  const { gunzipSync } = await import('node:zlib');
  const get = (path, headers) => new Promise((resolve, reject) => {
    request(nginx.url + path, { headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject).end();
  });
  const gz = await get('/status/api/v1/portal.json', { 'accept-encoding': 'gzip' });
  assert.equal(gz.headers['content-encoding'], 'gzip');
  assert.match(gz.headers.vary ?? '', /Accept-Encoding/i);
  assert.deepEqual(gunzipSync(gz.body), readFileSync(join(out, 'api/v1/portal.json')));
  const redirect = await get('/status', {});
  assert.equal(redirect.status, 301);
  assert.equal(redirect.headers.location, '/status/');
  for (const hidden of ['/status/_headers', '/status/_hosting/nginx.conf']) {
    assert.equal((await get(hidden, {})).status, 404, hidden);
  }
});

test('the published data is the backend\'s: same components, Statuspage shapes, feeds that parse', { skip }, async () => {
  const components = await (await fetch(`${nginx.url}/status/api/v2/components.json`)).json();
  assert.deepEqual(components.components.map((c) => [c.id, c.status]), backendPortal.components.map((c) => [c.id, c.status]));
  const summary = await (await fetch(`${nginx.url}/status/api/v2/summary.json`)).json();
  for (const key of ['page', 'components', 'incidents', 'scheduled_maintenances', 'status']) assert.ok(key in summary, key);

  const atom = await (await fetch(`${nginx.url}/status/history.atom`)).text();
  const items = await new Promise((resolve, reject) => {
    const parser = new FeedParser({ strict: true });
    const found = [];
    parser.on('error', reject);
    parser.on('readable', () => { let item; while ((item = parser.read())) found.push(item); });
    parser.on('end', () => resolve(found));
    Readable.from([atom]).pipe(parser);
  });
  assert.ok(items.length > 0, 'the Atom feed has entries');
  const ics = await (await fetch(`${nginx.url}/status/maintenance.ics`)).text();
  const cal = new ICAL.Component(ICAL.parse(ics));
  assert.ok(cal.getAllSubcomponents('vevent').length > 0, 'the calendar has events');

  const html = await (await fetch(`${nginx.url}/status/`)).text();
  const sentence = html.match(/<p class="hero__sentence" id="overall-static">([^<]+)<\/p>/);
  assert.ok(sentence, 'the entry page is pre-rendered with the overall status');
  assert.doesNotMatch(html, /(src|href)="(\/|https?:)/, 'no absolute URL in the entry page');
});

test('publishing the same data twice gives identical trees', { skip }, () => {
  const first = treeHashes(out);
  const mtime = statSync(join(out, 'api/v1/portal.json')).mtimeMs;
  const r = publish();
  assert.equal(r.code, 0, r.err);
  assert.deepEqual(treeHashes(out), first);
  assert.equal(statSync(join(out, 'api/v1/portal.json')).mtimeMs, mtime, 'nginx ETags (mtime-size) stay the same');
});

test('a publish killed at a random moment leaves the old tree serving, whole', { skip }, async () => {
  const good = treeHashes(out);
  const portal = readFileSync(join(out, 'api/v1/portal.json'));
  for (let trial = 0; trial < 8; trial++) {
    const child = spawn(candor, ['publish', out, '--db', db, '--web', web, '--base-path', '/status/'], { stdio: 'ignore' });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    await new Promise((r) => setTimeout(r, 40 + Math.random() * 600));
    child.kill('SIGKILL');
    await exited;
    // Same data: whether the kill came before or after the swap, the tree is the good one.
    assert.deepEqual(treeHashes(out), good, `trial ${trial}: the tree changed`);
    const res = await fetch(`${nginx.url}/status/api/v1/portal.json`, { headers: { 'accept-encoding': 'identity' } });
    assert.equal(res.status, 200);
    assert.deepEqual(Buffer.from(await res.arrayBuffer()), portal);
  }
  const r = publish();
  assert.equal(r.code, 0, r.err);
  assert.deepEqual(readdirSync(dir).filter((n) => n.startsWith('.site.publish-')), [], 'stale trees are cleaned up');
});

test('serve --publish-to keeps a publish in step with writes, debounced', { skip }, async () => {
  const site = join(dir, 'live-site');
  const token = run('token', 'create', '--db', db).out.trim();
  const child = spawn(candor, ['serve', '--db', db, '--port', '0', '--web', web, '--publish-to', site, '--base-path', '/status/'],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stderr.on('data', (d) => { log += d; });
  try {
    const url = await new Promise((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d) => {
        out += d;
        const m = out.match(/Candor serving at (http:\/\/\S+)\//);
        if (m) resolve(m[1]);
      });
      child.once('exit', (code) => reject(new Error(`candor serve exited ${code}: ${log}`)));
    });
    const version = () => {
      try { return JSON.parse(readFileSync(join(site, 'api/v1/portal.json'), 'utf8')).version; } catch { return null; }
    };
    const waitFor = async (what, ok) => {
      for (let i = 0; i < 200; i++) {
        if (ok()) return;
        await new Promise((r) => setTimeout(r, 100));
      }
      assert.fail(`${what} within 20 s; log:\n${log}`);
    };
    await waitFor('a first publish', () => version() !== null);
    const first = version();
    // A burst of five writes: published once they pause, not five times.
    const published = () => (log.match(/published version/g) ?? []).length;
    const before = published();
    for (let i = 0; i < 5; i++) {
      const res = await fetch(`${url}/api/v1/incidents`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: `Burst ${i}`, impact: 'minor', category: 'API', status: 'investigating', message: 'Looking.' }),
      });
      assert.equal(res.status, 201);
    }
    await waitFor('the burst published', () => version() >= first + 5);
    assert.ok(published() - before <= 2, `a burst of 5 writes gave ${published() - before} publishes`);
    const snapshot = JSON.parse(readFileSync(join(site, 'api/v1/portal.json'), 'utf8'));
    assert.ok(snapshot.incidents.some((i) => i.name === 'Burst 4'));
    assert.match(readFileSync(join(site, 'index.html'), 'utf8'), /Burst 4/, 'the entry page is pre-rendered from the new data');
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
  }
});
