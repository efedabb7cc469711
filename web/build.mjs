// Builds the portal into build/web/: bundles and minifies web/ with esbuild (hashed
// names, so they can be cached for ever), fills index.html, and copies the wasm core
// from build/wasm/wasm/ (cmake --build --preset wasm) next to the bundle, under hashed
// name too (index.html names it in a preload link, which main.js reads). The core runs in
// a worker (core-worker.js, one bundle with the core's Embind glue, which main.js and the
// widget's embed.js start by its hashed name). The subscription
// views are a chunk of their own (main.js imports it when a reader opens one), and the
// mail catalogs (web/i18n/mail/) are copied for the server, which writes the messages.
// Usage: node web/build.mjs [--out DIR]   (npm run build; DIR defaults to build/web, and
// another one lets a second checkout's tests or a benchmark build beside the shared tree)

import { createHash } from 'node:crypto';
import { copyFile, mkdir, readFile, readdir, rm, writeFile, access } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

import { buildWidget } from './widget/build.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const webDir = join(root, 'web');
const outDir = outDirFrom(process.argv.slice(2));
// CANDOR_WASM_DIR: another build's wasm/ folder (as tests/wasm/helper.mjs reads it).
const coreDir = process.env.CANDOR_WASM_DIR ?? join(root, 'build', 'wasm', 'wasm');
const coreFiles = ['candor_core.mjs', 'candor_core.wasm'];
// Browsers that have 'wasm-unsafe-eval', top-level await, private class fields and module
// workers (Firefox since 114; the others had them before 'wasm-unsafe-eval').
const target = ['chrome103', 'edge103', 'firefox114', 'safari16'];

async function main() {
  const missing = [];
  for (const file of coreFiles) {
    if (!(await exists(join(coreDir, file)))) missing.push(relative(root, join(coreDir, file)));
  }
  if (missing.length) {
    fail(`the wasm core is not built (missing ${missing.join(', ')}).\n` +
      'Build it first:  cmake --preset wasm && cmake --build --preset wasm');
  }

  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });

  // Both bundles: minified ES modules under content-hashed names, with linked source maps.
  const bundle = {
    outdir: outDir,
    entryNames: '[name]-[hash]',
    bundle: true,
    minify: true,
    format: 'esm',
    target,
    sourcemap: 'linked',
    metafile: true,
    legalComments: 'none',
    logLevel: 'warning',
  };

  // The subscription views first: main.js needs the chunk's hashed name. Its CSS comes as
  // text (adopted as a constructed stylesheet: the CSP allows no <style>).
  const chunk = await esbuild.build({
    ...bundle,
    entryPoints: [join(webDir, 'subscriptions.js')],
    loader: { '.css': 'text' },
    plugins: [englishCatalog((id) => isSubscriptionId(id))],
  });
  const chunkFile = Object.keys(chunk.metafile.outputs).map((o) => basename(o)).find((name) => name.endsWith('.js'));

  // The core's worker, also before main.js, which starts it by its hashed name. The glue is
  // plain ES2020 (Emscripten 3.1.6 leaves it unminified without closure, which Debian does
  // not package), so esbuild bundles and minifies it with the rest.
  const worker = await esbuild.build({
    ...bundle,
    entryPoints: [join(webDir, 'core-worker.js')],
    plugins: [{
      name: 'candor-core-glue',
      setup(build) {
        build.onResolve({ filter: /^candor-core-glue$/ }, () => ({ path: join(coreDir, 'candor_core.mjs') }));
      },
    }],
  });
  const workerFile = Object.keys(worker.metafile.outputs).map((o) => basename(o)).find((name) => name.endsWith('.js'));

  const result = await esbuild.build({
    ...bundle,
    entryPoints: [join(webDir, 'main.js'), join(webDir, 'styles.css')],
    define: { SUBSCRIPTIONS_CHUNK: JSON.stringify(chunkFile), CORE_WORKER: JSON.stringify(workerFile) },
    plugins: [englishCatalog((id) => !isSubscriptionId(id))],
  });

  // Map each entry point (e.g. "main.js") to its hashed output file name.
  const assets = {};
  for (const [output, meta] of Object.entries(result.metafile.outputs)) {
    if (meta.entryPoint) assets[basename(meta.entryPoint)] = basename(output);
  }

  // The .wasm under a content-hashed name in esbuild's style ("candor_core-7GQ2XK4M.wasm"), so
  // it may be cached for good like the bundles; the worker finds it through main.js.
  const wasm = await readFile(join(coreDir, 'candor_core.wasm'));
  assets['candor_core.wasm'] = `candor_core-${contentHash(wasm)}.wasm`;
  await writeFile(join(outDir, assets['candor_core.wasm']), wasm);

  const messages = JSON.parse(await readFile(join(webDir, 'i18n', 'en.json'), 'utf8'));
  const template = await readFile(join(webDir, 'index.html'), 'utf8');
  const html = template
    .replace(/^<!doctype html>\n<!--[\s\S]*?-->\n/i, '<!doctype html>\n') // the source note
    .replace(/\{\{(asset:)?([\w.+-]+)\}\}/g, (whole, asset, id) => {
      const value = asset ? assets[id] : messages[id];
      if (typeof value !== 'string') fail(`index.html: ${whole} has no ${asset ? 'asset' : 'catalog entry'}`);
      return escapeHtml(value);
    });
  await writeFile(join(outDir, 'index.html'), html);

  await copyFile(join(webDir, 'favicon.svg'), join(outDir, 'favicon.svg'));
  // English is in the bundle; the other catalogs are fetched only by readers who need them.
  // en.json is copied too: the server pre-renders the no-JavaScript overview from it.
  await mkdir(join(outDir, 'i18n'));
  for (const file of (await readdir(join(webDir, 'i18n'))).filter((f) => f.endsWith('.json'))) {
    const catalog = JSON.parse(await readFile(join(webDir, 'i18n', file), 'utf8'));
    await writeFile(join(outDir, 'i18n', file), JSON.stringify(catalog));
  }

  // The mail catalogs (S's web/i18n/mail/{en,tr,ru,nb}.json) for the server's messages:
  // checked as JSON here, so a broken one fails the build rather than a send.
  const mailDir = join(webDir, 'i18n', 'mail');
  if (await exists(mailDir)) {
    await mkdir(join(outDir, 'i18n', 'mail'));
    for (const file of (await readdir(mailDir)).filter((f) => f.endsWith('.json')).sort()) {
      const catalog = JSON.parse(await readFile(join(mailDir, file), 'utf8'));
      await writeFile(join(outDir, 'i18n', 'mail', file), JSON.stringify(catalog));
    }
  }

  // The embeddable widget (web/widget/): its loader, its lazy chunks and the live card's page.
  const widgetFiles = await buildWidget({ outDir, target, assets, contentHash, coreWorker: workerFile });

  const files = [result, chunk, worker].flatMap((built) => Object.keys(built.metafile.outputs)).map((o) => basename(o));
  console.log(`web build: ${relative(root, outDir)}/ <- index.html, favicon.svg, ${files.join(', ')}, ${assets['candor_core.wasm']}, ${widgetFiles.join(', ')}`);
}

// The subscription views' words ("subscription.*") travel in their chunk, not in main.js.
function isSubscriptionId(id) {
  return id.startsWith('subscription.');
}

// English is bundled in two parts (tr/ru/nb are fetched whole): `keep(id)` picks the entries
// of web/i18n/en.json that this bundle carries.
function englishCatalog(keep) {
  return {
    name: 'english-catalog',
    setup(build) {
      build.onLoad({ filter: /[\\/]web[\\/]i18n[\\/]en\.json$/ }, async (args) => {
        const catalog = JSON.parse(await readFile(args.path, 'utf8'));
        return { contents: JSON.stringify(Object.fromEntries(Object.entries(catalog).filter(([id]) => keep(id)))), loader: 'json' };
      });
    },
  };
}

// Eight characters of upper-case base32 of the SHA-256, the shape esbuild's [hash] has (the
// server's static_files.cpp recognises it and serves such files as immutable).
function contentHash(bytes) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const digest = createHash('sha256').update(bytes).digest();
  let bits = 0, value = 0, out = '';
  for (const byte of digest) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < 8) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    if (out.length === 8) break;
  }
  return out;
}

function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function outDirFrom(args) {
  if (args.length === 0) return join(root, 'build', 'web');
  if (args.length === 2 && args[0] === '--out' && args[1]) return resolve(args[1]);
  fail(`usage: node web/build.mjs [--out DIR] (got: ${args.join(' ')})`);
  return null;
}

async function exists(path) {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

function fail(message) {
  console.error(`web build failed: ${message}`);
  process.exit(1);
}

main().catch((error) => {
  fail(error.stack ?? String(error));
});
