// The page's handle on the wasm core, run in a module worker (web/core-worker.js) so its work
// never blocks the main thread. Every call returns a promise; errors are the core's own
// (CandorError) or plain Errors. Every browser the bundle targets has module workers and
// 'wasm-unsafe-eval' (web/build.mjs), and the portal's policy allows workers of its origin,
// so there is no second, on-page way to run the core: it would cost every reader its bytes.

import { CandorError } from '../../wasm/candor.js';

// wasmUrl: the core's .wasm (absolute URL); workerUrl: the worker's bundle, which holds the
// core's glue. The page fetches the .wasm itself (the request its preload link started, so
// it is downloaded while the page's script and the worker's still load) and hands the bytes
// over: the worker's own request could not use the page's preload, and would download it
// again wherever the files are served without cache headers.
export async function startCore({ wasmUrl, workerUrl }) {
  const wasm = fetch(wasmUrl, { credentials: 'same-origin' }).then((response) => {
    if (!response.ok) throw new Error(`the core (${wasmUrl}) answered HTTP ${response.status}`);
    return response.arrayBuffer();
  });
  const worker = new Worker(workerUrl, { type: 'module' });
  const pending = new Map();
  let sent = 0;
  let failure = null; // once the worker has died, every call fails at once
  const fail = (error) => {
    failure = error;
    for (const { reject } of pending.values()) reject(error);
    pending.clear();
  };
  worker.addEventListener('message', ({ data }) => {
    const call = pending.get(data?.id);
    if (!call) return;
    pending.delete(data.id);
    if (data.error) call.reject(revive(data.error));
    else call.resolve(data.value);
  });
  // A script that failed to load or an uncaught error in it: the worker is of no more use.
  worker.addEventListener('error', (event) => {
    event.preventDefault();
    fail(new Error(`the core's worker failed: ${event.message || 'its script did not load'}`));
  });
  worker.addEventListener('messageerror', () => fail(new Error('the core\'s worker sent an unreadable message')));
  const post = (op, args, transfer = []) => new Promise((resolve, reject) => {
    if (failure) {
      reject(failure);
      return;
    }
    const id = ++sent;
    pending.set(id, { resolve, reject });
    worker.postMessage({ id, op, args }, transfer);
  });
  const call = (op, ...args) => post(op, args);
  try {
    const wasmBinary = await wasm;
    await post('init', [{ wasmBinary }], [wasmBinary]); // moved, not copied
  } catch (error) {
    worker.terminate();
    throw error;
  }
  return {
    loadSnapshot: (json) => call('loadSnapshot', json),
    viewModel: (nowMs) => call('viewModel', nowMs),
    caseViewModel: (caseJson, nowMs) => call('caseViewModel', caseJson, nowMs),
  };
}

function revive(error) {
  if (error.candor) return new CandorError(error);
  const revived = new Error(error.message);
  revived.name = error.name;
  return revived;
}
