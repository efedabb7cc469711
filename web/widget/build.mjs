// Builds the embeddable widget into the portal's build (called by web/build.mjs):
// - widget.js, the loader host pages link for ever (a stable name), a classic script bundled
//   as an IIFE so it adds no globals;
// - the chunks it pulls only when needed, under content-hashed names (cached for good), and
//   again under stable ones (widget-<name>.js) for a page whose widget.js is older than the
//   portal's release: widget-<lang>-<hash>.js, one catalog each; widget-feed, the poller;
//   widget-notices, the banner/toast; widget-frame, what mode="live" needs;
// - embed.html and its module, the live card that mode="live" frames (it runs the wasm core).
// Returns the names it wrote.

import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

import { LANGUAGES } from './messages.js';

const here = dirname(fileURLToPath(import.meta.url));

// Each chunk hands its exports to the loader through chunks.js's provide().
const CHUNKS = {
  ...Object.fromEntries(LANGUAGES.map((lang) => [lang,
    `import c from './i18n/${lang}.json'; import { provide } from './chunks.js'; provide(c);`])),
  notices: "import { css, renderNotices } from './notices.js'; import { provide } from './chunks.js'; provide({ renderNotices, css });",
  feed: "import { subscribe } from './feed.js'; import { select } from './select.js'; import { provide } from './chunks.js';" +
    ' provide({ subscribe, select });',
  frame: "import { css, mountFrame } from './frame.js'; import { provide } from './chunks.js'; provide({ mountFrame, css });",
};

// assets: the portal build's hashed names ("styles.css" -> "styles-AB12CD34.css", and the
// core's), which embed.html links; contentHash(bytes): their hashing, for the chunks;
// coreWorker: the core's worker bundle (web/core-worker.js), which embed.js starts.
export async function buildWidget({ outDir, target, assets, contentHash, coreWorker }) {
  // utf8: the catalogs' letters as they are, not \u escapes (the portal serves charset=utf-8).
  const common = { bundle: true, minify: true, target, charset: 'utf8', legalComments: 'none', logLevel: 'warning', write: false };
  const hashes = {};
  const names = [];
  for (const [name, contents] of Object.entries(CHUNKS)) {
    const result = await esbuild.build({ ...common, stdin: { contents, resolveDir: here, sourcefile: `${name}-chunk.js` }, format: 'iife' });
    const bytes = result.outputFiles[0].contents;
    hashes[name] = contentHash(bytes);
    // The hashed name (cached for good; the loader builds the same), and a stable one the
    // loader falls back to when a page's widget.js is older than the portal's release.
    names.push(`widget-${name}-${hashes[name]}.js`, `widget-${name}.js`);
    for (const file of names.slice(-2)) await writeFile(join(outDir, file), bytes);
  }

  const loader = await esbuild.build({
    ...common,
    entryPoints: [join(here, 'candor-status-define.js')],
    format: 'iife',
    define: { WIDGET_CHUNKS: JSON.stringify(hashes) },
  });
  await writeFile(join(outDir, 'widget.js'), loader.outputFiles[0].contents);

  const embed = await esbuild.build({
    ...common,
    entryPoints: [join(here, 'embed.js'), join(here, 'embed.css')],
    outdir: outDir,
    entryNames: '[name]-[hash]',
    format: 'esm',
    write: true,
    metafile: true,
    define: { CORE_WORKER: JSON.stringify(coreWorker) },
  });
  const files = { ...assets };
  for (const [output, meta] of Object.entries(embed.metafile.outputs)) files[basename(meta.entryPoint)] = basename(output);
  const template = await readFile(join(here, '..', 'embed.html'), 'utf8');
  const html = template
    .replace(/^<!doctype html>\n<!--[\s\S]*?-->\n/i, '<!doctype html>\n') // the source note
    .replace(/\{\{asset:([\w.+-]+)\}\}/g, (whole, id) => {
      if (typeof files[id] !== 'string') throw new Error(`web/embed.html: ${whole} names no built file`);
      return files[id];
    });
  await writeFile(join(outDir, 'embed.html'), html);
  return ['widget.js', ...names, 'embed.html', files['embed.js'], files['embed.css']];
}
