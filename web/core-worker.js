// The wasm core in a dedicated worker: reading a snapshot and computing a view model take
// tens of milliseconds (several times that on a slow phone), and on the page's main thread
// they would block the reader's input; in the widget's live card on the host's own site they
// would block the host page. lib/core-client.js speaks to this file: {id, op, args} in,
// {id, value} or {id, error} out, 'init' first. The worker runs under the policy its own
// response carries (the portal's: script-src 'self' 'wasm-unsafe-eval'). The Embind glue is
// bundled in (web/build.mjs resolves 'candor-core-glue' to the wasm build's candor_core.mjs),
// so the page never downloads or parses it.

import createCandorCore from 'candor-core-glue';
import { CandorError, Core } from '../wasm/candor.js';

// What the page may ask for: the core's string-in/string-out calls, nothing else.
const OPS = new Set(['loadSnapshot', 'viewModel', 'caseViewModel']);

let corePromise = null;

self.addEventListener('message', async ({ data }) => {
  const { id, op, args = [] } = data ?? {};
  try {
    if (op === 'init') {
      // The .wasm's bytes, which the page fetched (answering its own preload) and handed over.
      corePromise = createCandorCore({ wasmBinary: args[0].wasmBinary }).then((module) => new Core(module));
      await corePromise;
      self.postMessage({ id, value: null });
      return;
    }
    if (!OPS.has(op)) throw new Error(`the core has no operation "${op}"`);
    if (!corePromise) throw new Error('the core was asked before it was started');
    // Calls wait for the same promise, so they run in the order they were sent.
    const core = await corePromise;
    self.postMessage({ id, value: core[op](...args) ?? null });
  } catch (error) {
    self.postMessage({ id, error: describe(error) });
  }
});

// Errors cross as plain data; the client makes a CandorError of the core's error values again.
function describe(error) {
  if (error instanceof CandorError) return { candor: true, code: error.code, path: error.path, detail: error.detail };
  return { candor: false, name: error?.name ?? 'Error', message: String(error?.message ?? error) };
}
