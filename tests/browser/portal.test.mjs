// The portal end to end, as a person sees it: the real server (candor demo) under its
// strict CSP, the built page (build/web) and the wasm core, in headless Chromium.
// What the page should say is worked out from the server's own snapshot run through the
// core under Node, and the words are written out here, so a catalog slip is caught too.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { chromium } from 'playwright-core';

import { loadBuiltCore } from '../wasm/helper.mjs';
import {
  axeViolations, launchArgs, locale, missingBuild, openPage, outDir, startServer, timezoneId,
} from './helper.mjs';

// The words a reader must see, written out independently of web/i18n/en.json.
const overallSentence = {
  operational: 'All systems are operational.',
  degraded_performance: 'Some systems are slower than usual.',
  partial_outage: 'Some systems are partly unavailable.',
  major_outage: 'Some systems are unavailable.',
  under_maintenance: 'Some systems are under scheduled maintenance.',
};
const statusLabel = {
  operational: 'Operational',
  degraded_performance: 'Degraded performance',
  partial_outage: 'Partial outage',
  major_outage: 'Major outage',
  under_maintenance: 'Under maintenance',
};

const missing = missingBuild();

if (missing.length) {
  test('the server, the wasm core and the web build exist', () => assert.fail(missing.join('\n')));
} else {
  describe('portal overview in Chromium under the server\'s CSP', { timeout: 120_000 }, () => {
    let server;
    let tmp;
    let browser;
    let baseUrl;
    let view; // the view model the page should be showing
    let setupError = null;
    // A failed before() only cancels the tests, which test runners may not count as failures:
    // keep the error and fail every test with it instead.
    const ready = () => {
      if (setupError) throw setupError;
    };

    before(async () => {
      try {
        await setUp();
      } catch (error) {
        setupError = error;
      }
    });

    async function setUp() {
      tmp = mkdtempSync(join(tmpdir(), 'candor-browser-'));
      mkdirSync(outDir, { recursive: true });
      server = await startServer(tmp);
      baseUrl = server.url;

      const response = await fetch(new URL('api/v1/portal.json', baseUrl));
      assert.equal(response.status, 200, 'GET /api/v1/portal.json');
      const core = await loadBuiltCore();
      core.loadSnapshot(await response.text());
      view = JSON.parse(core.viewModel(Date.now()));

      browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: launchArgs });
    }

    after(async () => {
      await browser?.close();
      if (server && server.exitCode === null) server.child.kill('SIGKILL'); // only if a test failed early
      if (tmp) rmSync(tmp, { recursive: true, force: true });
    });

    test('shows the overall status, components, the active incident and its estimate, with no errors', async () => {
      ready();
      const { page, problems, context } = await openPage(browser, baseUrl, { width: 1280, height: 900 });
      try {
        const overall = page.locator('#overall');
        await overall.waitFor();
        assert.equal((await overall.textContent()).trim(), overallSentence[view.overall.status]);

        // A component that is not operational if there is one (the interesting case), with its status.
        const components = view.groups.flatMap((group) => group.components);
        assert.ok(components.length > 0, 'the demo has components');
        const component = components.find((c) => c.status !== 'operational') ?? components[0];
        const row = page.locator('.component', { has: page.getByText(component.name, { exact: true }) }).first();
        assert.ok(await row.isVisible(), `component ${component.name} is visible`);
        assert.equal((await row.locator('.component__status').textContent()).trim(), statusLabel[component.status]);
        assert.equal(await row.locator('.component__status svg').count(), 1, 'the status has an icon too');

        // The active incident: title, and its estimate in words.
        const incident = view.incidents.find((i) => i.active);
        assert.ok(incident, 'the demo has an active incident');
        const card = page.locator('article.incident', { has: page.getByRole('heading', { level: 3, name: incident.name }) });
        assert.ok(await card.isVisible(), `incident "${incident.name}" is visible`);
        const eta = card.locator('.eta');
        assert.ok(await eta.isVisible(), 'the estimate block is visible');
        const etaText = (await eta.textContent()).replace(/\s+/g, ' ');
        if (incident.promise?.missed) {
          assert.match(etaText, /We expected to fix this by .+, and it is taking longer, by .+ so far\./);
        } else if (incident.promise || incident.estimate) {
          assert.match(etaText, /Most likely by .+, at the latest by .+\./i);
          assert.match(etaText, /Based on \d+ (similar|past) incidents?/);
        } else {
          assert.match(etaText, /enough history/);
        }
        if (incident.promise && !incident.promise.missed) {
          // Stored instants, so the page's clock can't move them: check them in the pinned zone.
          const clock = new Intl.DateTimeFormat(locale, { timeZone: timezoneId, hour: 'numeric', minute: '2-digit' });
          assert.ok(etaText.includes(clock.format(Date.parse(incident.promise.likely_at))), `likely time in: ${etaText}`);
          assert.ok(etaText.includes(clock.format(Date.parse(incident.promise.latest_at))), `latest time in: ${etaText}`);
        }
        // The current stage is marked for assistive technology, not only drawn.
        assert.equal(await card.locator('.stages [aria-current="step"]').count(), 1);
        if (incident.next_update?.late) {
          assert.match(await card.locator('.next-update').textContent(), /late by \d+ minutes?|late by .*hour/);
        }

        await page.screenshot({ path: join(outDir, 'overview-1280.png'), fullPage: true });

        const violations = await axeViolations(page);
        assert.deepEqual(violations, [], 'axe-core: no serious or critical accessibility violations');

        await page.setViewportSize({ width: 360, height: 800 });
        await page.screenshot({ path: join(outDir, 'overview-360.png'), fullPage: true });
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        assert.ok(overflow <= 0, `no horizontal scrolling at 360 px (overflows by ${overflow} px)`);

        assert.deepEqual(await problems(), [], 'no console errors, page errors, CSP violations or failed requests');
      } finally {
        await context.close();
      }
    });

    test('the core runs in its own worker, with the .wasm the page fetched once and handed over', async () => {
      ready();
      const { page, problems, context } = await openPage(browser, baseUrl, { width: 1280, height: 900 });
      try {
        await page.locator('#overall').waitFor();
        const workers = page.workers().map((w) => new URL(w.url()).pathname);
        assert.equal(workers.length, 1, `one worker: ${workers}`);
        assert.match(workers[0], /^\/core-worker-[A-Z2-7]{8}\.js$/);
        const fetched = () => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname);
        const onPage = await page.evaluate(fetched);
        assert.equal(onPage.filter((p) => p.endsWith('.wasm')).length, 1, `the .wasm once: ${onPage}`);
        assert.deepEqual(onPage.filter((p) => p.endsWith('.mjs')), [], 'the glue is in the worker\'s bundle, not on the page');
        assert.deepEqual(await page.workers()[0].evaluate(fetched), [], 'the worker fetched nothing itself');
        assert.deepEqual(await problems(), []);
      } finally {
        await context.close();
      }
    });

    test('dark scheme renders and passes axe too', async () => {
      ready();
      const { page, problems, context } = await openPage(browser, baseUrl, { width: 1280, height: 900 }, 'dark');
      try {
        await page.locator('#overall').waitFor();
        await page.screenshot({ path: join(outDir, 'overview-1280-dark.png'), fullPage: true });
        assert.deepEqual(await axeViolations(page), []);
        assert.deepEqual(await problems(), []);
      } finally {
        await context.close();
      }
    });

    test('served under a sub-path, every request stays under it', async () => {
      ready();
      const context = await browser.newContext({ locale, timezoneId });
      try {
        const page = await context.newPage();
        const paths = [];
        // Serve the server's root at /status/ (as a reverse proxy would), and nothing else.
        await page.route('**/*', async (route) => {
          const url = new URL(route.request().url());
          paths.push(url.pathname);
          if (!url.pathname.startsWith('/status/')) return route.fulfill({ status: 404, body: 'outside the sub-path' });
          url.pathname = url.pathname.slice('/status'.length);
          return route.fulfill({ response: await route.fetch({ url: url.href }) });
        });
        await page.goto(new URL('status/', baseUrl).href);
        await page.locator('#overall').waitFor();
        assert.ok(paths.includes('/status/api/v1/portal.json'), `the snapshot is fetched relative to the page: ${paths}`);
        assert.deepEqual(paths.filter((p) => !p.startsWith('/status/')), []);
      } finally {
        await context.close();
      }
    });

    test('when the server becomes unreachable the page keeps the last snapshot and says so', async () => {
      ready();
      const context = await browser.newContext({ locale, timezoneId });
      try {
        const page = await context.newPage();
        await page.goto(baseUrl);
        await page.locator('#overall').waitFor();
        await page.route('**/api/v1/portal.json', (route) => route.abort('connectionrefused'));
        await page.evaluate(() => window.dispatchEvent(new Event('online'))); // polls at once
        const notice = page.locator('#notice');
        await notice.getByText(/can't reach the status service/).waitFor();
        assert.equal(await notice.getAttribute('role'), 'status');
        assert.equal((await page.locator('#overall').textContent()).trim(), overallSentence[view.overall.status]);
        // The other pages still work from the last snapshot while the server is away.
        const incident = view.incidents.find((i) => i.active);
        await page.evaluate((id) => { location.hash = `#/incident/${id}`; }, incident.id);
        assert.equal(await page.locator('#incident-title').textContent(), incident.name);
        assert.ok(await notice.getByText(/can't reach the status service/).isVisible());

        await page.unroute('**/api/v1/portal.json');
        await page.evaluate(() => window.dispatchEvent(new Event('online')));
        await page.waitForFunction(() => document.getElementById('notice').textContent === '');
      } finally {
        await context.close();
      }
    });

    test('the view model is recomputed every minute: relative times move on', async () => {
      ready();
      const context = await browser.newContext({ locale, timezoneId });
      try {
        const page = await context.newPage();
        // A fake clock, 10 minutes into the active incident; it moves only when told to.
        const incident = view.incidents.find((i) => i.active);
        await page.clock.install({ time: Date.parse(incident.started_at) + 10 * 60_000 });
        await page.goto(baseUrl);
        const meta = page.locator('article.incident .card__meta').first();
        await meta.waitFor();
        assert.match(await meta.textContent(), /\(10 minutes ago\)/);
        await page.clock.fastForward('03:00');
        await page.waitForFunction(
          (selector) => document.querySelector(selector)?.textContent.includes('(13 minutes ago)'),
          'article.incident .card__meta');
      } finally {
        await context.close();
      }
    });

    test('the server stops cleanly on SIGTERM', async () => {
      ready();
      const code = await server.stop();
      assert.equal(code, 0, `exit status on SIGTERM (stderr: ${server.stderr().slice(-2000)})`);
    });
  });
}
