// The portal's pages (overview, incident, maintenance, history) in Chromium against the real
// server: in all four languages with no catalog id left showing, axe-clean in light and
// dark, at 360 and 1280 px (screenshots in test-output/browser/), by keyboard, with the
// clock moved on (the late state), and a 304 that must not touch the DOM.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { chromium } from 'playwright-core';

import { loadBuiltCore, root } from '../wasm/helper.mjs';
import {
  axeViolations, launchArgs, locale, missingBuild, openPage, outDir, startServer, timezoneId,
} from './helper.mjs';

// Each language with a browser locale that should pick it, and a word written out here,
// independently of the catalogs, that its header must show.
const LANGUAGES = [
  { code: 'en', locale: 'en-US', history: 'History' },
  { code: 'tr', locale: 'tr-TR', history: 'Geçmiş' },
  { code: 'ru', locale: 'ru-RU', history: 'История' },
  { code: 'nb', locale: 'nb-NO', history: 'Historikk' },
];
const catalogIds = Object.keys(JSON.parse(readFileSync(join(root, 'web', 'i18n', 'en.json'), 'utf8')));

const missing = missingBuild();

if (missing.length) {
  test('the server, the wasm core and the web build exist', () => assert.fail(missing.join('\n')));
} else {
  describe('portal pages in Chromium under the server\'s CSP', { timeout: 240_000 }, () => {
    let server;
    let tmp;
    let browser;
    let baseUrl;
    let view;
    let pages; // [{name, hash, ready}] — ready: a selector that is there once the page rendered
    let setupError = null;
    const ready = () => {
      if (setupError) throw setupError;
    };

    before(async () => {
      try {
        tmp = mkdtempSync(join(tmpdir(), 'candor-pages-'));
        mkdirSync(outDir, { recursive: true });
        server = await startServer(tmp);
        baseUrl = server.url;
        const response = await fetch(new URL('api/v1/portal.json', baseUrl));
        const core = await loadBuiltCore();
        core.loadSnapshot(await response.text());
        view = JSON.parse(core.viewModel(Date.now()));
        const incident = view.incidents.find((i) => i.active);
        const maintenance = view.maintenances[0];
        assert.ok(incident && maintenance, 'the demo has an active incident and a maintenance');
        pages = [
          { name: 'overview', hash: '#/', ready: '#overall' },
          { name: 'incident', hash: `#/incident/${incident.id}`, ready: '#incident-title' },
          { name: 'maintenance', hash: `#/maintenance/${maintenance.id}`, ready: '#maintenance-title' },
          { name: 'history', hash: '#/history', ready: '#history-title' },
        ];
        browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: launchArgs });
      } catch (error) {
        setupError = error;
      }
    });

    after(async () => {
      await browser?.close();
      if (server) await server.stop();
      if (tmp) rmSync(tmp, { recursive: true, force: true });
    });

    // Same-document navigation, as a reader's click on a link does.
    async function go(page, { hash, ready: selector }) {
      await page.evaluate((h) => { location.hash = h; }, hash);
      await page.locator(selector).waitFor();
    }

    test('every page renders in all four languages, chosen from the browser, with no id left showing', async () => {
      ready();
      for (const language of LANGUAGES) {
        const { page, problems, context } = await openPage(browser, `${baseUrl}#/`, { width: 1280, height: 900 }, 'light',
          { locale: language.locale });
        try {
          await page.locator('#overall').waitFor();
          assert.equal(await page.getAttribute('html', 'lang'), language.code);
          for (const target of pages) {
            await go(page, target);
            const text = await page.locator('body').innerText();
            const shown = catalogIds.filter((id) => text.includes(id));
            assert.deepEqual(shown, [], `${language.code} ${target.name}: catalog ids shown instead of words`);
            assert.doesNotMatch(text, /\{\w+\}/, `${language.code} ${target.name}: an unfilled placeholder`);
            assert.ok(text.includes(language.history), `${language.code} ${target.name}: the header says "${language.history}"`);
            await page.screenshot({ path: join(outDir, `${target.name}-${language.code}-1280.png`), fullPage: true });
          }
          assert.deepEqual(await problems(), [], language.code);
        } finally {
          await context.close();
        }
      }
    });

    for (const scheme of ['light', 'dark']) {
      test(`every page passes axe-core in the ${scheme} scheme and fits 360 px`, async () => {
        ready();
        const suffix = scheme === 'dark' ? '-dark' : '';
        const { page, problems, context } = await openPage(browser, `${baseUrl}#/`, { width: 1280, height: 900 }, scheme);
        try {
          await page.locator('#overall').waitFor();
          for (const target of pages) {
            await page.setViewportSize({ width: 1280, height: 900 });
            await go(page, target);
            // Open what can be opened, so axe checks it and the screenshot shows it.
            for (const summary of await page.locator('main details:not([open]) > summary').all()) await summary.click();
            await page.screenshot({ path: join(outDir, `${target.name}-1280${suffix}.png`), fullPage: true });
            assert.deepEqual(await axeViolations(page), [], `axe-core on ${target.name} (${scheme})`);
            await page.setViewportSize({ width: 360, height: 800 });
            await page.screenshot({ path: join(outDir, `${target.name}-360${suffix}.png`), fullPage: true });
            const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
            assert.ok(overflow <= 0, `${target.name}: no horizontal scrolling at 360 px (overflows by ${overflow} px)`);
            assert.deepEqual(await axeViolations(page), [], `axe-core on ${target.name} at 360 px (${scheme})`);
          }
          assert.deepEqual(await problems(), []);
        } finally {
          await context.close();
        }
      });
    }

    test('the language picker switches every word, sets lang, and is remembered', async () => {
      ready();
      const { page, problems, context } = await openPage(browser, `${baseUrl}${pages[1].hash}`, { width: 1280, height: 900 });
      try {
        await page.locator('#incident-title').waitFor();
        assert.equal(await page.getAttribute('html', 'lang'), 'en');
        const picker = page.getByLabel('Language');
        await picker.selectOption('ru');
        await page.waitForFunction(() => document.documentElement.lang === 'ru');
        assert.equal((await page.locator('.site-nav').innerText()).includes('История'), true);
        assert.equal(await page.locator('.skip-link').textContent(), 'Перейти к содержимому');
        assert.match(await page.locator('.eta').innerText(), /Наиболее вероятное время/);
        assert.equal(await page.evaluate(() => localStorage.getItem('candor.lang')), 'ru');
        await page.reload();
        await page.locator('#incident-title').waitFor();
        assert.equal(await page.getAttribute('html', 'lang'), 'ru');
        assert.equal(await page.locator('#lang-picker').inputValue(), 'ru');
        await page.getByLabel('Язык').selectOption('nb');
        await page.waitForFunction(() => document.documentElement.lang === 'nb');
        assert.match(await page.locator('.eta').innerText(), /Mest sannsynlig innen/);
        assert.deepEqual(await problems(), []);
      } finally {
        await context.close();
      }
    });

    test('English is bundled; other catalogs are fetched, and their loss falls back to English', async () => {
      ready();
      const context = await browser.newContext({ locale: 'ru-RU', timezoneId });
      try {
        const page = await context.newPage();
        const catalogRequests = [];
        page.on('request', (request) => { if (request.url().includes('/i18n/')) catalogRequests.push(new URL(request.url()).pathname); });
        await page.route('**/i18n/ru.json', (route) => route.abort('connectionrefused'));
        await page.goto(baseUrl);
        await page.locator('#overall').waitFor();
        assert.deepEqual(catalogRequests, ['/i18n/ru.json']);
        assert.equal(await page.getAttribute('html', 'lang'), 'en');
        assert.equal(await page.locator('.site-nav').innerText().then((text) => text.includes('History')), true);
      } finally {
        await context.close();
      }
    });

    test('keyboard: skip link first, every control reachable, focus visible, details open with Enter', async () => {
      ready();
      const { page, context } = await openPage(browser, `${baseUrl}${pages[1].hash}`, { width: 1280, height: 900 });
      try {
        await page.locator('#incident-title').waitFor();
        const focused = () => page.evaluate(() => {
          const el = document.activeElement;
          const style = getComputedStyle(el);
          return { tag: el.localName, id: el.id, cls: el.className, text: el.textContent.trim().slice(0, 40),
            outline: style.outlineStyle, top: el.getBoundingClientRect().top, transition: style.transitionDuration };
        });
        await page.keyboard.press('Tab');
        const skip = await focused();
        assert.equal(skip.cls, 'skip-link');
        assert.ok(skip.top >= 0, 'the skip link shows itself when focused');
        assert.notEqual(skip.outline, 'none');
        assert.equal(skip.transition, '0s', 'no motion when the reader asks for reduced motion');
        const seen = [];
        for (let i = 0; i < 40; i += 1) {
          await page.keyboard.press('Tab');
          const now = await focused();
          seen.push(now);
          assert.notEqual(now.outline, 'none', `visible focus on ${now.tag}.${now.cls} "${now.text}"`);
          if (now.tag === 'summary') break;
        }
        assert.ok(seen.some((f) => f.id === 'lang-picker'), 'the language picker is reachable');
        assert.ok(seen.some((f) => f.tag === 'a' && f.cls === 'site-nav__link'), 'the navigation is reachable');
        assert.equal(seen.at(-1).tag, 'summary', '"Why this estimate?" is reachable');
        await page.keyboard.press('Enter');
        assert.equal(await page.locator('details.why').getAttribute('open'), '');
        assert.ok(await page.locator('.why__body').isVisible());
      } finally {
        await context.close();
      }
    });

    test('an update that is due shows as late once the clock passes it, without a fetch', async () => {
      ready();
      const incident = view.incidents.find((i) => i.active && i.next_update);
      assert.ok(incident, 'the demo incident promises a next update');
      const due = Date.parse(incident.next_update.at);
      const context = await browser.newContext({ locale, timezoneId });
      try {
        const page = await context.newPage();
        await page.clock.install({ time: due - 2 * 60_000 });
        await page.goto(`${baseUrl}#/incident/${incident.id}`);
        const next = page.locator('.next-update');
        await next.waitFor();
        assert.match(await next.innerText(), /^Next update by .+ \(in 2 minutes\)\.$/);
        assert.equal(await page.locator('.next-update--late').count(), 0);
        // No new snapshot from here on: the late state must come from the core's minute tick.
        await page.route('**/api/v1/portal.json', (route) => route.abort('connectionrefused'));
        await page.clock.runFor('12:30');
        const late = page.locator('.next-update--late');
        await late.waitFor();
        assert.match(await late.innerText(), /^The next update was due at .+ and is late by 1[01] minutes\.$/);
        assert.equal(await late.locator('svg').count(), 1, 'an icon too, not colour alone');
      } finally {
        await context.close();
      }
    });

    test('a missed promise is shown as missed, with the new window and the stage ends', async () => {
      ready();
      const incident = view.incidents.find((i) => i.active && i.promise);
      assert.ok(incident, 'the demo incident has a published promise');
      const context = await browser.newContext({ locale, timezoneId });
      try {
        const page = await context.newPage();
        // 20 minutes past the latest time we promised, and the incident still open.
        await page.clock.install({ time: Date.parse(incident.promise.latest_at) + 20 * 60_000 });
        await page.goto(`${baseUrl}#/incident/${incident.id}`);
        const eta = page.locator('.eta');
        await eta.waitFor();
        const clock = new Intl.DateTimeFormat(locale, { timeZone: timezoneId, hour: 'numeric', minute: '2-digit' });
        assert.equal(await eta.locator('.eta__missed').innerText(),
          `We expected to fix this by ${clock.format(Date.parse(incident.promise.latest_at))}, and it is taking longer, by 20 minutes so far.`);
        assert.match(await eta.locator('.eta__window').innerText(), /^Our new estimate: most likely by .+, at the latest by .+\.$/);
        // The current stage says when it is likely to end (estimate.stages from the core).
        assert.match(await page.locator('.stage--now .stage__end').innerText(), /^Likely done by /);
      } finally {
        await context.close();
      }
    });

    test('a 304 leaves the DOM alone; the minute tick still updates it', async () => {
      ready();
      const context = await browser.newContext({ locale, timezoneId });
      try {
        const page = await context.newPage();
        const start = Date.now();
        await page.clock.install({ time: start });
        await page.goto(baseUrl);
        await page.locator('#overall').waitFor();
        await page.clock.pauseAt(start + 5_000); // nothing runs now unless we say so
        await page.evaluate(() => {
          window.__mutations = 0;
          new MutationObserver((records) => { window.__mutations += records.length; })
            .observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
        });
        const revalidated = page.waitForResponse((r) => r.url().endsWith('/api/v1/portal.json') && r.status() === 304);
        await page.evaluate(() => window.dispatchEvent(new Event('online'))); // poll now
        const response = await revalidated;
        assert.ok(response.request().headers()['if-none-match'], 'the poll sent If-None-Match');
        await page.waitForTimeout(300); // let the page handle it
        assert.equal(await page.evaluate(() => window.__mutations), 0, 'a 304 changes nothing in the DOM');
        await page.clock.runFor(60_000);
        await page.waitForFunction(() => window.__mutations > 0);
      } finally {
        await context.close();
      }
    });

    test('a status change is announced once in the polite live region', async () => {
      ready();
      const context = await browser.newContext({ locale, timezoneId });
      try {
        const page = await context.newPage();
        await page.goto(baseUrl);
        await page.locator('#overall').waitFor();
        const announcer = page.locator('#announcer');
        assert.equal(await announcer.getAttribute('aria-live'), 'polite');
        assert.equal(await announcer.textContent(), '', 'nothing is announced on the first render');
        // The next poll brings the active incident into monitoring.
        const snapshot = JSON.parse(await (await fetch(new URL('api/v1/portal.json', baseUrl))).text());
        const incident = snapshot.incidents.find((i) => !i.resolved_at);
        incident.status = 'monitoring';
        incident.monitoring_at = new Date().toISOString();
        await page.route('**/api/v1/portal.json', (route) => route.fulfill({
          status: 200, contentType: 'application/json', headers: { ETag: '"moved-on"' }, body: JSON.stringify(snapshot),
        }));
        await page.evaluate(() => window.dispatchEvent(new Event('online')));
        await page.waitForFunction(() => document.getElementById('announcer').textContent !== '');
        assert.equal(await announcer.textContent(), `Update on ${incident.name}: Monitoring.`);
        assert.equal(await page.locator('article.incident .stage[aria-current="step"] .stage__label').textContent(), 'Monitoring');
      } finally {
        await context.close();
      }
    });

    test('history filters by component with a linkable URL, and links lead to the incident page', async () => {
      ready();
      const { page, problems, context } = await openPage(browser, `${baseUrl}#/history`, { width: 1280, height: 900 });
      try {
        await page.locator('#history-title').waitFor();
        const incident = view.incidents.find((i) => i.active);
        const affected = incident.components[0];
        const unaffected = view.groups.flatMap((g) => g.components)
          .find((c) => !view.incidents.some((i) => i.components.some((x) => x.id === c.id)));
        await page.getByLabel('Show incidents affecting').selectOption(affected.id);
        await page.waitForFunction((id) => location.hash === `#/history?component=${id}`, affected.id);
        assert.match(await page.locator('.history__count').innerText(), new RegExp(`^\\d+ incidents? affected ${affected.name}$`));
        assert.ok(await page.getByRole('link', { name: incident.name }).isVisible());
        if (unaffected) {
          await page.getByLabel('Show incidents affecting').selectOption(unaffected.id);
          await page.locator('.history__count', { hasText: `0 incidents affected ${unaffected.name}` }).waitFor();
          assert.equal(await page.locator('.history__item').count(), 0);
          await page.goBack(); // the filter is in the URL, so Back restores it
          await page.locator('.history__count', { hasText: `affected ${affected.name}` }).waitFor();
        }
        await page.getByRole('link', { name: incident.name }).click();
        await page.locator('#incident-title').waitFor();
        assert.equal(await page.evaluate(() => document.activeElement.id), 'main', 'focus moves to the new page');
        assert.equal(await page.title(), `${incident.name} · ${view.page.name} status`);
        assert.deepEqual(await problems(), []);
      } finally {
        await context.close();
      }
    });

    test('links are relative: subscribe, calendar, pages; an unknown incident says so', async () => {
      ready();
      const { page, problems, context } = await openPage(browser, baseUrl, { width: 1280, height: 900 });
      try {
        await page.locator('#overall').waitFor();
        assert.equal(await page.locator('a[href="history.atom"]').count(), 1);
        assert.equal(await page.locator('a[href="maintenance.ics"]').count(), 1);
        await go(page, pages[2]);
        assert.ok(await page.locator('main a[href="maintenance.ics"]').isVisible(), 'add to calendar');
        for (const target of pages) {
          await go(page, target);
          const hrefs = await page.locator('a[href]').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
          assert.deepEqual(hrefs.filter((h) => /^(\/|[a-z]+:)/i.test(h)), [], `${target.name}: absolute links`);
        }
        await go(page, { hash: '#/incident/no-such-incident', ready: 'main h2' });
        assert.equal(await page.locator('main h2').innerText(), 'Incident not found');
        assert.deepEqual(await problems(), []);
      } finally {
        await context.close();
      }
    });
  });
}
