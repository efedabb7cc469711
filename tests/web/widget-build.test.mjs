// The widget's build (web/widget/build.mjs): the loader host pages link stays free of what
// only some readers need, and every chunk it names exists, under a content-hashed name.
// Built into a temporary directory, so it needs neither build/web nor the wasm core.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { buildWidget } from '../../web/widget/build.mjs';

const widgetDir = join(fileURLToPath(import.meta.url), '..', '..', '..', 'web', 'widget');
const catalog = (lang) => JSON.parse(readFileSync(join(widgetDir, 'i18n', `${lang}.json`), 'utf8'));
// What the portal's build passes: its own files' hashed names, the core's worker bundle, and
// its hash (eight base32 letters; any function of the bytes does for this test).
const assets = { 'styles.css': 'styles-AAAAAAAA.css', 'candor_core.wasm': 'candor_core-CCCCCCCC.wasm' };
const coreWorker = 'core-worker-DDDDDDDD.js';
const contentHash = (bytes) => createHash('sha256').update(bytes).digest('hex').slice(0, 8).toUpperCase().replace(/[^A-Z2-7]/g, 'Z');

let out;
let written;
const read = (name) => readFileSync(join(out, name), 'utf8');
before(async () => {
  out = mkdtempSync(join(tmpdir(), 'candor-widget-build-'));
  written = await buildWidget({ outDir: out, target: ['chrome103'], assets, contentHash, coreWorker });
});
after(() => rmSync(out, { recursive: true, force: true }));

test('it writes the loader, a chunk per language, the notices, the feed, the frame (hashed, and under stable names) and the live page', () => {
  assert.deepEqual(written.slice().sort(), readdirSync(out).sort(), 'it says what it wrote');
  const chunks = ['en', 'feed', 'frame', 'nb', 'notices', 'ru', 'tr'];
  const shapes = written.map((name) => name.replace(/-[A-Z2-7]{8}\./, '-#.'));
  assert.deepEqual(shapes.sort(), ['embed-#.css', 'embed-#.js', 'embed.html',
    ...chunks.flatMap((c) => [`widget-${c}-#.js`, `widget-${c}.js`]), 'widget.js'].sort());
  for (const chunk of chunks) {
    const hashed = written.find((n) => n.startsWith(`widget-${chunk}-`));
    assert.equal(read(`widget-${chunk}.js`), read(hashed), `widget-${chunk}.js is the same chunk as ${hashed}`);
  }
});

test('the loader names every chunk by its hashed file, and holds none of them', () => {
  const loader = read('widget.js');
  assert.match(loader, /^\(\(\)=>\{/, 'an IIFE: no globals');
  const chunks = written.filter((name) => /^widget-\w+-[A-Z2-7]{8}\.js$/.test(name));
  for (const name of chunks) {
    const [, chunk, hash] = /^widget-(\w+)-(\w+)\.js$/.exec(name);
    assert.ok(loader.includes(`${chunk}:"${hash}"`), `the loader knows ${name}`);
  }
  // No catalog's words: not even English's (a Russian reader downloads Russian only).
  for (const lang of ['en', 'tr', 'ru', 'nb']) {
    assert.ok(!loader.includes(catalog(lang).partial_outage), `${lang} words are not in the loader`);
  }
  assert.ok(!loader.includes('.panel'), 'the banner/toast look comes with its chunk');
  assert.ok(!loader.includes('If-None-Match'), 'the poller comes with the feed chunk');
  assert.ok(!loader.includes('embed.html'), 'the frame code comes with its chunk');
});

test('each language chunk holds its own catalog only, and hands it over without a global', () => {
  for (const lang of ['en', 'tr', 'ru', 'nb']) {
    const name = written.find((n) => n.startsWith(`widget-${lang}-`));
    const text = read(name);
    assert.ok(text.includes(catalog(lang).partial_outage), `${name} has ${lang}`);
    for (const other of ['en', 'tr', 'ru', 'nb'].filter((l) => l !== lang)) {
      assert.ok(!text.includes(catalog(other).operational), `${name} has no ${other}`);
    }
    assert.match(text, /currentScript/, 'handed to the loader through its script element');
  }
  assert.ok(read(written.find((n) => n.startsWith('widget-notices-'))).includes('.panel'));
  assert.ok(read(written.find((n) => n.startsWith('widget-feed-'))).includes('If-None-Match'));
});

// Every Intl service but PluralRules first builds the list of available locales, one native
// call of some 20 ms (up to 40) in Chromium: code that runs on the host's main thread must
// not use them (the live card's frame does, but in the portal's own document).
test('what runs on the host page uses no Intl service but PluralRules', () => {
  const hostSide = written.filter((n) => n === 'widget.js' || /^widget-(?!frame)\w+-[A-Z2-7]{8}\.js$/.test(n));
  assert.ok(hostSide.length >= 7, hostSide.join());
  for (const name of hostSide) {
    const services = [...read(name).matchAll(/Intl\.(\w+)|toLocale\w*String/g)].map((m) => m[1] ?? m[0]);
    assert.deepEqual(services.filter((s) => s !== 'PluralRules'), [], name);
  }
  assert.match(read(written.find((n) => n.startsWith('widget-notices-'))), /Intl\.PluralRules/, 'the notices do use it');
});

test('embed.html links the portal\'s files and its own, with no inline script or style', () => {
  const html = read('embed.html');
  for (const file of [...Object.values(assets), ...written.filter((n) => /^embed-/.test(n))]) {
    assert.ok(html.includes(`"${file}"`), `embed.html links ${file}`);
  }
  assert.doesNotMatch(html, /\{\{|<script>|<style|style=/, 'every placeholder filled; nothing inline');
  // The core runs in the portal's worker, which the live page starts by its hashed name.
  assert.ok(read(written.find((n) => /^embed-.*\.js$/.test(n))).includes(`"${coreWorker}"`), 'embed.js starts the core\'s worker');
});
