// /history.atom and /maintenance.ics read by independent parsers (feedparser for Atom,
// ical.js for RFC 5545), and gzip on the wire checked with Node's own zlib.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { request } from 'node:http';
import { gunzipSync } from 'node:zlib';
import FeedParser from 'feedparser';
import ICAL from 'ical.js';
import { demoServer, post } from './helper.mjs';

let server;
before(async () => { server = await demoServer(); });
after(async () => { await server?.stop(); });

function parseFeed(text) {
  return new Promise((resolve, reject) => {
    const parser = new FeedParser({ strict: true });
    const items = [];
    let meta;
    parser.on('error', reject);
    parser.on('meta', (m) => { meta = m; });
    parser.on('readable', () => { let item; while ((item = parser.read())) items.push(item); });
    parser.on('end', () => resolve({ meta, items }));
    Readable.from([text]).pipe(parser);
  });
}

// Raw bytes and headers, without fetch's automatic decompression.
function raw(path, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = request(server.url + path, { headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('history.atom is valid Atom with the incidents and their updates', async () => {
  const made = await post(`${server.url}/api/v1/incidents`, { name: 'Tricky & "quoted" <name>', impact: 'minor',
    category: 'Feeds', status: 'investigating', message: 'Line one\nline <two> & three' }, server.token);
  assert.equal(made.status, 201, made.text);
  const res = await fetch(`${server.url}/history.atom`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/atom+xml; charset=utf-8');
  const text = await res.text();
  const { meta, items } = await parseFeed(text);
  assert.equal(meta['#type'], 'atom');
  assert.match(meta.title, /status history$/);
  const portal = await (await fetch(`${server.url}/api/v1/portal.json`)).json();
  assert.equal(items.length, portal.incidents.length);
  const mine = items.find((i) => i.guid.endsWith(`:incident:${made.json.id}`));
  assert.ok(mine, 'the new incident is an entry');
  // Escaped in the XML; feedparser then strips anything tag-like from titles, as readers do.
  assert.ok(text.includes('<title>Tricky &amp; &quot;quoted&quot; &lt;name&gt;</title>'));
  assert.match(mine.title, /^Tricky & "quoted"/);
  assert.match(mine.description, /line <two> & three/);
  assert.ok(mine.date instanceof Date && !Number.isNaN(mine.date.getTime()));
  const dates = items.map((i) => i.date.getTime());
  assert.deepEqual(dates, [...dates].sort((a, b) => b - a), 'newest first');
});

test('maintenance.ics parses with ical.js: UTC times, CRLF, folded and escaped', async () => {
  const res = await raw('/maintenance.ics');
  assert.equal(res.status, 200);
  assert.equal(res.headers['content-type'], 'text/calendar; charset=utf-8');
  const text = res.body.toString('utf8');
  assert.ok(text.endsWith('\r\n'));
  assert.ok(!/[^\r]\n/.test(text), 'every line ends in CRLF');
  for (const line of text.split('\r\n')) assert.ok(Buffer.byteLength(line) <= 75, `longer than 75 octets: ${line}`);
  const cal = new ICAL.Component(ICAL.parse(text));
  assert.equal(cal.getFirstPropertyValue('version'), '2.0');
  const events = cal.getAllSubcomponents('vevent');
  const portal = await (await fetch(`${server.url}/api/v1/portal.json`)).json();
  assert.equal(events.length, portal.scheduled_maintenances.length);
  assert.ok(events.length > 0, 'the demo has maintenances');
  for (const ev of events) {
    const e = new ICAL.Event(ev);
    const m = portal.scheduled_maintenances.find((x) => e.uid.startsWith(x.id + '@'));
    assert.ok(m, e.uid);
    assert.equal(e.summary, m.name);
    assert.equal(e.startDate.zone.tzid, 'UTC');
    assert.equal(e.startDate.toJSDate().getTime(), Math.floor(Date.parse(m.scheduled_for) / 1000) * 1000);
    assert.equal(e.endDate.toJSDate().getTime(), Math.floor(Date.parse(m.scheduled_until) / 1000) * 1000);
    const updates = m.incident_updates;
    if (updates.length) assert.ok(e.description.startsWith(updates[0].body) || e.description.startsWith(updates[updates.length - 1].body));
  }
});

test('gzip when accepted, identity otherwise, each with its own ETag', async () => {
  const plain = await raw('/api/v1/portal.json');
  assert.equal(plain.headers['content-encoding'], undefined);
  const gz = await raw('/api/v1/portal.json', { 'accept-encoding': 'gzip, br' });
  assert.equal(gz.headers['content-encoding'], 'gzip');
  assert.equal(gz.headers.vary, 'Accept-Encoding');
  assert.ok(gz.body.length < plain.body.length / 2);
  assert.deepEqual(gunzipSync(gz.body), plain.body);
  assert.notEqual(gz.headers.etag, plain.headers.etag);
  const again = await raw('/api/v1/portal.json', { 'accept-encoding': 'gzip', 'if-none-match': gz.headers.etag });
  assert.equal(again.status, 304);
  const refused = await raw('/api/v1/portal.json', { 'accept-encoding': 'gzip;q=0' });
  assert.equal(refused.headers['content-encoding'], undefined);
  for (const path of ['/api/v2/summary.json', '/history.atom']) {
    const r = await raw(path, { 'accept-encoding': 'gzip' });
    assert.equal(r.headers['content-encoding'], 'gzip', path);
    assert.ok(gunzipSync(r.body).length > 0);
  }
});
