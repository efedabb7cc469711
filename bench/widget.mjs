// The widget's weight and speed as a company's site gets it (issue 7), in headless Chromium:
// the browser tests' two loopback origins (tests/web/widget-stub.mjs: a strict-CSP host with
// hostile CSS, and a stub portal serving build/web under /status/), one fresh browser
// context per page view, so nothing is cached. For each mode it prints:
// - loader: widget.js, gzip -9 (the one file host pages link under a stable name);
// - before visible: every response the reader's browser took from the portal before the
//   widget showed data (the host page's, and for mode="live" the frame's too), each
//   weighed as gzip -9 of its body, summed; which files, in the "pulled" column;
// - visible: ms from widget.js's responseEnd (the loader arrives and runs) to the first
//   frame where the widget's root says data-state="ready" (median of the runs);
// - longest task: the longest main-thread task on the host page (PerformanceObserver
//   longtask, which reports those over 50 ms; 0 = none): the median and the worst run, and
//   in how many views there was one. The last row is the host page with an empty widget.js:
//   the host's own tasks, which every row counts too.
// Usage: node bench/widget.mjs [RUNS [SLOWDOWN]]   (after npm run build; default 7 runs per mode;
// SLOWDOWN: Chrome's CPU throttling of the host page, e.g. 4 (DevTools' "low-end mobile"), which
// stretches every host task 4x, so a task over 50 ms then means one over 12.5 ms unthrottled;
// CANDOR_WEB=DIR weighs the build that node web/build.mjs --out DIR made)

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

import { chromium } from 'playwright-core';

import { launchArgs, webDir as otherWeb } from '../tests/browser/helper.mjs';
import { snapshotAround, startHost, startPortalStub } from '../tests/web/widget-stub.mjs';
import { root } from '../tests/wasm/helper.mjs';
import { newHostPage } from './widget-page.mjs';

const runs = Number(process.argv[2] ?? 7);
if (!Number.isInteger(runs) || runs < 1) {
  console.error(`bench/widget.mjs: RUNS must be a whole number of page views per mode, got ${JSON.stringify(process.argv[2])}`);
  process.exit(2);
}
const slowdown = Number(process.argv[3] ?? 1);
if (!(slowdown >= 1 && slowdown <= 20)) {
  console.error(`bench/widget.mjs: SLOWDOWN must be a CPU throttling factor from 1 to 20, got ${JSON.stringify(process.argv[3])}`);
  process.exit(2);
}
const webDir = otherWeb ?? join(root, 'build', 'web'); // CANDOR_WEB: another web build
const gz = (bytes) => gzipSync(bytes, { level: 9 }).length;
const loaderGz = gz(readFileSync(join(webDir, 'widget.js')));

// The portal is 127.0.0.1 like the host: one site to the browser (as status.example.com and
// www.example.com are), where the live card's frame would share the host's main thread but for
// the portal's Origin-Agent-Cluster header. "live, other site" puts the portal on localhost, a
// site of its own.
const MODES = [
  ['badge', 'mode="badge"'],
  ['banner', 'mode="banner"'],
  ['toast', 'mode="toast"'],
  ['live', 'mode="live"'],
  ['live, other site', 'mode="live"', 'localhost'],
  // The same host page with an empty widget.js: its own tasks (parsing, the first layout of its
  // 40px hostile CSS), which the rows above include too.
  ['host page alone', 'mode="badge"', null, 'no widget'],
];

const stub = await startPortalStub({ webDir, snapshot: () => snapshotAround(Date.now()) });
const host = await startHost({ portal: stub.portal });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: launchArgs });

// The URLs the page (and its frames) fetched from the portal before `visibleAt`.
async function pulledBefore(page, visibleAt, portal) {
  const names = await page.evaluate((t) => performance.getEntriesByType('resource')
    .filter((e) => e.startTime <= t).map((e) => e.name), visibleAt);
  for (const frame of page.frames().slice(1)) {
    // The frame finished before it told the host its height: all it fetched counts.
    names.push(...await frame.evaluate(() => [location.href, ...performance.getEntriesByType('resource').map((e) => e.name)]));
  }
  return names.filter((name) => name.startsWith(portal)).map((name) => new URL(name).pathname);
}

const rows = [];
try {
  for (const [mode, attrs, hostname, alone] of MODES) {
    const portal = hostname ? stub.portal.replace('127.0.0.1', hostname) : stub.portal;
    const views = [];
    for (let i = 0; i < runs; i += 1) {
      const { context, page } = await newHostPage(browser, slowdown);
      try {
        if (alone) await page.route('**/widget.js', (route) => route.fulfill({ body: '', contentType: 'text/javascript' }));
        await page.goto(`${host.origin}/page?${new URLSearchParams({ attrs, portal })}`, { waitUntil: 'load' });
        if (alone) {
          await page.waitForTimeout(1000); // longer than any widget above takes to show
          views.push({ visibleMs: NaN, longest: await page.evaluate(() => window.__longestTask), bytes: 0, paths: [] });
          continue;
        }
        await page.waitForFunction(() => window.__visibleAt != null, null, { timeout: 30_000 });
        // Long-task entries reach the observer in a later task of their own: read too soon and
        // the last ones are missed. Half a second also counts the widget's work just after it
        // showed (a live card telling the host its height, the notices' next frame).
        await page.waitForTimeout(500);
        const { visibleAt, loaderAt, longest } = await page.evaluate(() => ({
          visibleAt: window.__visibleAt,
          loaderAt: performance.getEntriesByType('resource').find((e) => e.name.endsWith('/widget.js')).responseEnd,
          longest: window.__longestTask,
        }));
        const paths = [...new Set(await pulledBefore(page, visibleAt, portal))];
        const bytes = paths.reduce((sum, path) => sum + gz(stub.state.bodies.get(path) ?? ''), 0);
        views.push({ visibleMs: visibleAt - loaderAt, longest, bytes, paths });
      } finally {
        await context.close();
      }
    }
    const sorted = views.map((v) => v.visibleMs).sort((a, b) => a - b);
    const pulled = views[0].paths.map((p) => p.replace(/^\/status\//, '').replace(/-[A-Z2-7]{8}\./, '.'));
    const tasks = views.map((v) => v.longest).sort((a, b) => a - b);
    const ms = (x) => (Number.isNaN(x) ? '–' : Math.round(x));
    rows.push([mode, alone ? '–' : loaderGz, alone ? '–' : Math.max(...views.map((v) => v.bytes)), ms(sorted[Math.floor(runs / 2)]),
      ms(sorted[0]), ms(sorted[runs - 1]), tasks[Math.floor(runs / 2)], tasks[runs - 1],
      `${tasks.filter((t) => t > 50).length} of ${runs}`, pulled.join(' ')]);
  }
} finally {
  await browser.close();
  await stub.close();
  await host.close();
}

if (slowdown > 1) console.log(`host page CPU throttled ${slowdown}x\n`);
console.log('| mode | loader gz B | before visible gz B | visible ms (median) | min | max | longest host task ms (median) | worst | views with one over 50 ms | pulled before visible |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---|');
for (const row of rows) console.log(`| ${row.join(' | ')} |`);
