// The page's only fetcher: polls the portal snapshot politely (ETag, jitter, backoff,
// paused while the tab is hidden) and reports whether what we show is current; and fetches
// a message catalog when the reader's language is not the bundled English.

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
