// The page's only fetcher: polls the portal snapshot politely (ETag, jitter, backoff,
// paused while the tab is hidden) and reports whether what we show is current; fetches
// a message catalog when the reader's language is not the bundled English, a private case
// at its capability link, and sends what a reader tells us (reports and feedback); asks the
// server which subscriptions it takes (the subscription views, a lazy chunk, carry the rest).

export const SNAPSHOT_PATH = 'api/v1/portal.json'; // relative, so the portal works under a sub-path

// Starts polling `url`. onSnapshot(text) gets each new snapshot body and may throw (or
// reject) to refuse it, e.g. when the core does; onStatus(status) hears every change of health:
//   {state: 'loading'|'ok'|'error', lastSuccessAt: ms|null, failures: int, error: Error|null}
// Returns {refresh(), stop()}. The environment is injectable for tests.
export function startPolling({
  url,
  onSnapshot,
  onStatus = () => {},
  intervalMs = 30_000,
  maxBackoffMs = 5 * 60_000,
  timeoutMs = 15_000,
  env = browserEnv(),
}) {
  let etag = null;
  let timer = null;
  let inFlight = null;
  let stopped = false;
  let lastAttemptAt = null;
  const status = { state: 'loading', lastSuccessAt: null, failures: 0, error: null };

  const report = (changes) => {
    Object.assign(status, changes);
    onStatus({ ...status });
  };

  // ±20% around the interval, so many readers don't hit the server in lockstep.
  const nextDelay = () => {
    if (status.failures === 0) return Math.round(intervalMs * (0.8 + 0.4 * env.random()));
    const backoff = Math.min(maxBackoffMs, intervalMs * 2 ** (status.failures - 1));
    return Math.round(backoff * (0.5 + 0.5 * env.random())); // "equal jitter"
  };

  const schedule = (delay) => {
    env.clearTimeout(timer);
    timer = null;
    if (stopped || env.hidden()) return; // resumed by the visibility listener
    timer = env.setTimeout(poll, delay);
  };

  async function poll() {
    if (stopped || inFlight) return inFlight;
    env.clearTimeout(timer);
    timer = null;
    lastAttemptAt = env.now();
    inFlight = (async () => {
      try {
        const headers = etag ? { 'If-None-Match': etag } : {};
        // no-store: the browser cache must not answer for us, and a 304 must reach us as is.
        const response = await env.fetch(url, { headers, cache: 'no-store', signal: env.timeout(timeoutMs) });
        if (response.status === 304) {
          report({ state: 'ok', lastSuccessAt: env.now(), failures: 0, error: null });
          return;
        }
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        const text = await response.text();
        await onSnapshot(text); // throws if the snapshot is refused; then keep the old one and etag
        etag = response.headers.get('ETag');
        report({ state: 'ok', lastSuccessAt: env.now(), failures: 0, error: null });
      } catch (error) {
        report({ state: 'error', failures: status.failures + 1, error });
      }
    })();
    await inFlight;
    inFlight = null;
    schedule(nextDelay());
  }

  const onVisibility = () => {
    if (env.hidden()) {
      schedule(0); // clears the timer; nothing is scheduled while hidden
    } else if (!inFlight) {
      const since = lastAttemptAt == null ? Infinity : env.now() - lastAttemptAt;
      schedule(Math.max(0, intervalMs - since));
    }
  };
  const unsubscribe = [env.onVisibilityChange(onVisibility), env.onOnline(() => poll())];

  poll();
  return {
    refresh: () => poll(),
    stop() {
      stopped = true;
      env.clearTimeout(timer);
      for (const off of unsubscribe) off();
    },
  };
}

// A catalog (build/web/i18n/<lang>.json, relative to the page): a plain static file the
// browser may cache. Rejects on any failure, so the caller can fall back to English.
export async function fetchCatalog(url, fetchImpl = (...args) => fetch(...args)) {
  const response = await fetchImpl(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.json();
}

// A private case (GET api/v1/cases/{token}.json): {status: 200, text} or {status: 404}
// (unknown and expired tokens look the same). Rejects when the server cannot be reached or
// answers anything else, so the caller can say "try again" rather than "not valid".
export async function fetchCase(token, fetchImpl = (...args) => fetch(...args)) {
  const url = `${CASES_PATH}/${encodeURIComponent(token)}.json`;
  // no-store: a private page must not sit in any cache, and the referrer must not carry it.
  const response = await fetchImpl(url, { cache: 'no-store', referrerPolicy: 'no-referrer' });
  if (response.status === 404) return { status: 404 };
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return { status: 200, text: await response.text() };
}

export const CASES_PATH = 'api/v1/cases';
export const REPORTS_PATH = 'api/v1/reports';

// Where a rating goes: an incident's (by id) or a private case's (by its token).
export function feedbackPath(kind, target) {
  const base = kind === 'case' ? CASES_PATH : 'api/v1/incidents';
  return `${base}/${encodeURIComponent(target)}/feedback`;
}

// POSTs a JSON body: resolves {status, retryAfterS} for any answer the server gave (2xx, 409
// "already given", 429 with Retry-After, ...); rejects only when it could not be reached.
export async function postJson(url, body, fetchImpl = (...args) => fetch(...args)) {
  const response = await fetchImpl(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
    referrerPolicy: 'no-referrer',
  });
  await response.text(); // read to the end, so the connection is done with before any navigation
  const retry = Number(response.headers.get('Retry-After'));
  return { status: response.status, retryAfterS: Number.isFinite(retry) && retry > 0 ? retry : null };
}

// Any method, an optional JSON body: resolves {status, json (null when the answer had no JSON
// body), retryAfterS} for whatever the server answered; rejects only when it could not be
// reached. no-store and no referrer: the subscription calls carry capability tokens.
export async function requestJson(method, url, body, fetchImpl = (...args) => fetch(...args)) {
  const response = await fetchImpl(url, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    cache: 'no-store',
    referrerPolicy: 'no-referrer',
  });
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null; // a proxy's HTML error page: the status still says what happened
  }
  const retry = Number(response.headers.get('Retry-After'));
  return { status: response.status, json, retryAfterS: Number.isFinite(retry) && retry > 0 ? retry : null };
}

export const SUBSCRIPTION_OPTIONS_PATH = 'api/v1/subscriptions/options.json';

// Which subscriptions the server takes: {available: true, email, webhook}, or {available:
// false} when it takes none or cannot say (a static publish has no API, an old server no such
// route, the network failed): then the portal offers no subscription at all, never a form
// that cannot work. Never rejects.
export async function fetchSubscriptionOptions(fetchImpl = (...args) => fetch(...args)) {
  try {
    const response = await fetchImpl(SUBSCRIPTION_OPTIONS_PATH, { cache: 'no-store' });
    if (!response.ok) return { available: false };
    return readSubscriptionOptions(await response.json());
  } catch {
    return { available: false };
  }
}

// The options document as the portal uses it; anything not of its shape counts as "not
// available", and so does `candor publish`'s copy, which says neither email nor webhook.
export function readSubscriptionOptions(json) {
  const { email, webhook } = json ?? {};
  if (typeof email !== 'boolean' || typeof webhook !== 'boolean' || !(email || webhook)) return { available: false };
  return { available: true, email, webhook };
}

function browserEnv() {
  return {
    fetch: (...args) => fetch(...args),
    now: () => Date.now(),
    random: Math.random,
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (id) => clearTimeout(id),
    hidden: () => document.visibilityState === 'hidden',
    timeout: (ms) => (AbortSignal.timeout ? AbortSignal.timeout(ms) : undefined),
    onVisibilityChange(fn) {
      document.addEventListener('visibilitychange', fn);
      return () => document.removeEventListener('visibilitychange', fn);
    },
    onOnline(fn) {
      window.addEventListener('online', fn);
      return () => window.removeEventListener('online', fn);
    },
  };
}
