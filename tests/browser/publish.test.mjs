// The portal from a static publish, with no Candor server anywhere: `candor publish` of the
// demo under /status/, served by Debian's nginx with the server block the publish generated.
// Without JavaScript the entry page still says how things are; with it every page renders
// from the static files under the portal's strict CSP; the widget works on another origin.

import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { chromium } from 'playwright-core';

import { run, startServer as startApiServer, tempDb } from '../api/helper.mjs';
import { nginxBin, startNginx } from '../api/nginx.mjs';
import { startHost } from '../web/widget-stub.mjs';
import { launchArgs, missingBuild, openPage, outDir } from './helper.mjs';
import { root } from '../wasm/helper.mjs';

const web = process.env.CANDOR_WEB || join(root, 'build', 'web');
const missing = [...missingBuild(), ...(nginxBin ? [] : ['nginx is not installed (apt-get install nginx; .ci/setup does)'])];

if (missing.length) {
  test('the server, the web build and nginx exist', () => assert.fail(missing.join('\n')));
} else {
  describe('the portal published as static files, served by nginx under /status/', { timeout: 180_000 }, () => {
    let nginx, host, browser, portal, base;
    let setupError = null;
    const ready = () => {
      if (setupError) throw setupError;
    };

    before(async () => {
      try {
        mkdirSync(outDir, { recursive: true });
        const db = tempDb();
        const backend = await startApiServer(db, { command: 'demo' });
        await backend.stop(); // from here on, only nginx serves
        const published = run('publish', join(db, '..', 'site'), '--db', db, '--web', web, '--base-path', '/status/');
        if (published.code !== 0) throw new Error(`candor publish failed: ${published.err}`);
        nginx = await startNginx(join(db, '..', 'site'));
        base = `${nginx.url}/status/`;
        portal = await (await fetch(`${base}api/v1/portal.json`)).json();
        host = await startHost({ portal: base });
        browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: launchArgs });
      } catch (error) {
        setupError = error;
      }
    });

    after(async () => {
      await browser?.close();
      await host?.close();
      await nginx?.stop();
    });

    test('without JavaScript the entry page shows the overall status and the active incidents', async () => {
      ready();
      const context = await browser.newContext({ javaScriptEnabled: false });
      try {
        const page = await context.newPage();
        await page.goto(base);
        const sentence = await page.locator('#overall-static').textContent();
        assert.match(sentence, /systems/);
        const active = portal.incidents.filter((i) => !['resolved', 'postmortem'].includes(i.status));
        assert.ok(active.length > 0, 'the demo has an active incident');
        for (const incident of active) assert.ok(await page.getByText(incident.name).first().isVisible(), incident.name);
        // The published window and the next update, as UTC times (the live incident has both).
        const live = active.find((i) => i.promise && i.next_update_at);
        assert.ok(live, 'the demo\'s live incident has a promise and a next update');
        const utc = (iso) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
        assert.equal(await page.locator('.prerender__eta').first().textContent(),
          `When will it be fixed? Most likely by ${utc(live.promise.likely_at)}, at the latest by ${utc(live.promise.latest_at)}. `
          + `Estimate published ${utc(live.promise.published_at)}.`);
        assert.equal(await page.locator('.prerender__next').first().textContent(), `Next update by ${utc(live.next_update_at)}.`);
        await page.screenshot({ path: join(outDir, 'publish-no-js.png'), fullPage: true });
      } finally {
        await context.close();
      }
    });

    test('every page renders from the static files, with no CSP violation or console error', async () => {
      ready();
      const active = portal.incidents.find((i) => !['resolved', 'postmortem'].includes(i.status));
      const maintenance = portal.scheduled_maintenances[0];
      const { page, problems, context } = await openPage(browser, base, { width: 1280, height: 900 });
      try {
        await page.locator('#overall').waitFor();
        assert.equal(await page.locator('#overall-static').count(), 0, 'the live view replaced the pre-rendered one');
        for (const [hash, selector] of [
          [`#/incident/${active.id}`, '#incident-title'],
          [`#/maintenance/${maintenance.id}`, '#maintenance-title'],
          ['#/history', '#history-title'],
          ['#/', '#overall'],
        ]) {
          await page.goto(base + hash);
          await page.locator(selector).waitFor();
        }
        await page.screenshot({ path: join(outDir, 'publish-overview.png'), fullPage: true });
        assert.deepEqual(await problems(), []);
      } finally {
        await context.close();
      }
    });

    test('the widget on a strict-CSP site of another origin reads the published widget.json', async () => {
      ready();
      const { page, problems, context } = await openPage(browser, `${host.origin}/page?attrs=${encodeURIComponent('mode="badge"')}`,
        { width: 1000, height: 600 });
      try {
        await page.waitForFunction(() => {
          const root = document.querySelector('candor-status')?.shadowRoot?.querySelector('[part=root]');
          return root && root.textContent.trim().length > 0;
        });
        const requested = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));
        assert.ok(requested.some((u) => u.endsWith('/status/api/v1/widget.json')), requested.join('\n'));
        assert.deepEqual(await problems(), []);
      } finally {
        await context.close();
      }
    });
  });
}
