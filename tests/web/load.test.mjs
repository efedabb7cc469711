// web/lib/load.js with a fake clock, network and tab: ETag revalidation, jittered
// interval, backoff on errors, keeping the last good snapshot, pausing while hidden.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { startPolling } from '../../web/lib/load.js';

// A hand-cranked environment: timers fire only when the test says so.
function fakeEnv({ responses, random = () => 0.5 }) {
  const env = {
    clock: 0,
    timers: [],
    requests: [],
    hiddenNow: false,
    listeners: { visibility: [], online: [] },
    fetch: async (url, init) => {
      env.requests.push({ url, headers: init.headers, cache: init.cache });
      const next = responses.shift();
      if (next instanceof Error) throw next;
      return {
        status: next.status ?? 200,
        ok: (next.status ?? 200) < 300,
        headers: { get: (name) => (name.toLowerCase() === 'etag' ? next.etag ?? null : null) },
        text: async () => next.body ?? '',
      };
    },
    now: () => env.clock,
    random,
    setTimeout: (fn, ms) => {
      const timer = { fn, at: env.clock + ms };
      env.timers.push(timer);
      return timer;
    },
    clearTimeout: (timer) => {
      env.timers = env.timers.filter((x) => x !== timer);
    },
    hidden: () => env.hiddenNow,
    timeout: () => undefined,
    onVisibilityChange: (fn) => {
      env.listeners.visibility.push(fn);
      return () => {};
    },
    onOnline: (fn) => {
      env.listeners.online.push(fn);
      return () => {};
    },
    // Runs the one pending timer, moving the clock to it; returns its delay.
    async fire() {
      assert.equal(env.timers.length, 1, 'exactly one poll is scheduled');
      const [timer] = env.timers;
      env.timers = [];
      const delay = timer.at - env.clock;
      env.clock = timer.at;
      timer.fn();
      await settle();
      return delay;
    },
  };
  return env;
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

test('polls with jitter, revalidates with If-None-Match, and treats 304 as fresh', async () => {
  let r = 0.5;
  const env = fakeEnv({
    random: () => r,
    responses: [{ body: 'A', etag: '"v1"' }, { status: 304 }, { body: 'B', etag: '"v2"' }],
  });
  const snapshots = [];
  const statuses = [];
  startPolling({ url: 'api/v1/portal.json', intervalMs: 1000, env, onSnapshot: (s) => snapshots.push(s), onStatus: (s) => statuses.push(s) });
  await settle();
  assert.deepEqual(snapshots, ['A']);
  assert.deepEqual(env.requests[0], { url: 'api/v1/portal.json', headers: {}, cache: 'no-store' });

  r = 0; // lowest jitter: 80% of the interval
  assert.equal(await env.fire(), 1000);
  assert.deepEqual(env.requests[1].headers, { 'If-None-Match': '"v1"' });
  assert.deepEqual(snapshots, ['A']);
  assert.equal(statuses.at(-1).state, 'ok');

  r = 1; // highest: 120%
  assert.equal(await env.fire(), 800);
  assert.deepEqual(snapshots, ['A', 'B']);
  assert.equal(await env.fire(), 1200);
  assert.deepEqual(env.requests[3].headers, { 'If-None-Match': '"v2"' });
});

test('backs off exponentially on errors, capped, and recovers', async () => {
  const env = fakeEnv({
    random: () => 1, // upper end of the equal jitter: the full backoff
    responses: [
      { body: 'A', etag: '"v1"' },
      new TypeError('Failed to fetch'), { status: 503 }, new TypeError('x'), new TypeError('x'),
      { status: 304 },
    ],
  });
  const statuses = [];
  startPolling({ url: 'u', intervalMs: 1000, maxBackoffMs: 5000, env, onSnapshot: () => {}, onStatus: (s) => statuses.push(s) });
  await settle();
  assert.equal(await env.fire(), 1200); // after success, regular interval (r = 1: +20%)
  assert.equal(statuses.at(-1).state, 'error');
  assert.equal(statuses.at(-1).failures, 1);
  assert.equal(statuses.at(-1).lastSuccessAt, 0, 'the last success is remembered while failing');
  assert.equal(await env.fire(), 1000); // 1st retry: 1 interval
  assert.match(statuses.at(-1).error.message, /503/);
  assert.equal(await env.fire(), 2000);
  assert.equal(await env.fire(), 4000);
  assert.equal(statuses.at(-1).failures, 4);
  assert.equal(await env.fire(), 5000); // capped
  assert.equal(statuses.at(-1).state, 'ok');
  assert.equal(statuses.at(-1).failures, 0);
});

test('a refused snapshot keeps the old ETag, so the next poll fetches it again', async () => {
  const env = fakeEnv({ responses: [{ body: 'good', etag: '"1"' }, { body: 'bad', etag: '"2"' }, { body: 'good2', etag: '"3"' }] });
  const accepted = [];
  const statuses = [];
  startPolling({
    url: 'u',
    intervalMs: 1000,
    env,
    onSnapshot: async (text) => {
      if (text === 'bad') throw new Error('refused');
      accepted.push(text);
    },
    onStatus: (s) => statuses.push(s),
  });
  await settle();
  await env.fire();
  assert.equal(statuses.at(-1).state, 'error');
  assert.equal(statuses.at(-1).error.message, 'refused');
  await env.fire();
  assert.deepEqual(env.requests[2].headers, { 'If-None-Match': '"1"' });
  assert.deepEqual(accepted, ['good', 'good2']);
});

test('pauses while the tab is hidden and catches up when it is shown', async () => {
  const env = fakeEnv({ responses: [{ body: 'A' }, { body: 'B' }] });
  startPolling({ url: 'u', intervalMs: 1000, env, onSnapshot: () => {} });
  await settle();
  env.hiddenNow = true;
  env.listeners.visibility.forEach((fn) => fn());
  assert.equal(env.timers.length, 0, 'nothing scheduled while hidden');
  env.clock += 60_000;
  env.hiddenNow = false;
  env.listeners.visibility.forEach((fn) => fn());
  assert.equal(await env.fire(), 0, 'stale on return: poll at once');
  assert.equal(env.requests.length, 2);
});

test('stop() cancels the schedule', async () => {
  const env = fakeEnv({ responses: [{ body: 'A' }] });
  const poller = startPolling({ url: 'u', env, onSnapshot: () => {} });
  await settle();
  poller.stop();
  assert.equal(env.timers.length, 0);
});

test('fetchCatalog returns the parsed catalog and rejects on an HTTP error', async () => {
  const { fetchCatalog } = await import('../../web/lib/load.js');
  const ok = async (url) => ({ ok: true, status: 200, json: async () => ({ 'app.skip': `from ${url}` }) });
  assert.deepEqual(await fetchCatalog('i18n/ru.json', ok), { 'app.skip': 'from i18n/ru.json' });
  const missing = async () => ({ ok: false, status: 404, json: async () => ({}) });
  await assert.rejects(fetchCatalog('i18n/xx.json', missing), /HTTP 404/);
});
