// Loads the Candor core (Embind, ES6) once and turns its error values into JS errors.
// No logic lives here: the core computes, the page renders. See wasm/bindings.cpp.
//
// Browser: loadCore() imports ./candor_core.mjs next to this file (or the bundle it is
// in) and the glue streams ./candor_core.wasm from the same folder.
// Node: the ES6 glue is built for the web only (shared/TOOLCHAIN.md §3), so the caller
// passes the module's URL and the .wasm bytes: loadCore({moduleUrl, wasmBinary}).

// An error value from the core: {"error": {"code", "path", "detail"}}, `path` a JSON pointer.
export class CandorError extends Error {
  constructor({ code, path = '', detail = '' } = {}) {
    super(path ? `${code} at ${path}: ${detail}` : `${code}: ${detail}`);
    this.name = 'CandorError';
    this.code = code;
    this.path = path;
    this.detail = detail;
  }
}

// The core's string-in/string-out API, with error values thrown as CandorError.
export class Core {
  #module;

  constructor(module) {
    this.#module = module;
  }

  // Replaces the core's snapshot. Throws CandorError when the JSON is rejected.
  loadSnapshot(json) {
    if (typeof json !== 'string') throw new TypeError('loadSnapshot expects a JSON string');
    const error = this.#module.loadSnapshot(json);
    if (error !== '') throw errorFrom(error);
  }

  // The view-model JSON text for the loaded snapshot at `nowMs` (ms since the epoch).
  viewModel(nowMs) {
    if (!Number.isFinite(nowMs)) throw new TypeError('viewModel expects a finite number of ms');
    const json = this.#module.viewModel(nowMs);
    // A view model is an object whose first key is "now"; only an error value starts so.
    if (json.startsWith('{"error"')) throw errorFrom(json);
    return json;
  }

  // The case page's view-model JSON text for a case document (the JSON text that
  // GET /api/v1/cases/{token}.json returns) at `nowMs`. Throws CandorError when the case
  // JSON is rejected. Independent of the loaded snapshot.
  caseViewModel(caseJson, nowMs) {
    if (typeof caseJson !== 'string') throw new TypeError('caseViewModel expects the case as a JSON string');
    if (!Number.isFinite(nowMs)) throw new TypeError('caseViewModel expects a finite number of ms');
    const json = this.#module.caseViewModel(caseJson, nowMs);
    // A case view starts with "now"; only an error value starts so.
    if (json.startsWith('{"error"')) throw errorFrom(json);
    return json;
  }
}

function errorFrom(json) {
  let parsed;
  try {
    parsed = JSON.parse(json);
  } catch {
    return new CandorError({ code: 'internal', detail: `unreadable error value: ${json.slice(0, 200)}` });
  }
  return new CandorError(parsed?.error ?? { code: 'internal', detail: json.slice(0, 200) });
}

let loading = null;

// Memoised: every caller shares one instance (and one snapshot) per realm.
// options.moduleUrl: URL of candor_core.mjs (default: next to this file).
// options.wasmUrl: URL of the .wasm (default: the glue's own file name next to moduleUrl).
// options.wasmBinary: the .wasm bytes (required under Node; optional in browsers).
export function loadCore(options = {}) {
  loading ??= instantiate(options).catch((error) => {
    loading = null; // let a later call retry, e.g. after a network hiccup
    throw error;
  });
  return loading;
}

async function instantiate({ moduleUrl, wasmUrl, wasmBinary } = {}) {
  const url = new URL(moduleUrl ?? './candor_core.mjs', import.meta.url);
  const { default: createCandorCore } = await import(url.href);
  const options = wasmBinary
    ? { wasmBinary }
    // The glue uses WebAssembly.instantiateStreaming on this URL (needs application/wasm).
    : { locateFile: (file) => (wasmUrl && file.endsWith('.wasm') ? new URL(wasmUrl, url).href : new URL(file, url).href) };
  return new Core(await createCandorCore(options));
}
