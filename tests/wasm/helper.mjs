// Loads the built wasm core the way every JS test should: through wasm/candor.js, with the
// .wasm bytes passed in (the ES6 glue is built for the web; shared/TOOLCHAIN.md §3).

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
// CANDOR_WASM_DIR points at another build's wasm/ folder (e.g. build/h-engine-wasm/wasm).
export const coreDir = process.env.CANDOR_WASM_DIR ?? join(root, 'build', 'wasm', 'wasm');
const glue = join(coreDir, 'candor_core.mjs');
const wasm = join(coreDir, 'candor_core.wasm');

// null when the core is built, else a sentence saying what is missing and how to build it.
export function missingCore() {
  const missing = [glue, wasm].filter((file) => !existsSync(file));
  if (!missing.length) return null;
  return `the wasm core is not built (missing ${missing.map((f) => f.slice(root.length + 1)).join(', ')}); ` +
    'run: cmake --preset wasm && cmake --build --preset wasm';
}

export async function loadBuiltCore() {
  const { loadCore } = await import('../../wasm/candor.js');
  return loadCore({ moduleUrl: pathToFileURL(glue).href, wasmBinary: readFileSync(wasm) });
}

// tests/data/golden/now.txt holds an ISO-8601 instant (or plain epoch milliseconds).
export function parseNow(text) {
  const trimmed = text.trim();
  const ms = /^\d+$/.test(trimmed) ? Number(trimmed) : Date.parse(trimmed);
  if (!Number.isFinite(ms)) throw new Error(`unreadable instant: ${JSON.stringify(trimmed)}`);
  return ms;
}
