// Which tasks the widget gives the host page's main thread, and what is inside them (issue 7):
// the bench's page (tests/web/widget-stub.mjs: strict-CSP host, stub portal on the same site)
// under Chrome's trace, one fresh context per page view. For each view it prints the main
// thread's tasks longer than MIN ms (the host's and, for a same-process frame, the frame's),
// longest first, each with the events inside it that took more than a millisecond, indented
// by nesting: the script that ran (file, function, line:column of the built file), style and
// layout, parsing, storage. Tracing itself slows the page down by about half: compare tasks
// with each other, not with the 50 ms line (bench/widget.mjs measures that).
// Usage: node bench/widget-trace.mjs [MODE [RUNS [SLOWDOWN [MIN]]]]
//   MODE badge|banner|toast|live (default banner), RUNS page views (3), SLOWDOWN CPU
//   throttling factor (1), MIN ms (15)   (after npm run build)

import { join } from 'node:path';

import { chromium } from 'playwright-core';

import { launchArgs } from '../tests/browser/helper.mjs';
import { snapshotAround, startHost, startPortalStub } from '../tests/web/widget-stub.mjs';
import { root } from '../tests/wasm/helper.mjs';
import { newHostPage } from './widget-page.mjs';

const [mode = 'banner', runsArg = '3', slowdownArg = '1', minArg = '15'] = process.argv.slice(2);
const runs = Number(runsArg);
const slowdown = Number(slowdownArg);
const minMs = Number(minArg);
if (!['badge', 'banner', 'toast', 'live'].includes(mode) || !Number.isInteger(runs) || runs < 1 ||
    !(slowdown >= 1 && slowdown <= 20) || !(minMs > 0)) {
  console.error('usage: node bench/widget-trace.mjs [badge|banner|toast|live [RUNS [SLOWDOWN 1-20 [MIN ms]]]]');
  process.exit(2);
}

const CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'toplevel', 'v8', 'blink', 'loading', '__metadata'];
const TASK = 'ThreadControllerImpl::RunTask';
const KID_MS = 1;

// "FunctionCall widget.js fn=#render:10:4047": what an event ran, where it says.
function label(event) {
  const data = event.args?.data ?? event.args?.beginData ?? {};
  const where = data.url ? ` ${data.url.replace(/^.*\//, '').replace(/[?#].*$/, '')}` : '';
  const fn = data.functionName !== undefined ? ` fn=${data.functionName || '(anonymous)'}:${data.lineNumber}:${data.columnNumber}` : '';
  return `${event.name}${where}${fn}`;
}

// The tasks over minMs on every renderer main thread, each with its parts.
function longTasks(traceEvents) {
  const threads = new Map();
  for (const e of traceEvents) if (e.name === 'thread_name') threads.set(`${e.pid}:${e.tid}`, e.args.name);
  const main = traceEvents.filter((e) => e.ph === 'X' && threads.get(`${e.pid}:${e.tid}`) === 'CrRendererMain');
  return main.filter((e) => e.name === TASK && e.dur > minMs * 1000).sort((a, b) => b.dur - a.dur).map((task) => {
    const inside = main.filter((e) => e !== task && e.pid === task.pid && e.tid === task.tid && e.dur > KID_MS * 1000 &&
      e.ts >= task.ts && e.ts + e.dur <= task.ts + task.dur);
    const depth = (e) => inside.filter((o) => o !== e && o.ts <= e.ts && o.ts + o.dur >= e.ts + e.dur).length;
    return { ms: task.dur / 1000, pid: task.pid, parts: inside.map((e) => ({ depth: depth(e), ms: e.dur / 1000, what: label(e) })) };
  });
}

const stub = await startPortalStub({ webDir: join(root, 'build', 'web'), snapshot: () => snapshotAround(Date.now()) });
const host = await startHost({ portal: stub.portal });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: launchArgs });
try {
  for (let i = 0; i < runs; i += 1) {
    const { context, page } = await newHostPage(browser, slowdown);
    try {
      await browser.startTracing(page, { categories: CATEGORIES });
      await page.goto(`${host.origin}/page?${new URLSearchParams({ attrs: `mode="${mode}"`, portal: stub.portal })}`, { waitUntil: 'load' });
      await page.waitForFunction(() => window.__visibleAt != null, null, { timeout: 60_000 });
      await page.waitForTimeout(500);
      const { traceEvents } = JSON.parse((await browser.stopTracing()).toString());
      console.log(`${mode}, view ${i + 1}${slowdown > 1 ? `, CPU throttled ${slowdown}x` : ''}: main-thread tasks over ${minMs} ms`);
      for (const task of longTasks(traceEvents)) {
        console.log(`  ${task.ms.toFixed(1)} ms (renderer ${task.pid})`);
        for (const part of task.parts) console.log(`  ${'  '.repeat(part.depth + 1)}${part.ms.toFixed(1)} ${part.what}`);
      }
    } finally {
      await context.close();
    }
  }
} finally {
  await browser.close();
  await stub.close();
  await host.close();
}
