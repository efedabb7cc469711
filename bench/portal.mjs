// The portal's weight and speed (issue 6), against `candor demo` on loopback in headless
// Chromium: the bytes a cold load of the overview transfers (HTML, CSS, JS, wasm, JSON, as
// the browser received them: gzip where the server compresses), the time until the overall
// status is visible beside a plain static HTML page with the same content served by the same
// server in the same run, the time to the live view (wasm loaded, view model rendered: the
// page's "candor:live" User Timing mark), and a Lighthouse run's four category scores.
// Usage: node bench/portal.mjs [--runs N] [--no-lighthouse]   (bash bench/portal.sh)
// CANDOR_BIN and CANDOR_WEB pick another server build and web build.

import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = process.env.CANDOR_BIN || join(root, 'build', 'native', 'bin', 'candor');
const web = process.env.CANDOR_WEB || join(root, 'build', 'web');
const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1]) || 7;
const lighthouse = !args.includes('--no-lighthouse');
const BUDGET_BYTES = 150 * 1024;
const launchArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

// Records when #overall first appears and is painted (the next animation frame after it is in
// the DOM), for the portal and the plain page alike; runs before any page script.
function recordOverall() {
  window.__overallAt = null;
  const seen = () => {
    // The server's pre-rendered sentence (#overall-static) counts as soon as it is there; the
    // plain page and the live view have #overall.
    if (window.__overallAt != null || !(document.getElementById('overall') || document.getElementById('overall-static'))) return false;
    requestAnimationFrame(() => requestAnimationFrame(() => { window.__overallAt = performance.now(); }));
    return true;
  };
  new MutationObserver((records, observer) => { if (seen()) observer.disconnect(); })
    .observe(document, { childList: true, subtree: true });
}

async function startServer(webDir, db) {
  const child = spawn(bin, ['demo', '--port', '0', '--db', db, '--web', webDir], { stdio: ['ignore', 'pipe', 'ignore'] });
  const line = await new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`candor demo exited (${code})`)));
  });
  const url = /^Candor serving at (\S+)$/.exec(line)?.[1];
  if (!url) throw new Error(`candor demo said ${JSON.stringify(line)}`);
  child.stdout.resume();
  return { url, stop: () => child.kill('SIGTERM') };
}

// One cold load (fresh context: empty cache) of `url`; bytes as the network delivered them.
async function coldLoad(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
  const page = await context.newPage();
  await page.addInitScript(recordOverall);
  // A fresh context's cache is empty, and it stays on: the core's worker fetches the .wasm the
  // page's preload is fetching, and a real reader's browser serves it from the cache.
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  const resources = new Map();
  cdp.on('Network.responseReceived', (e) => resources.set(e.requestId, { url: e.response.url, type: e.type, bytes: 0 }));
  cdp.on('Network.loadingFinished', (e) => { if (resources.has(e.requestId)) resources.get(e.requestId).bytes = e.encodedDataLength; });
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(() => window.__overallAt != null);
  const live = url.includes('plain.html') ? null
    : await page.waitForFunction(() => performance.getEntriesByName('candor:live')[0]?.startTime).then((h) => h.jsonValue());
  await page.waitForLoadState('networkidle');
  // The page's CDP session does not see its workers' requests (the core's worker script and
  // anything the worker fetched over the network): take them from Resource Timing, the page's
  // and each worker's (a cache hit transfers 0), and weigh each as the server sends it.
  const fetched = () => performance.getEntriesByType('resource').filter((e) => e.transferSize > 0).map((e) => e.name);
  const timed = [await page.evaluate(fetched), ...await Promise.all(page.workers().map((w) => w.evaluate(fetched)))].flat();
  const known = new Set([...resources.values()].map((r) => r.url));
  for (const url of new Set(timed.filter((u) => !known.has(u)))) resources.set(url, { url, type: 'worker', bytes: await onTheWire(url) });
  const overall = await page.evaluate(() => window.__overallAt);
  const html = await page.content();
  await context.close();
  return { overall, live, resources: [...resources.values()], html };
}

// The bytes the server sends for `url` (status line, headers and body, gzip as Chromium asks
// for it): what Chrome's encodedDataLength counts for the requests CDP showed.
function onTheWire(url) {
  const { hostname, port, pathname, search } = new URL(url);
  return new Promise((resolve, reject) => {
    let bytes = 0;
    const socket = connect(Number(port), hostname, () => socket.write(`GET ${pathname}${search} HTTP/1.1\r\n` +
      `Host: ${hostname}:${port}\r\nAccept-Encoding: gzip, deflate, br\r\nConnection: close\r\n\r\n`));
    socket.on('data', (chunk) => { bytes += chunk.length; });
    socket.on('end', () => resolve(bytes));
    socket.on('error', reject);
  });
}

// The live page's DOM as a plain static page: same markup and stylesheet, no scripts.
function plainPage(html) {
  return html
    .replace(/<script\b[\s\S]*?<\/script>/g, '')
    .replace(/<link rel="(modulepreload|preload)"[^>]*>/g, '');
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

async function main() {
  const tmp = mkdtempSync(join(tmpdir(), 'candor-bench-portal-'));
  const webCopy = join(tmp, 'web');
  cpSync(web, webCopy, { recursive: true });
  const server = await startServer(webCopy, join(tmp, 'demo.db'));
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: launchArgs });
  try {
    // Warm the server's caches (snapshot, gzip) and make the plain page from the live one.
    const first = await coldLoad(browser, server.url);
    writeFileSync(join(webCopy, 'plain.html'), plainPage(first.html));
    const portal = [];
    const plain = [];
    for (let i = 0; i < runs; i += 1) {
      portal.push(await coldLoad(browser, server.url));
      plain.push(await coldLoad(browser, new URL('plain.html', server.url).href));
    }
    const cold = portal.at(-1).resources;
    const byKind = {};
    for (const r of cold) {
      const name = new URL(r.url).pathname.replace(/^\//, '') || 'index.html';
      const kind = /\.wasm$/.test(name) ? 'wasm' : /\.(m?js)$/.test(name) ? 'JS' : /\.css$/.test(name) ? 'CSS'
        : /\.json$/.test(name) ? 'JSON' : /\.html$/.test(name) ? 'HTML' : 'other';
      byKind[kind] = (byKind[kind] ?? 0) + r.bytes;
    }
    const total = cold.reduce((sum, r) => sum + r.bytes, 0);
    console.log(`candor portal bench, ${new Date().toISOString().slice(0, 10)}, load average ${loadavg()[0].toFixed(1)}, ${runs} cold loads each, Chromium headless, loopback`);
    console.log('');
    console.log('| cold load of the overview | bytes transferred (headers included) |');
    console.log('|---|---:|');
    for (const r of cold) console.log(`| ${new URL(r.url).pathname} | ${r.bytes} |`);
    for (const [kind, bytes] of Object.entries(byKind)) console.log(`| all ${kind} | ${kb(bytes)} |`);
    console.log(`| **total** (${cold.length} requests) | **${kb(total)}** (budget ${kb(BUDGET_BYTES)}: ${total <= BUDGET_BYTES ? 'within' : 'OVER'}) |`);
    console.log('');
    const po = median(portal.map((r) => r.overall));
    const pl = median(plain.map((r) => r.overall));
    const live = median(portal.map((r) => r.live));
    console.log('| measure (median, ms from navigation start) | portal | plain static page | portal ÷ plain | target |');
    console.log('|---|---:|---:|---:|---|');
    console.log(`| overall status visible | ${po.toFixed(0)} | ${pl.toFixed(0)} | ${(po / pl).toFixed(2)} | ≤ 1.1 |`);
    console.log(`| live view (wasm loaded, view model rendered) | ${live.toFixed(0)} | | | ≤ 500 ms |`);
    if (lighthouse) {
      console.log('');
      const out = join(tmp, 'lighthouse.json');
      const run = spawnSync(process.env.LIGHTHOUSE_BIN || join(root, 'build', 'bench-tools', 'node_modules', '.bin', 'lighthouse'), [
        server.url, '--quiet', '--output=json', `--output-path=${out}`,
        '--only-categories=performance,accessibility,best-practices,seo',
        '--chrome-flags=--headless=new --no-sandbox --disable-gpu',
      ], { env: { ...process.env, CHROME_PATH: '/usr/bin/chromium' }, encoding: 'utf8' });
      if (run.status !== 0) throw new Error(`lighthouse failed (${run.status}): ${run.stderr.slice(-2000)}`);
      const report = JSON.parse(readFileSync(out, 'utf8'));
      console.log(`| Lighthouse ${report.lighthouseVersion} (${report.configSettings.formFactor}, ${report.configSettings.throttlingMethod} throttling) | score | target |`);
      console.log('|---|---:|---|');
      for (const c of Object.values(report.categories)) console.log(`| ${c.title} | ${Math.round(c.score * 100)} | ≥ 95 |`);
      const metrics = ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'cumulative-layout-shift', 'speed-index']
        .map((id) => `${report.audits[id].title} ${report.audits[id].displayValue}`);
      console.log(`\nmetrics (simulated): ${metrics.join(', ')}`);
      const failing = Object.values(report.audits)
        .filter((a) => a.score != null && a.score < 0.9 && a.scoreDisplayMode !== 'informative' && a.scoreDisplayMode !== 'notApplicable')
        .map((a) => `${a.id} (${a.displayValue ?? Math.round(a.score * 100)})`);
      if (failing.length) console.log(`\naudits under 90: ${failing.join(', ')}`);
    }
  } finally {
    await browser.close();
    server.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(`bench/portal.mjs: ${error.stack ?? error}`);
  process.exit(1);
});
