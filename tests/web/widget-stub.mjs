// The two loopback origins the widget's browser tests and bench/widget.mjs need, and the
// data they start from:
// - a stub portal under a sub-path (/status/) serving the built web/ (widget.js, its chunks,
//   embed.html, the core) and data this code controls (the snapshot, and the widget view
//   derived from it by the test double in widget-reducer.mjs), so incidents can appear,
//   be dismissed and resolve;
// - a company's site: another origin with a strict CSP naming only the portal (no
//   'unsafe-inline', no 'unsafe-eval') and hostile CSS.

import { readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { fromSnapshot } from './widget-reducer.mjs';

const goldenSnapshot = join(fileURLToPath(import.meta.url), '..', '..', 'data', 'golden', 'snapshot.json');
const MINUTE = 60_000;

export const HOSTILE_CSS = '* { all: revert; color: red !important; font-size: 40px !important }\n';

const TYPES = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
};

// The portal's own policy (server-stub/routes.hpp), except that embed.html may be framed by
// any site: that is what it is for.
const PORTAL_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; " +
  "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors *; form-action 'self'";

// A portal snapshot around `now` (ms): the golden one, one active incident whose promise is
// ahead, and a maintenance in five days.
export function snapshotAround(now) {
  const s = JSON.parse(readFileSync(goldenSnapshot, 'utf8'));
  const iso = (ms) => new Date(ms).toISOString();
  s.incidents = s.incidents.filter((i) => i.id === 'incactive001');
  Object.assign(s.incidents[0], {
    started_at: iso(now - 20 * MINUTE),
    next_update_at: iso(now + 20 * MINUTE),
  });
  Object.assign(s.incidents[0].promise, { likely_at: iso(now + 40 * MINUTE), latest_at: iso(now + 100 * MINUTE) });
  Object.assign(s.scheduled_maintenances[0], { scheduled_for: iso(now + 5 * 24 * 60 * MINUTE), scheduled_until: iso(now + 5 * 24 * 60 * MINUTE + 60 * MINUTE) });
  return s;
}

// webDir: the built portal (build/web); snapshot(): a fresh portal snapshot.
// state.delayMs delays the data (widget.json and portal.json), state.fail answers 503,
// state.garbage a broken body, state.unavailable (a RegExp) 503 for the files it matches;
// state.requests lists every path asked for, state.bodies the
// last body sent for each (what bench/widget.mjs weighs).
export function startPortalStub({ webDir, snapshot }) {
  const state = {
    snapshot: snapshot(), version: 1, delayMs: 0, fail: false, garbage: false, notModified: 0, requests: [], bodies: new Map(),
  };
  const files = new Set(readdirSync(webDir));
  const server = createServer(async (req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    state.requests.push(path);
    const cors = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Expose-Headers': 'ETag' };
    const data = { 'widget.json': fromWidget, 'portal.json': (s) => s };
    const api = /^\/status\/api\/v1\/(widget|portal)\.json$/.exec(path);
    if (api) {
      if (req.method === 'OPTIONS') {
        res.writeHead(204, { ...cors, 'Access-Control-Allow-Headers': 'If-None-Match', 'Access-Control-Allow-Methods': 'GET' });
        return res.end();
      }
      if (state.delayMs) await new Promise((resolve) => setTimeout(resolve, state.delayMs));
      if (state.fail) {
        res.writeHead(503, cors);
        return res.end();
      }
      if (state.garbage) {
        res.writeHead(200, { ...cors, 'Content-Type': 'application/json', ETag: '"garbage"' });
        return res.end('{"version": 3, "incidents": [nu');
      }
      const etag = `"v${state.version}"`;
      if (req.headers['if-none-match'] === etag) {
        state.notModified += 1;
        res.writeHead(304, { ...cors, ETag: etag });
        return res.end();
      }
      res.writeHead(200, { ...cors, 'Content-Type': 'application/json', ETag: etag, 'Cache-Control': 'no-cache' });
      const body = JSON.stringify(data[`${api[1]}.json`]({ ...state.snapshot, version: state.version }));
      state.bodies.set(path, body);
      return res.end(body);
    }
    if (state.unavailable?.test(path)) {
      res.writeHead(503, { 'Content-Type': 'text/plain' });
      return res.end('unavailable\n');
    }
    // Static files of the build: only names it holds, so nothing outside can be asked for.
    const file = /^\/status\/(i18n\/)?([\w.-]+)$/.exec(path);
    const name = file && (file[1] ? join('i18n', file[2]) : file[2]);
    if (file && (file[1] || files.has(file[2])) && TYPES[extname(file[2])]) {
      let body;
      try {
        body = readFileSync(join(webDir, name));
      } catch {
        body = null;
      }
      if (body) {
        state.bodies.set(path, body);
        // As the backend sends them (routes.cpp); Origin-Agent-Cluster gives the live card's
        // frame a process of its own although this portal is on the host's site.
        res.writeHead(200, {
          'Content-Type': TYPES[extname(file[2])], 'X-Content-Type-Options': 'nosniff', 'Content-Security-Policy': PORTAL_CSP,
          'Origin-Agent-Cluster': '?1',
        });
        return res.end(body);
      }
    }
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    res.end('not found\n');
  });
  return listen(server, {
    state,
    portal: null,
    change(fn) {
      fn(state.snapshot);
      state.version += 1;
    },
  }).then((stub) => Object.assign(stub, { portal: `${stub.origin}/status/` }));
}

function fromWidget(snapshot) {
  return fromSnapshot(snapshot, Date.now());
}

// The host: GET /page?attrs=…&lang=…&portal=… is a page with one <candor-status attrs>
// between two paragraphs (#before, #after), loading widget.js from the portal.
export function startHost({ portal }) {
  const host = { portal };
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    const base = new URL(url.searchParams.get('portal') ?? host.portal);
    const csp = `default-src 'self'; script-src 'self' ${base.origin}; connect-src ${base.origin}; ` +
      `style-src 'self'; frame-src ${base.origin}`;
    if (url.pathname === '/hostile.css') {
      res.writeHead(200, { 'Content-Type': 'text/css' });
      return res.end(HOSTILE_CSS);
    }
    if (url.pathname === '/favicon.ico') {
      res.writeHead(204);
      return res.end();
    }
    if (url.pathname !== '/page') {
      res.writeHead(404);
      return res.end();
    }
    const attrs = url.searchParams.get('attrs') ?? '';
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': csp });
    res.end(`<!doctype html>
<html lang="${url.searchParams.get('lang') ?? 'en'}">
<head><meta charset="utf-8"><title>A host shop</title><link rel="stylesheet" href="/hostile.css">
<script src="${new URL('widget.js', base).href}" async></script></head>
<body><main><h1>A host shop</h1><p id="before">Our products.</p>
<candor-status ${attrs}></candor-status>
<p id="after">More of our products.</p></main></body></html>`);
  });
  return listen(server, host);
}

function listen(server, handle) {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      handle.origin = `http://127.0.0.1:${server.address().port}`;
      handle.close = () => new Promise((done) => {
        server.closeAllConnections?.();
        server.close(done);
      });
      resolve(handle);
    });
  });
}

// Runs in the host page before its own scripts (page.addInitScript(recordHostPage)): records
// CSP violations, layout shifts once the widget is drawn, long tasks, when the first widget
// showed data (window.__visibleAt, performance.now() ms) and the window's keys before any
// script ran. Self-contained: it is sent to the browser as its source.
export function recordHostPage() {
  window.__cspViolations = [];
  window.__layoutShift = 0;
  window.__longestTask = 0;
  window.__visibleAt = null;
  window.__keysBefore = Object.keys(window);
  document.addEventListener('securitypolicyviolation', (event) => {
    window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI} at ${event.sourceFile}:${event.lineNumber}`);
  });
  // Shifts once the element is defined and drawn: before that the host has an unknown
  // element, whose room only the host's own CSS could reserve (README: "Embed the widget").
  let drawnAt = Infinity;
  customElements.whenDefined('candor-status').then(() => requestAnimationFrame(() => requestAnimationFrame(() => {
    drawnAt = performance.now();
  })));
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (entry.startTime > drawnAt) window.__layoutShift += entry.value;
  }).observe({ type: 'layout-shift', buffered: true });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      (window.__tasks ??= []).push([Math.round(entry.startTime), Math.round(entry.duration), entry.attribution?.[0]?.containerSrc, entry.name]);
      window.__longestTask = Math.max(window.__longestTask, Math.round(entry.duration));
    }
  }).observe({ type: 'longtask', buffered: true });
  // When the first widget showed data (a MutationObserver on the document cannot see into it).
  const watch = () => {
    const root = document.querySelector('candor-status')?.shadowRoot?.querySelector('[part=root]');
    if (root?.dataset.state === 'ready') window.__visibleAt = performance.now();
    else requestAnimationFrame(watch);
  };
  requestAnimationFrame(watch);
}
