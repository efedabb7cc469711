// web/lib/respond.js and the POST half of web/lib/load.js with a fake network and storage:
// a report or rating is sent once, remembered only when the server took it, a 429 keeps its
// Retry-After, a 409 ("already given") counts as done, and a network failure may be retried.

import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';

import { feedbackPath, fetchCase, postJson } from '../../web/lib/load.js';

const store = new Map();
globalThis.localStorage = {
  getItem: (k) => (store.has(k) ? store.get(k) : null),
  setItem: (k, v) => store.set(k, String(v)),
};
let answers = [];
const requests = [];
globalThis.fetch = async (url, init) => {
  requests.push({ url, init });
  const next = answers.shift();
  if (next instanceof Error) throw next;
  return {
    status: next.status,
    ok: next.status < 300,
    headers: { get: (name) => (name === 'Retry-After' ? next.retryAfter ?? null : null) },
    text: async () => next.body ?? '',
  };
};
const { send, stateOf } = await import('../../web/lib/respond.js');

beforeEach(() => {
  answers = [];
  requests.length = 0;
});

test('postJson sends JSON without a referrer and reports the status and Retry-After', async () => {
  answers = [{ status: 429, retryAfter: '42' }, { status: 202 }];
  assert.deepEqual(await postJson('api/v1/reports', { incident_id: 'x' }), { status: 429, retryAfterS: 42 });
  assert.deepEqual(await postJson('api/v1/reports', { incident_id: 'x' }), { status: 202, retryAfterS: null });
  assert.equal(requests[0].init.method, 'POST');
  assert.equal(requests[0].init.body, '{"incident_id":"x"}');
  assert.equal(requests[0].init.headers['Content-Type'], 'application/json');
  assert.equal(requests[0].init.referrerPolicy, 'no-referrer');
});

test('feedback goes to the incident by id, or to the case by its token, escaped', () => {
  assert.equal(feedbackPath('incident', 'abc'), 'api/v1/incidents/abc/feedback');
  assert.equal(feedbackPath('case', 'a/b?c'), 'api/v1/cases/a%2Fb%3Fc/feedback');
});

test('fetchCase: 200 gives the text, 404 says "not valid", anything else rejects (try again)', async () => {
  answers = [{ status: 200, body: '{"id":"1"}' }, { status: 404 }, { status: 503 }];
  assert.deepEqual(await fetchCase('tok'), { status: 200, text: '{"id":"1"}' });
  assert.deepEqual(await fetchCase('tok'), { status: 404 });
  await assert.rejects(fetchCase('tok'), /HTTP 503/);
  assert.equal(requests[0].url, 'api/v1/cases/tok.json');
  assert.equal(requests[0].init.cache, 'no-store');
});

test('a report is sent once and remembered; later sends do nothing', async () => {
  const changes = [];
  answers = [{ status: 202 }];
  await send('affected:i1', 'api/v1/reports', { incident_id: 'i1' }, true, () => changes.push(stateOf('affected:i1').state));
  assert.deepEqual(changes, ['sending', 'done']);
  assert.equal(store.get('candor.said.affected:i1'), 'true');
  await send('affected:i1', 'api/v1/reports', { incident_id: 'i1' }, true, () => {});
  assert.equal(requests.length, 1);
});

test('429 is "limited" with its wait and not remembered; a later try can succeed', async () => {
  answers = [{ status: 429, retryAfter: '30' }, { status: 202 }];
  await send('affected:i2', 'api/v1/reports', { incident_id: 'i2' }, true, () => {});
  assert.deepEqual(stateOf('affected:i2'), { state: 'limited', retryAfterS: 30 });
  assert.equal(store.has('candor.said.affected:i2'), false);
  await send('affected:i2', 'api/v1/reports', { incident_id: 'i2' }, true, () => {});
  assert.equal(stateOf('affected:i2').state, 'done');
});

test('409 means the server already has it; a network failure or a 500 may be retried', async () => {
  answers = [{ status: 409 }];
  await send('feedback:case:c1', 'x', { rating: 3 }, 3, () => {});
  assert.deepEqual(stateOf('feedback:case:c1'), { state: 'done', value: null });
  answers = [new TypeError('Failed to fetch'), { status: 500 }, { status: 201 }];
  await send('feedback:incident:i3', 'x', { rating: 4 }, 4, () => {});
  assert.equal(stateOf('feedback:incident:i3').state, 'failed');
  await send('feedback:incident:i3', 'x', { rating: 4 }, 4, () => {});
  assert.equal(stateOf('feedback:incident:i3').state, 'failed');
  await send('feedback:incident:i3', 'x', { rating: 4 }, 4, () => {});
  assert.deepEqual(stateOf('feedback:incident:i3'), { state: 'done', value: 4 });
});
