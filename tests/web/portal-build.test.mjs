// The portal's build (web/build.mjs) as issue 10 shaped it: the subscription views are a chunk
// of their own that main.js names by its hashed file and does not carry (the overview's first
// load stays within its budget), English is split between the two, the mail catalogs are copied
// for the server, and two builds of the same sources are byte for byte the same. Built twice
// into temporary directories over a stand-in wasm core, so it needs neither build/web nor wasm.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(import.meta.url), '..', '..', '..');
const en = JSON.parse(readFileSync(join(root, 'web', 'i18n', 'en.json'), 'utf8'));
const mailDir = join(root, 'web', 'i18n', 'mail');

let tmp;
let outs;
const read = (out, name) => readFileSync(join(out, name), 'utf8');
const find = (out, pattern) => readdirSync(out).find((name) => pattern.test(name));

before(() => {
  tmp = mkdtempSync(join(tmpdir(), 'candor-portal-build-'));
  const core = join(tmp, 'core');
  mkdirSync(core);
  // A stand-in glue with a mark to find it by in the bundle that holds it.
  writeFileSync(join(core, 'candor_core.mjs'), 'export default function createCandorCore() { return "stand-in glue"; }\n');
  writeFileSync(join(core, 'candor_core.wasm'), Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
  outs = ['a', 'b'].map((name) => {
    const out = join(tmp, name);
    const built = spawnSync(process.execPath, [join(root, 'web', 'build.mjs'), '--out', out], {
      cwd: root, encoding: 'utf8', env: { ...process.env, CANDOR_WASM_DIR: core },
    });
    assert.equal(built.status, 0, built.stderr);
    return out;
  });
});
after(() => rmSync(tmp, { recursive: true, force: true }));

// JSON.stringify of a catalog text as esbuild writes it in a bundle ("..." with \" escapes),
// less the quotes: enough to find the text in the minified file.
const inBundle = (bundle, text) => bundle.includes(JSON.stringify(text).slice(1, -1));

test('main.js names the subscription chunk, which exists under a content-hashed name', () => {
  const [out] = outs;
  const chunk = find(out, /^subscriptions-[A-Z2-7]{8}\.js$/);
  assert.ok(chunk, `a subscriptions-HASH.js among ${readdirSync(out).join(', ')}`);
  const main = read(out, find(out, /^main-[A-Z2-7]{8}\.js$/));
  assert.ok(main.includes(`"${chunk}"`), 'main.js imports the chunk by its hashed name');
});

test('the core runs in a worker bundle that holds the glue; main.js starts it by its hashed name', () => {
  const [out] = outs;
  const worker = find(out, /^core-worker-[A-Z2-7]{8}\.js$/);
  assert.ok(worker, `a core-worker-HASH.js among ${readdirSync(out).join(', ')}`);
  assert.ok(read(out, worker).includes('stand-in glue'), 'the worker bundles the glue');
  const main = read(out, find(out, /^main-[A-Z2-7]{8}\.js$/));
  assert.ok(main.includes(`"${worker}"`), 'main.js starts the worker by its hashed name');
  assert.ok(!main.includes('stand-in glue'), 'the page itself never carries the glue');
  assert.ok(!readdirSync(out).some((name) => name.endsWith('.mjs')), 'no glue of its own to download');
  const wasm = find(out, /^candor_core-[A-Z2-7]{8}\.wasm$/);
  const index = read(out, 'index.html');
  assert.match(index, new RegExp(`<link rel="preload" href="${wasm}" as="fetch" type="application/wasm" crossorigin id="candor-core-wasm">`));
  assert.doesNotMatch(index, /modulepreload/, 'nothing for the core on the page\'s own module graph');
});

test('English is split: the subscription views\' words travel in their chunk only', () => {
  const [out] = outs;
  const main = read(out, find(out, /^main-[A-Z2-7]{8}\.js$/));
  const chunk = read(out, find(out, /^subscriptions-[A-Z2-7]{8}\.js$/));
  const ids = Object.keys(en);
  const views = ids.filter((id) => id.startsWith('subscription.'));
  assert.ok(views.length > 40, `the views have their words (${views.length})`);
  for (const id of views) {
    assert.ok(inBundle(chunk, en[id]), `the chunk has ${id}`);
    assert.ok(!main.includes(`"${id}"`), `main.js does not carry ${id}`);
  }
  // What the first load needs stays in main.js: the overview's words and the entry to the views.
  for (const id of ['subscribe.getUpdates', 'overall.operational', 'incident.eta.window']) {
    assert.ok(main.includes(`"${id}"`), `main.js has ${id}`);
    assert.ok(!chunk.includes(`"${id}"`), `the chunk does not repeat ${id}`);
  }
  // The full catalogs are still there for the readers who fetch them and for the server.
  assert.deepEqual(JSON.parse(read(out, 'i18n/en.json')), en);
});

test('the mail catalogs are copied for the server, as JSON, all four', () => {
  const [out] = outs;
  const sources = readdirSync(mailDir).filter((f) => f.endsWith('.json')).sort();
  assert.deepEqual(sources, ['en.json', 'nb.json', 'ru.json', 'tr.json']);
  assert.deepEqual(readdirSync(join(out, 'i18n', 'mail')).sort(), sources);
  for (const file of sources) {
    assert.deepEqual(JSON.parse(read(out, join('i18n', 'mail', file))), JSON.parse(readFileSync(join(mailDir, file), 'utf8')), file);
  }
});

test('two builds of the same sources are byte for byte the same', () => {
  const list = (dir, prefix = '') => readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((entry) => (entry.isDirectory()
    ? list(dir, join(prefix, entry.name))
    : [join(prefix, entry.name)])).sort();
  const [a, b] = outs;
  assert.deepEqual(list(a), list(b));
  for (const file of list(a)) assert.ok(readFileSync(join(a, file)).equals(readFileSync(join(b, file))), file);
});
