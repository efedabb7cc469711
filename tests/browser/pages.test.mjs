// The portal's pages (overview, incident, maintenance, history, a private case) in Chromium
// against the real server: in all four languages with no catalog id left showing, axe-clean
// in light and dark, at 360 and 1280 px (screenshots in test-output/browser/), by keyboard,
// with the clock moved on (the late state), and a 304 that must not touch the DOM; what a
// reader sends us ("I'm affected too", "how did we do?"), the uptime bars and the operator's
// theme.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { chromium } from 'playwright-core';

import { loadBuiltCore, root } from '../wasm/helper.mjs';
import {
  axeViolations, launchArgs, locale, missingBuild, openPage, outDir, serverBin, startServer, timezoneId,
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
    let operatorToken;
    let openCase; // {id, token, next_follow_up_at}: waiting on the customer, a follow-up promised
    let resolvedCase; // {id, token}: resolved, so it asks for feedback
    let past; // view.past_incidents entry: resolved over a week ago, with its promise
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
        operatorToken = createToken(join(tmp, 'demo.db'));
        // A resolved incident, so the pages show "how did we do?" (no component: it leaves the
        // components' status and the uptime bars as the demo has them).
        const opened = await api('POST', 'api/v1/incidents', {
          name: 'Slow dashboard exports', impact: 'minor', category: 'Dashboard', message: 'Exports are slower than usual.',
        }, 201);
        await api('POST', `api/v1/incidents/${opened.json.id}/resolve`, { message: 'Exports are back to normal speed.' }, 200);
        const response = await fetch(new URL('api/v1/portal.json', baseUrl));
        const core = await loadBuiltCore();
        core.loadSnapshot(await response.text());
        view = JSON.parse(core.viewModel(Date.now()));
        const incident = view.incidents.find((i) => i.active);
        const maintenance = view.maintenances[0];
        assert.ok(incident && maintenance, 'the demo has an active incident and a maintenance');
        // Resolved more than a week ago: off the overview, still in the history, with the
        // promise it was given when identified.
        past = view.past_incidents.find((p) => p.promise && !view.incidents.some((i) => i.id === p.id));
        assert.ok(past, 'the demo has a past incident older than the overview\'s week, with its promise');
        openCase = await createCase({ customer_name: 'Ada Lovelace', title: 'Invoice shows the wrong VAT rate', category: 'billing' });
        openCase.next_follow_up_at = new Date(Date.now() + 2 * 3600_000).toISOString();
        await api('POST', `api/v1/cases/${openCase.id}/updates`, {
          stage: 'waiting_on_customer', message: 'We need one detail from you to correct the invoice.',
          waiting_on_customer_for: 'Your VAT registration number', next_follow_up_at: openCase.next_follow_up_at,
        }, 201);
        resolvedCase = await createCase({ customer_name: 'Grace Hopper', title: 'Cannot add a second admin', category: 'accounts' });
        await api('POST', `api/v1/cases/${resolvedCase.id}/resolve`, { message: 'A second admin can be added now.' }, 201);
        pages = [
          { name: 'overview', hash: '#/', ready: '#overall' },
          { name: 'incident', hash: `#/incident/${incident.id}`, ready: '#incident-title' },
          { name: 'maintenance', hash: `#/maintenance/${maintenance.id}`, ready: '#maintenance-title' },
          { name: 'history', hash: '#/history', ready: '#history-title' },
          { name: 'case', hash: `#/case/${openCase.token}`, ready: '#case-title' },
          { name: 'case-resolved', hash: `#/case/${resolvedCase.token}`, ready: '.feedback' },
          { name: 'incident-resolved', hash: `#/incident/${opened.json.id}`, ready: '.feedback' },
          { name: 'incident-past', hash: `#/incident/${past.id}`, ready: '.outcome' },
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

    // An operator token straight from the store, as `candor token create` gives one.
    function createToken(db) {
      const made = spawnSync(serverBin, ['token', 'create', '--db', db], { encoding: 'utf8' });
      const token = /cnd_\w+/.exec(made.stdout)?.[0];
      assert.ok(token, `candor token create printed no token: ${made.stdout} ${made.stderr}`);
      return token;
    }

    async function api(method, path, body, expected) {
      const response = await fetch(new URL(path, baseUrl), {
        method,
        headers: { Authorization: `Bearer ${operatorToken}`, 'Content-Type': 'application/json' },
        body: body ? JSON.stringify(body) : undefined,
      });
      const text = await response.text();
      if (expected) assert.equal(response.status, expected, `${method} ${path}: ${text}`);
      return { status: response.status, json: text ? JSON.parse(text) : null };
    }

    // A case as `candor case open` makes it; its private link is a fragment route.
    async function createCase(fields) {
      const { json } = await api('POST', 'api/v1/cases', fields, 201);
      assert.match(json.link, new RegExp(`/#/case/${json.token}$`), 'the printed link opens the portal\'s case route');
      return { id: json.id, token: json.token };
    }

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
        // By its address: the demo's history may hold past incidents of the same name.
        const link = page.locator(`main a[href="#/incident/${incident.id}"]`);
        assert.equal(await link.innerText(), incident.name);
        assert.ok(await link.isVisible());
        if (unaffected) {
          await page.getByLabel('Show incidents affecting').selectOption(unaffected.id);
          await page.locator('.history__count', { hasText: `0 incidents affected ${unaffected.name}` }).waitFor();
          assert.equal(await page.locator('.history__item').count(), 0);
          await page.goBack(); // the filter is in the URL, so Back restores it
          await page.locator('.history__count', { hasText: `affected ${affected.name}` }).waitFor();
        }
        await link.click();
        await page.locator('#incident-title').waitFor();
        assert.equal(await page.evaluate(() => document.activeElement.id), 'main', 'focus moves to the new page');
        assert.equal(await page.title(), `${incident.name} · ${view.page.name} status`);
        assert.deepEqual(await problems(), []);
      } finally {
        await context.close();
      }
    });

    test('every incident the history lists opens its page; an older one says whether its promise was kept', async () => {
      ready();
      const { page, problems, context } = await openPage(browser, `${baseUrl}#/history`, { width: 1280, height: 900 });
      try {
        await page.locator('#history-title').waitFor();
        const hrefs = await page.locator('main a.history__name').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
        assert.ok(hrefs.length > view.incidents.length, 'the history reaches past the overview\'s week');
        // From the history each time, so the title waited for cannot be the previous page's;
        // the "not found" page has no #incident-title.
        for (const hash of hrefs) {
          await go(page, { hash: '#/history', ready: '#history-title' });
          await go(page, { hash, ready: '#incident-title' });
        }
        await go(page, { hash: `#/incident/${past.id}`, ready: '.outcome' });
        assert.equal(await page.locator('#incident-title').innerText(), past.name);
        const verdict = await page.locator('.outcome__verdict').innerText();
        assert.match(verdict, past.promise.missed ? /It took .+ longer: we missed that promise\.$/ : /It was fixed at .+: we kept that promise\.$/);
        assert.equal(await page.locator('#stages-heading').innerText(), 'How it went');
        // Each stage as the core put it (done, or skipped when the incident never was in it).
        const states = await page.locator('.stages .stage').evaluateAll((items) => items.map((li) => li.className));
        assert.deepEqual(states, past.stages.map((s) => `stage stage--${s.state}`));
        assert.equal(await page.locator('.updates__list--all > li').count(), past.updates.length);
        // A resolved incident's page has no live parts: no window, no next update, no obstacles.
        assert.equal(await page.locator('.eta__window, .next-update, .notes').count(), 0);

        // The same incident had its promise missed by 20 minutes, after an earlier one was
        // missed too: the page says both (the snapshot is the server's, with that promise).
        const snapshot = await (await fetch(new URL('api/v1/portal.json', baseUrl))).json();
        const record = snapshot.incidents.find((i) => i.id === past.id);
        const resolvedAt = Date.parse(record.resolved_at);
        record.promise.latest_at = new Date(resolvedAt - 20 * 60_000).toISOString();
        record.promise.likely_at = new Date(resolvedAt - 60 * 60_000).toISOString();
        record.promise.missed_latest_at = new Date(resolvedAt - 90 * 60_000).toISOString();
        record.promise.revision = 1;
        await context.route('**/api/v1/portal.json', (route) => route.fulfill({
          status: 200, contentType: 'application/json', body: JSON.stringify(snapshot),
        }));
        await page.reload();
        await page.locator('.outcome--missed').waitFor();
        assert.match(await page.locator('.outcome__verdict').innerText(),
          /^We said this would be fixed by .+ at the latest\. It took 20 minutes longer: we missed that promise\.$/);
        assert.match(await page.locator('.outcome .eta__meta').innerText(), /^An earlier estimate, .+ at the latest, was missed\.$/);
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

    test('"I\'m affected too" is sent once, thanks the reader, and is remembered after a reload', async () => {
      ready();
      const incident = view.incidents.find((i) => i.active);
      const { page, problems, context } = await openPage(browser, `${baseUrl}#/incident/${incident.id}`, { width: 1280, height: 900 });
      try {
        const reports = [];
        page.on('request', (r) => { if (r.url().endsWith('/api/v1/reports')) reports.push(r.postDataJSON()); });
        const before = await reportCount(incident.id);
        await page.getByRole('button', { name: 'I\'m affected too' }).click();
        const thanks = page.locator(`#affected-${incident.id} .respond__thanks`);
        await thanks.waitFor();
        assert.match(await thanks.innerText(), /^Thank you, we have counted you in\./);
        assert.equal(await page.evaluate(() => document.activeElement.className), 'respond__thanks', 'focus moves to the thanks');
        assert.deepEqual(reports, [{ incident_id: incident.id }]);
        assert.equal(await reportCount(incident.id), before + 1, 'the server counted one report');
        await page.reload();
        await thanks.waitFor();
        assert.equal(await page.getByRole('button', { name: 'I\'m affected too' }).count(), 0, 'not asked again');
        assert.equal(reports.length, 1);
        assert.deepEqual(await problems(), []);
      } finally {
        await context.close();
      }
    });

    test('"how did we do?" on a resolved incident: one click with an optional comment, remembered', async () => {
      ready();
      const incident = view.incidents.find((i) => !i.active);
      assert.ok(incident, 'the demo has a recently resolved incident');
      const { page, problems, context } = await openPage(browser, `${baseUrl}#/incident/${incident.id}`, { width: 1280, height: 900 });
      try {
        await page.locator('#incident-title').waitFor();
        assert.equal(await page.getByRole('button', { name: 'I\'m affected too' }).count(), 0, 'only while it lasts');
        assert.equal(await page.locator('.eta__window').count(), 0, 'no "most likely by" once it is over');
        const sent = page.waitForRequest((r) => r.url().endsWith(`/api/v1/incidents/${incident.id}/feedback`));
        await page.getByLabel('Anything to add?').fill('Clear updates, thank you.');
        await page.getByRole('button', { name: '4 out of 5' }).click();
        assert.deepEqual((await sent).postDataJSON(), { rating: 4, comment: 'Clear updates, thank you.' });
        const thanks = page.locator('.feedback .respond__thanks');
        await thanks.waitFor();
        assert.equal(await thanks.innerText(), 'Thank you for your feedback (4 out of 5).');
        await page.reload();
        await thanks.waitFor();
        assert.equal(await page.locator('.feedback__rate').count(), 0);
        assert.deepEqual(await problems(), []);
      } finally {
        await context.close();
      }
    });

    test('the private case page greets by name and says what we need, when we follow up, and when late', async () => {
      ready();
      const due = Date.parse(openCase.next_follow_up_at);
      const context = await browser.newContext({ locale, timezoneId });
      try {
        const page = await context.newPage();
        await page.clock.install({ time: due - 5 * 60_000 });
        await page.goto(`${baseUrl}#/case/${openCase.token}`);
        await page.locator('#case-title').waitFor();
        assert.equal(await page.locator('.case__greeting').innerText(), 'Hello Ada Lovelace, here is where your request stands.');
        assert.equal(await page.locator('#case-title').innerText(), 'Invoice shows the wrong VAT rate');
        assert.equal(await page.locator('.case__needed p').innerText(), 'Your VAT registration number');
        assert.equal(await page.locator('.stage[aria-current="step"] .stage__label').innerText(), 'Waiting for you');
        assert.match(await page.locator('.next-update').innerText(), /^We will get back to you by .+ \(in 5 minutes\)\.$/);
        assert.equal(await page.locator('.update').count(), 2, 'both updates, newest first');
        assert.match(await page.locator('.update__body').first().innerText(), /one detail from you/);
        assert.equal(await page.title(), 'Invoice shows the wrong VAT rate · Northwind Cloud status');
        // The window comes from the demo's earlier billing cases, and says so.
        const stored = await (await fetch(new URL(`api/v1/cases/${openCase.token}.json`, baseUrl))).json();
        assert.ok(stored.promise, 'the server published a promise for the case');
        assert.match(await page.locator('.eta__window').innerText(), /^Most likely by .+, at the latest by .+\.$/);
        assert.equal(await page.locator('.eta__basis').innerText(), `Based on ${stored.promise.basis_n} similar requests.`);
        // The follow-up time passes with no reply: the page says so on its own minute tick.
        await page.clock.runFor('17:00');
        const late = page.locator('.next-update--late');
        await late.waitFor();
        assert.match(await late.innerText(), /and are late by 1[12] minutes\. Sorry, we are on it\.$/);
      } finally {
        await context.close();
      }
    });

    test('a case\'s window published after a missed one says we missed the earlier one', async () => {
      ready();
      const { page, problems, context } = await openPage(browser, `${baseUrl}#/`, { width: 1280, height: 900 });
      try {
        // The server's case, as its tick leaves it once an earlier promise was missed.
        const stored = await (await fetch(new URL(`api/v1/cases/${openCase.token}.json`, baseUrl))).json();
        const earlier = new Date(Date.now() - 3600_000).toISOString();
        stored.promise = { ...stored.promise, revision: 1, missed_latest_at: earlier };
        await context.route(`**/api/v1/cases/${openCase.token}.json`, (route) => route.fulfill({
          status: 200, contentType: 'application/json', body: JSON.stringify(stored),
        }));
        await go(page, { hash: `#/case/${openCase.token}`, ready: '#case-title' });
        assert.match(await page.locator('.eta__missed').innerText(),
          /^We previously said .+ at the latest and missed it; this is our revised estimate\.$/);
        assert.match(await page.locator('.eta__window').innerText(), /^Most likely by .+, at the latest by .+\.$/);
        assert.deepEqual(await problems(), []);
      } finally {
        await context.close();
      }
    });

    test('an unknown or malformed case link gets one "not valid" page, nothing else', async () => {
      ready();
      for (const token of ['0123456789abcdef0123456789abcdef', 'not-a-token']) {
        const { page, problems, context } = await openPage(browser, `${baseUrl}#/case/${token}`, { width: 360, height: 800 });
        try {
          await page.locator('#case-title').waitFor();
          assert.equal(await page.locator('#case-title').innerText(), 'This link is not valid');
          assert.match(await page.locator('main').innerText(), /may have expired/);
          assert.equal(await page.locator('.case__greeting').count(), 0);
          // The 404 is the answer we expect; nothing else may go wrong.
          assert.deepEqual((await problems()).filter((p) => !/HTTP 404: .*\/api\/v1\/cases\//.test(p) && !/status of 404/.test(p)), []);
          assert.deepEqual(await axeViolations(page), []);
        } finally {
          await context.close();
        }
      }
    });

    test('a resolved case asks "how did we do?" once; the server\'s "already given" is said kindly', async () => {
      ready();
      const first = await openPage(browser, `${baseUrl}#/case/${resolvedCase.token}`, { width: 1280, height: 900 });
      try {
        // Resolved at once, well inside the window it was given: the page says that promise was kept.
        const stored = await (await fetch(new URL(`api/v1/cases/${resolvedCase.token}.json`, baseUrl))).json();
        assert.ok(stored.promise && stored.resolved_at, 'a resolved case with its promise');
        assert.match(await first.page.locator('.outcome--kept .outcome__verdict').innerText(),
          /^We said this would be done by .+ at the latest\. It was done at .+: we kept that promise\.$/);
        assert.equal(await first.page.locator('.eta__window').count(), 0, 'no window once it is done');
        await first.page.getByRole('button', { name: '5 out of 5' }).click();
        await first.page.locator('.feedback .respond__thanks', { hasText: 'Thank you for your feedback (5 out of 5).' }).waitFor();
        assert.deepEqual(await first.problems(), []);
      } finally {
        await first.context.close();
      }
      // Another browser (nothing remembered): the server keeps one rating per case.
      const context = await browser.newContext({ locale, timezoneId });
      try {
        const page = await context.newPage();
        await page.goto(`${baseUrl}#/case/${resolvedCase.token}`);
        await page.getByRole('button', { name: '2 out of 5' }).click();
        await page.locator('.feedback .respond__thanks', { hasText: 'We already have your feedback. Thank you.' }).waitFor();
      } finally {
        await context.close();
      }
    });

    test('90-day uptime bars: one per component from the core, colour and height, keyboard and tooltip', async () => {
      ready();
      const components = view.groups.flatMap((g) => g.components);
      const withBars = components.filter((c) => c.uptime?.days?.length);
      assert.ok(withBars.length > 0, 'the core gives components an uptime (groups[].components[].uptime)');
      const { page, problems, context } = await openPage(browser, `${baseUrl}#/`, { width: 1280, height: 900 });
      try {
        await page.locator('#overall').waitFor();
        assert.equal(await page.locator('.uptime__days').count(), withBars.length);
        // A component the active incident touches has today's status and the incident's name.
        const incident = view.incidents.find((i) => i.active);
        const component = withBars.find((c) => incident.components.some((x) => x.id === c.id)) ?? withBars[0];
        const today = component.uptime.days.at(-1);
        const bar = page.locator(`#uptime-${component.id}`);
        assert.equal(await bar.locator('.uptime__day').count(), component.uptime.days.length);
        assert.equal(await bar.getAttribute('aria-label'), `${component.name}: status each day for the last ${component.uptime.days.length} days`);
        // Heights differ by status, so colour is not the only signal.
        const heights = await page.evaluate(() => Object.fromEntries(['operational', 'major_outage'].map((s) => {
          const probe = document.createElement('span');
          probe.className = `uptime__swatch uptime__day--${s}`;
          document.querySelector('.uptime-legend').append(probe);
          const height = probe.getBoundingClientRect().height;
          probe.remove();
          return [s, height];
        })));
        assert.ok(heights.major_outage > heights.operational * 1.5, `major outage bars are taller (${JSON.stringify(heights)})`);
        // One tab stop per bar (today's day); arrows move along it, and the tooltip shows.
        assert.equal(await bar.locator('.uptime__day[tabindex="0"]').count(), 1);
        await bar.locator('.uptime__day').last().focus();
        await page.keyboard.press('Tab'); // focus-visible needs a keyboard: go away and back
        await page.keyboard.press('Shift+Tab');
        // The tooltip is the day's accessible name, shown by the stylesheet on focus.
        const focusedDay = () => page.evaluate(() => {
          const el = document.activeElement;
          return { name: el.getAttribute('aria-label'), shown: getComputedStyle(el, '::after').content, day: el.dataset.day };
        });
        const dayName = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short' })
          .format(Date.parse(`${today.date}T00:00:00Z`));
        const statusWords = { operational: 'Operational', degraded_performance: 'Degraded performance', partial_outage: 'Partial outage', major_outage: 'Major outage', under_maintenance: 'Under maintenance' };
        const todayShown = await focusedDay();
        assert.ok(todayShown.name.startsWith(`${dayName} · ${statusWords[today.worst]}`), todayShown.name);
        assert.equal(todayShown.shown, JSON.stringify(todayShown.name), 'the tooltip shows on keyboard focus');
        for (const x of today.incidents) assert.ok(todayShown.name.includes(x.name), `today's tooltip names ${x.name}`);
        await page.keyboard.press('ArrowLeft');
        assert.equal((await focusedDay()).day, String(component.uptime.days.length - 2));
        await page.keyboard.press('Home');
        const first = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short' })
          .format(Date.parse(`${component.uptime.days[0].date}T00:00:00Z`));
        const firstShown = await focusedDay();
        assert.equal(firstShown.day, '0');
        assert.ok(firstShown.name.startsWith(first), firstShown.name);
        assert.match(await page.locator(`#uptime-${component.id} + .uptime__meta`).innerText(), /90 days ago\s+[\d.]+% uptime\s+Today/);
        await page.screenshot({ path: join(outDir, 'overview-uptime-tooltip-1280.png') });
        assert.deepEqual(await problems(), []);
      } finally {
        await context.close();
      }
    });

    // The snapshot as the server sends it, with the operator's theme put in by the test.
    async function themedSnapshot(theme) {
      const snapshot = JSON.parse(await (await fetch(new URL('api/v1/portal.json', baseUrl))).text());
      snapshot.page.theme = theme;
      return JSON.stringify(snapshot);
    }

    test('the operator\'s theme: accent with readable text, logo, footer links; an unreadable accent is ignored', async () => {
      ready();
      const theme = { accent: '#0a5cc2', logo_url: 'favicon.svg', links: [{ label: 'Help centre', url: 'https://help.example.com/' }, { label: 'Terms', url: 'terms.html' }] };
      for (const scheme of ['light', 'dark']) {
        const context = await browser.newContext({ locale, timezoneId, colorScheme: scheme, viewport: { width: 360, height: 800 } });
        try {
          const page = await context.newPage();
          const body = await themedSnapshot(theme);
          await page.route('**/api/v1/portal.json', (route) => route.fulfill({ status: 200, contentType: 'application/json', body }));
          await page.goto(baseUrl);
          await page.locator('.site-logo').waitFor();
          const header = await page.evaluate(() => {
            const style = getComputedStyle(document.querySelector('.site-header'));
            return { background: style.backgroundColor, color: style.color };
          });
          // #0a5cc2 under white: 6.2:1 by the WCAG 2 formula (WebAIM's contrast checker agrees).
          assert.deepEqual(header, { background: 'rgb(10, 92, 194)', color: 'rgb(255, 255, 255)' }, scheme);
          assert.equal(await page.locator('.site-logo').getAttribute('alt'), '', 'the title beside it names the page');
          assert.equal(await page.locator('.footer-links').getByRole('link', { name: 'Help centre' }).getAttribute('href'), 'https://help.example.com/');
          assert.deepEqual(await axeViolations(page), [], `axe-core with the theme (${scheme})`);
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
          assert.ok(overflow <= 0, `no horizontal scrolling at 360 px with a logo and links (${overflow} px)`);
          await page.screenshot({ path: join(outDir, `overview-themed-360${scheme === 'dark' ? '-dark' : ''}.png`), fullPage: true });
        } finally {
          await context.close();
        }
      }
      // #777777 reaches 4.48:1 with white and less with dark text (WebAIM: #777 on #fff is 4.47:1): below AA.
      const context = await browser.newContext({ locale, timezoneId });
      try {
        const page = await context.newPage();
        const body = await themedSnapshot({ accent: '#777777', logo_url: null, links: [] });
        await page.route('**/api/v1/portal.json', (route) => route.fulfill({ status: 200, contentType: 'application/json', body }));
        await page.goto(baseUrl);
        await page.locator('#overall').waitFor();
        assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('.site-header')).backgroundColor), 'rgb(22, 32, 44)', 'the default header');
        assert.equal(await page.locator('.site-logo, .footer-links').count(), 0);
      } finally {
        await context.close();
      }
    });

    // Last: it uses up this client's customer writes for the next minute.
    test('"I\'m affected too" answered 429 says so politely and keeps the button', async () => {
      ready();
      const incident = view.incidents.find((i) => i.active);
      let status = 0;
      for (let i = 0; i < 30 && status !== 429; i += 1) {
        const response = await fetch(new URL('api/v1/reports', baseUrl), {
          method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ incident_id: incident.id }),
        });
        status = response.status;
      }
      assert.equal(status, 429, 'the server limits reports per client');
      const context = await browser.newContext({ locale, timezoneId });
      try {
        const page = await context.newPage();
        await page.goto(`${baseUrl}#/incident/${incident.id}`);
        await page.getByRole('button', { name: 'I\'m affected too' }).click();
        const problem = page.locator('.respond__problem');
        await problem.waitFor();
        assert.match(await problem.innerText(), /^We have had many reports from your network just now\. Please try again in \d+ minutes?\.$/);
        assert.equal(await page.getByRole('button', { name: 'I\'m affected too' }).count(), 1, 'the reader may try again later');
        assert.equal(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('candor.said.')).length), 0);
      } finally {
        await context.close();
      }
    });

    async function reportCount(incidentId) {
      const { json } = await api('GET', 'api/v1/reports/summary.json', null, 200);
      return json.counts.filter((c) => c.incident_id === incidentId).reduce((sum, c) => sum + c.count, 0);
    }
  });
}
