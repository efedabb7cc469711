// What a page's first call of each Intl service costs in headless Chromium, and its second
// (issue 7: why the widget's notices use only Intl.PluralRules). Every service but
// PluralRules first has V8 build its list of available locales, one native call that no
// script can split; supportedLocalesOf() alone pays it. Each probe runs in a fresh browser
// context (a fresh renderer process), timed with performance.now() around the call.
// Usage: node bench/intl-cost.mjs [RUNS]   (default 9 page loads per probe)

import { chromium } from 'playwright-core';

import { launchArgs } from '../tests/browser/helper.mjs';

const runs = Number(process.argv[2] ?? 9);
if (!Number.isInteger(runs) || runs < 1) {
  console.error(`bench/intl-cost.mjs: RUNS must be a whole number of page loads, got ${JSON.stringify(process.argv[2])}`);
  process.exit(2);
}

// Sent to the page as source: each is self-contained.
const PROBES = {
  'Intl.PluralRules': () => new Intl.PluralRules('ru').select(3),
  'Intl.DateTimeFormat': () => new Intl.DateTimeFormat('en-US', { hour: 'numeric', minute: '2-digit' }).format(1e12),
  'Intl.NumberFormat': () => new Intl.NumberFormat('en-US').format(1234.5),
  'Intl.RelativeTimeFormat': () => new Intl.RelativeTimeFormat('en').format(1, 'day'),
  'Date.toLocaleTimeString': () => new Date(1e12).toLocaleTimeString('en-US'),
  'DateTimeFormat.supportedLocalesOf': () => Intl.DateTimeFormat.supportedLocalesOf(['en-US']),
  'Date.getHours (no Intl)': () => new Date(1e12).getHours(),
};

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: launchArgs });
const version = browser.version();
const rows = [];
try {
  for (const [name, probe] of Object.entries(PROBES)) {
    const first = [];
    const second = [];
    for (let i = 0; i < runs; i += 1) {
      const context = await browser.newContext({ locale: 'en-US', timezoneId: 'Europe/Oslo' });
      try {
        const page = await context.newPage();
        await page.route('http://intl.test/', (route) => route.fulfill({ body: '<p>x</p>', contentType: 'text/html' }));
        await page.goto('http://intl.test/');
        const [a, b] = await page.evaluate(`(() => {
          const t0 = performance.now(); (${probe})();
          const t1 = performance.now(); (${probe})();
          return [t1 - t0, performance.now() - t1];
        })()`);
        first.push(a);
        second.push(b);
      } finally {
        await context.close();
      }
    }
    const median = (xs) => xs.sort((x, y) => x - y)[Math.floor(xs.length / 2)];
    rows.push([name, median(first).toFixed(1), Math.max(...first).toFixed(1), median(second).toFixed(2)]);
  }
} finally {
  await browser.close();
}

console.log(`${runs} fresh pages per probe, headless Chromium ${version}\n`);
console.log('| first call of | ms (median) | worst | second call ms (median) |');
console.log('|---|---:|---:|---:|');
for (const row of rows) console.log(`| ${row.join(' | ')} |`);
