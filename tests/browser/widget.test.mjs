// The embeddable widget as a company's site gets it: a host page on a second loopback origin
// with a strict CSP (no 'unsafe-inline', no 'unsafe-eval') and hostile CSS, loading
// build/web/widget.js from a stub portal under a sub-path (/status/) whose data this test
// controls (tests/web/widget-stub.mjs), so incidents can appear, be dismissed and resolve;
// what each page view pulled from the portal; the live card in its frame. One test uses
// the real `candor demo` server instead of the stub.

import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { chromium } from 'playwright-core';

import { recordHostPage, snapshotAround, startHost, startPortalStub } from '../web/widget-stub.mjs';
import { root } from '../wasm/helper.mjs';
import { launchArgs, locale, outDir, startServer, timezoneId, webDir as otherWeb } from './helper.mjs';

const webDir = otherWeb ?? join(root, 'build', 'web'); // CANDOR_WEB: another web build
const widgetFile = join(webDir, 'widget.js');

// The words a reader must see, written out here rather than read from the widget's catalog.
const words = {
  operational: 'All systems operational',
  partial_outage: 'Partial outage',
  identified: 'Cause identified',
  nbOperational: 'Alle systemer fungerer',
  nbPartial: 'Delvis driftsstans',
  ruPartial: 'Частичный сбой',
  trPartial: 'Kısmi kesinti',
};

const baseSnapshot = () => snapshotAround(Date.now());

function incident(id, name) {
  return { ...baseSnapshot().incidents[0], id, name, impact: 'minor', components: ['cmpdb0000001'] };
}

const missing = existsSync(widgetFile) ? null : `${widgetFile} is missing; run: npm run build`;

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
        stub = await startPortalStub({ webDir, snapshot: baseSnapshot });
        host = await startHost({ portal: stub.portal });
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
      stub.state.unavailable = null;
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
            // Said from the reader's "now" (the stub's promise: 40 and 100 minutes ahead).
            assert.match(text, /Most likely fixed in (39|40) minutes, at the latest in 1 hour (35|40) minutes\./);
            assert.match(text, /Next update within (19|20) minutes\./);
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

    // What the host downloaded from the portal, by kind (the stub logs every request).
    const pulled = (from) => stub.state.requests.slice(from).map((path) => path.replace(/^\/status\//, ''))
      .map((name) => name.replace(/-[A-Z2-7]{8}\./, '.'));

    test('loading only what is needed: a badge never pulls the banner code or the core, a calm banner neither', async () => {
      ready();
      reset();
      let from = stub.state.requests.length;
      let { page, context, problems } = await openPage(browser, pageUrl('mode="badge"', { lang: 'ru' }));
      try {
        await page.locator('candor-status a.badge', { hasText: words.ruPartial }).waitFor();
        assert.deepEqual(pulled(from).sort(), ['api/v1/widget.json', 'widget-feed.js', 'widget-ru.js', 'widget.js'],
          'the loader, the data, its poller and the reader\'s language only');
        assert.deepEqual(await page.evaluate(() => document.querySelectorAll('script').length), 1,
          'the chunks\' script elements are gone once they ran');
        assert.deepEqual(await problems(), []);
      } finally {
        await context.close();
      }

      stub.change((snapshot) => {
        snapshot.incidents = [];
        for (const c of snapshot.components) c.status = 'operational';
      });
      from = stub.state.requests.length;
      ({ page, context, problems } = await openPage(browser, pageUrl('mode="banner"')));
      try {
        await page.locator('candor-status [part=root][data-state=ready]').waitFor({ state: 'attached' });
        assert.equal(await widgetText(page), '', 'a calm day: nothing shown');
        assert.ok(!pulled(from).includes('widget-notices.js'), `no banner code on a calm day: ${pulled(from)}`);
        // Then an incident starts: the banner code comes with the first notice.
        stub.change((snapshot) => snapshot.incidents.push(incident('incnew000002', 'Slow database queries')));
        await pollNow(page);
        await page.locator('candor-status .notice .title', { hasText: 'Slow database queries' }).waitFor();
        assert.ok(pulled(from).includes('widget-notices.js'));
        assert.deepEqual(await problems(), []);
      } finally {
        await context.close();
      }
    });

    test('a page whose widget.js is older than the portal: a chunk\'s hashed file gone, its stable name serves', async () => {
      ready();
      reset();
      stub.state.unavailable = /^\/status\/widget-nb-[A-Z2-7]{8}\.js$/;
      const from = stub.state.requests.length;
      const { page, context, problems } = await openPage(browser, pageUrl('mode="badge"', { lang: 'nb' }));
      try {
        await page.locator('candor-status a.badge', { hasText: words.nbPartial }).waitFor();
        assert.ok(pulled(from).includes('widget-nb.js'), `the stable name was asked for: ${pulled(from)}`);
        assert.deepEqual((await problems()).filter((p) => !/503|Failed to load resource/.test(p)), []);
      } finally {
        await context.close();
      }
    });

    test('a piece that fails to load is asked for again, and the widget then shows', async () => {
      ready();
      reset();
      stub.state.unavailable = /widget-nb[-.]/; // the hashed name and the stable one
      const { page, context, problems } = await openPage(browser, pageUrl('mode="badge"', { lang: 'nb' }));
      try {
        // The data is here, the words are not: an empty pill, nothing alarming.
        await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => /widget\.json/.test(e.name)));
        assert.equal((await page.locator('candor-status a.badge').textContent()).trim(), '');
        assert.equal(await page.locator('candor-status [part=root]').getAttribute('data-state'), 'loading');
        stub.state.unavailable = null;
        await pollNow(page); // the next poll asks again (else a backoff timer would, from 30 s)
        await page.locator('candor-status a.badge', { hasText: words.nbPartial }).waitFor();
        assert.equal(await page.evaluate(() => document.querySelectorAll('script').length), 1, 'no script left behind');
        // The browser itself logs the 503; anything else is ours.
        assert.deepEqual((await problems()).filter((p) => !/503|Failed to load resource/.test(p)), []);
      } finally {
        await context.close();
      }
    });

    // The live card's frame, and what it shows.
    const liveFrame = async (page) => {
      const handle = await page.locator('candor-status iframe').elementHandle();
      return handle.contentFrame();
    };

    test('live: the portal\'s own card, core and all, in a frame of its origin, as tall as its content', async () => {
      ready();
      reset();
      const from = stub.state.requests.length;
      const { page, context, problems } = await openPage(browser, pageUrl('mode="live" components="cmpdb0000001"'));
      try {
        await page.locator('candor-status [part=root][data-state=ready]').waitFor({ state: 'attached' });
        const src = new URL(await page.locator('candor-status iframe').getAttribute('src'));
        assert.equal(src.origin, stub.origin, 'the frame is the portal\'s origin');
        assert.equal(src.pathname, '/status/embed.html');
        const frame = await liveFrame(page);
        const card = frame.locator('article.card.incident');
        await card.locator('.card__title', { hasText: 'Elevated API error rates in EU' }).waitFor();
        // The promise window, worded by the portal from the core's view model (wasm, in the frame).
        assert.match(await card.locator('.eta__window').textContent(), /Most likely by .+, at the latest by .+/);
        assert.equal(await card.locator('.card__title a').getAttribute('target'), '_blank');
        assert.equal(await card.locator('.card__title a').getAttribute('href'), `${stub.portal}#/incident/incactive001`);
        const wasm = pulled(from).filter((name) => name.endsWith('.wasm'));
        assert.deepEqual(wasm, ['candor_core.wasm'], 'the core is loaded, by the frame');
        assert.deepEqual(await page.evaluate(() => performance.getEntriesByType('resource')
          .map((e) => e.name).filter((name) => /candor_core|portal\.json/.test(name))), [], 'not by the host');
        assert.ok(await ownProcess(browser, `${stub.origin}/status/embed.html`),
          'the portal on the host\'s own site still gets a process of its own for its frame');

        // Sized by what the frame says: its <main>, and the host's text follows right below.
        const inner = await frame.evaluate(() => Math.ceil(document.getElementById('main').getBoundingClientRect().height));
        const box = await page.locator('candor-status iframe').boundingBox();
        assert.ok(inner > 200, `the card has its height (${inner}px)`);
        assert.equal(Math.round(box.height), inner);
        const after = await page.locator('#after').boundingBox();
        assert.ok(after.y >= box.y + box.height, 'the host\'s content is below the card, not under it');

        // The frame keeps the host's CSS out as surely as the shadow root does.
        const look = await frame.evaluate(() => getComputedStyle(document.querySelector('.card__title a')).fontSize);
        assert.ok(parseFloat(look) < 30, `font size ${look}`);
        assert.deepEqual(await newGlobals(page), [], 'Object.keys(window) gained nothing');
        await page.screenshot({ path: join(outDir, 'widget-live.png'), fullPage: true });
        assert.deepEqual(await axeViolations(page), [], 'axe-core on the widget');
        await frame.evaluate(axeSource);
        const inside = await frame.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
        assert.deepEqual(inside.violations.filter((v) => ['serious', 'critical'].includes(v.impact)).map((v) => v.id), [],
          'axe-core inside the frame');
        assert.deepEqual(await problems(), []);
      } finally {
        await context.close();
      }
    });

    test('live: only its own frame may size it, and the next page view keeps its room', async () => {
      ready();
      reset();
      const { page, context, problems } = await openPage(browser, pageUrl('mode="live"'));
      try {
        await page.locator('candor-status [part=root][data-state=ready]').waitFor({ state: 'attached' });
        const shown = await page.locator('#after').boundingBox();
        // The host page (or anything in it) posting a height is not the frame: ignored.
        await page.evaluate(() => window.postMessage({ candorHeight: 5 }, '*'));
        await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 200)));
        assert.deepEqual(await page.locator('#after').boundingBox(), shown, 'a message from elsewhere changed nothing');

        stub.state.delayMs = 800;
        await page.reload({ waitUntil: 'load' });
        assert.equal(await page.locator('candor-status [part=root]').getAttribute('data-state'), 'loading');
        assert.deepEqual(await page.locator('#after').boundingBox(), shown, 'room kept before the card arrives');
        await page.locator('candor-status [part=root][data-state=ready]').waitFor({ state: 'attached' });
        assert.deepEqual(await page.locator('#after').boundingBox(), shown);
        assert.equal(await page.evaluate(() => window.__layoutShift), 0, 'cumulative layout shift');

        // Resolved: the frame says 0 and the card's room goes.
        stub.state.delayMs = 0;
        stub.change((s) => {
          for (const i of s.incidents) Object.assign(i, { status: 'resolved', resolved_at: new Date().toISOString() });
        });
        const frame = await liveFrame(page);
        await frame.evaluate(() => window.dispatchEvent(new Event('online'))); // poll now
        await page.waitForFunction(() => document.querySelector('candor-status').getBoundingClientRect().height === 0);
        assert.deepEqual(await problems(), []);
      } finally {
        await context.close();
      }
    });

    test('against the real server (candor demo): badge, banner and live card from its own data', async () => {
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

        // Live: the server's own embed.html (its frame-ancestors policy, its hashed core) in
        // the strict-CSP host: the core runs in the frame and words the server's promise.
        const live = await openPage(browser, pageUrl('mode="live"', { portal: server.url }));
        try {
          await live.page.locator('candor-status [part=root][data-state=ready]').waitFor({ state: 'attached' });
          const src = new URL(await live.page.locator('candor-status iframe').getAttribute('src'));
          assert.equal(src.origin, new URL(server.url).origin, 'the frame is the server\'s origin');
          const frame = await liveFrame(live.page);
          const card = frame.locator('article.card.incident', { hasText: active.name });
          await card.waitFor();
          assert.match(await card.locator('.eta__window').textContent(), /Most likely by .+, at the latest by .+/);
          const loaded = await frame.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));
          assert.ok(loaded.some((name) => /candor_core-[0-9A-Z]+\.wasm$/.test(name)), 'the frame loaded the hashed core');
          assert.ok(await ownProcess(browser, new URL('embed.html', server.url).href), 'the server asks for its own process');
          const box = await live.page.locator('candor-status iframe').boundingBox();
          assert.ok(box.height > 100, `the card has its room (${box.height}px)`);
          await live.page.screenshot({ path: join(outDir, 'widget-real-server-live.png'), fullPage: true });
          assert.deepEqual(await live.problems(), []);
          assert.deepEqual(await newGlobals(live.page), []);
        } finally {
          await live.context.close();
        }
      } finally {
        await server.stop();
        rmSync(tmp, { recursive: true, force: true });
      }
    });
  });
}

// Whether a frame at `url` runs out of the host page's process (Chromium lists it as a target of
// its own). The portal sends Origin-Agent-Cluster: ?1 for this: a portal on the host's site
// (status.example.com beside www.example.com, or two ports of 127.0.0.1 here) would otherwise
// share the host page's main thread.
async function ownProcess(browser, url) {
  const cdp = await browser.newBrowserCDPSession();
  try {
    const { targetInfos } = await cdp.send('Target.getTargets');
    return targetInfos.some((t) => t.type === 'iframe' && t.url.startsWith(url));
  } finally {
    await cdp.detach();
  }
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
  await page.addInitScript(recordHostPage);
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
