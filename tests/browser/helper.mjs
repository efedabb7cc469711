// What every browser test needs: the real server (candor demo) on a free port, a page in a
// context pinned to a locale and time zone that records what should not happen (console
// errors, CSP violations, failed requests), and axe-core's serious findings.

import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createRequire } from 'node:module';

import { missingCore, root } from '../wasm/helper.mjs';

// CANDOR_BIN runs the tests against another build of the server (e.g. an installed one).
export const serverBin = process.env.CANDOR_BIN || join(root, 'build', 'native', 'bin', 'candor');
// CANDOR_WEB serves another web build (node web/build.mjs --out DIR) instead of the server's own.
export const webDir = process.env.CANDOR_WEB || null;
const webIndex = join(webDir ?? join(root, 'build', 'web'), 'index.html');
// CANDOR_TEST_OUTPUT writes screenshots elsewhere than test-output/ (e.g. beside a private build).
export const outDir = join(process.env.CANDOR_TEST_OUTPUT || join(root, 'test-output'), 'browser');
export const timezoneId = 'Europe/Oslo';
export const locale = 'en-US';
export const launchArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

// What is missing to run the browser tests, as sentences saying how to build it.
export function missingBuild() {
  return [
    missingCore(),
    existsSync(serverBin) ? null : `${serverBin} is missing; run: cmake --preset native && cmake --build --preset native`,
    existsSync(webIndex) ? null : `${webIndex} is missing; run: npm run build`,
  ].filter(Boolean);
}

// Starts `candor demo` on a free port and resolves once it has said where it serves.
// `command: 'serve'` serves dir/demo.db as it is (made by an earlier demo run), with `args`
// that only serve takes (e.g. --smtp).
export function startServer(dir, { command = 'demo', args = [] } = {}) {
  const child = spawn(serverBin, [command, '--port', '0', '--db', join(dir, 'demo.db'), ...(webDir ? ['--web', webDir] : []), ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  const handle = {
    child,
    url: null,
    exitCode: null,
    stderr: () => stderr,
    async stop() {
      if (handle.exitCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
  exited.then((code) => { handle.exitCode = code; });

  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    const timer = setTimeout(() => fail('no "Candor serving at" line within 20 s'), 20_000);
    function fail(why) {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`candor demo: ${why}\nstderr:\n${stderr}`));
    }
    lines.once('line', (line) => {
      clearTimeout(timer);
      const match = /^Candor serving at (http:\/\/\S+\/)$/.exec(line);
      if (!match) return fail(`unexpected first line ${JSON.stringify(line)}`);
      handle.url = match[1];
      lines.on('line', () => {}); // keep draining stdout so the server never blocks on it
      resolve(handle);
    });
    child.once('error', (error) => fail(error.message));
    exited.then((code) => { if (!handle.url) fail(`exited (${code}) before serving`); });
  });
}

// A fresh context pinned to a locale and zone, recording everything that should not happen.
// `options` go to the context too (e.g. a locale).
export async function openPage(browser, url, viewport, colorScheme = 'light', options = {}) {
  const context = await browser.newContext({ locale, timezoneId, viewport, colorScheme, reducedMotion: 'reduce', ...options });
  const page = await context.newPage();
  const seen = [];
  page.on('console', (message) => {
    if (message.type() === 'error') seen.push(`console error: ${message.text()}`);
    // The glue falls back quietly when .wasm is not served as application/wasm.
    if (/streaming compile failed|falling back to ArrayBuffer/.test(message.text())) seen.push(`wasm: ${message.text()}`);
  });
  page.on('pageerror', (error) => seen.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => seen.push(`request failed: ${request.url()} ${request.failure()?.errorText}`));
  page.on('response', (response) => {
    if (response.status() >= 400) seen.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  // Installed before any page script runs; init scripts are not subject to the page's CSP.
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI} at ${event.sourceFile}:${event.lineNumber}`);
    });
  });
  await page.goto(url, { waitUntil: 'load' });
  const problems = async () => {
    const csp = await page.evaluate(() => window.__cspViolations);
    return [...seen, ...csp.map((v) => `CSP violation: ${v}`)];
  };
  return { page, problems, context };
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

// axe-core's serious and critical findings, as "rule: target" strings.
export async function axeViolations(page) {
  await page.evaluate(axeSource); // evaluated over CDP, so the page's CSP does not apply
  const results = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((node) => `${v.id}: ${node.target.join(' ')} — ${node.failureSummary}`));
}
