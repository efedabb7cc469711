// web/lib/load.js's subscription calls with a fake network: the options probe decides
// whether the portal offers subscriptions at all (no form without an API, no email form
// without a mail relay), and requestJson reports every answer the subscription views act on.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { SUBSCRIPTION_OPTIONS_PATH, fetchSubscriptionOptions, readSubscriptionOptions, requestJson } from '../../web/lib/load.js';

// One canned answer: {status, body (text), headers}, or an Error to reject with.
function fakeFetch(answer) {
  const calls = [];
  const fetchImpl = async (url, init = {}) => {
    calls.push({ url, init });
    if (answer instanceof Error) throw answer;
    const status = answer.status ?? 200;
    return {
      status,
      ok: status >= 200 && status < 300,
      headers: { get: (name) => answer.headers?.[name.toLowerCase()] ?? null },
      text: async () => answer.body ?? '',
      json: async () => JSON.parse(answer.body ?? ''),
    };
  };
  return { fetchImpl, calls };
}

test('the probe asks the server, relative to the page and uncached', async () => {
  const { fetchImpl, calls } = fakeFetch({ body: '{"email":true,"webhook":true,"languages":["en","tr","ru","nb"]}' });
  assert.deepEqual(await fetchSubscriptionOptions(fetchImpl), { available: true, email: true, webhook: true });
  assert.equal(calls[0].url, 'api/v1/subscriptions/options.json');
  assert.equal(SUBSCRIPTION_OPTIONS_PATH, calls[0].url);
  assert.doesNotMatch(calls[0].url, /^\//, 'relative, so the portal works under a sub-path');
  assert.equal(calls[0].init.cache, 'no-store');
});

test('no mail relay: webhooks only, no email form', async () => {
  const { fetchImpl } = fakeFetch({ body: '{"email":false,"webhook":true,"languages":["en"]}' });
  assert.deepEqual(await fetchSubscriptionOptions(fetchImpl), { available: true, email: false, webhook: true });
});

test('a static publish or an old server: nothing offered, and the probe never throws', async () => {
  const outcomes = [
    { status: 404, body: 'not found' }, // a static host (no API)
    { status: 500, body: '{"error":{}}' },
    { status: 200, body: '<!doctype html><p>a CDN\'s page</p>' }, // not JSON at all
    { status: 200, body: '{"email":"yes","webhook":true}' }, // not the document's shape
    { status: 200, body: 'null' },
    { status: 200, body: '{"email":false,"webhook":false,"languages":[]}' }, // what `candor publish` writes
    new TypeError('Failed to fetch'), // offline
  ];
  for (const answer of outcomes) {
    const { fetchImpl } = fakeFetch(answer);
    assert.deepEqual(await fetchSubscriptionOptions(fetchImpl), { available: false }, JSON.stringify(answer.body ?? answer.message));
  }
});

test('readSubscriptionOptions: booleans only, and at least one way to subscribe', () => {
  assert.deepEqual(readSubscriptionOptions({ email: true, webhook: false, languages: ['en'] }), { available: true, email: true, webhook: false });
  assert.deepEqual(readSubscriptionOptions({ email: 1, webhook: true }), { available: false });
  assert.deepEqual(readSubscriptionOptions({ webhook: true }), { available: false });
  assert.deepEqual(readSubscriptionOptions([]), { available: false });
  assert.deepEqual(readSubscriptionOptions(undefined), { available: false });
});

test('requestJson: method, JSON body and headers; the answer with its JSON', async () => {
  const { fetchImpl, calls } = fakeFetch({ status: 201, body: '{"id":"sub_1","secret":"whsec_x"}' });
  const answer = await requestJson('POST', 'api/v1/subscriptions', { webhook_url: 'https://h.example/' }, fetchImpl);
  assert.deepEqual(answer, { status: 201, json: { id: 'sub_1', secret: 'whsec_x' }, retryAfterS: null });
  assert.equal(calls[0].init.method, 'POST');
  assert.equal(calls[0].init.body, '{"webhook_url":"https://h.example/"}');
  assert.equal(calls[0].init.headers['Content-Type'], 'application/json');
  assert.equal(calls[0].init.referrerPolicy, 'no-referrer', 'capability tokens never leave in a Referer');
});

test('requestJson: no body for GET and DELETE; 204 and non-JSON answers have json null; Retry-After read', async () => {
  const gone = fakeFetch({ status: 204, body: '' });
  assert.deepEqual(await requestJson('DELETE', 'api/v1/subscriptions/t.json', undefined, gone.fetchImpl), { status: 204, json: null, retryAfterS: null });
  assert.equal(gone.calls[0].init.body, undefined);
  assert.deepEqual(gone.calls[0].init.headers, {});
  const proxy = fakeFetch({ status: 502, body: '<html>Bad gateway</html>' });
  assert.deepEqual(await requestJson('GET', 'x', undefined, proxy.fetchImpl), { status: 502, json: null, retryAfterS: null });
  const limited = fakeFetch({ status: 429, body: '{"error":{"code":"rate_limited"}}', headers: { 'retry-after': '42' } });
  assert.equal((await requestJson('POST', 'x', {}, limited.fetchImpl)).retryAfterS, 42);
});

test('requestJson rejects only when the server cannot be reached', async () => {
  const { fetchImpl } = fakeFetch(new TypeError('Failed to fetch'));
  await assert.rejects(requestJson('POST', 'x', {}, fetchImpl), TypeError);
});
