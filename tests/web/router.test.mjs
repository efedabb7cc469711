// web/lib/router.js: routes live in the URL's fragment, so links work under any sub-path
// and from static files; fragments that are not routes (the skip link's "#main") are not pages.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { href, parseRoute } from '../../web/lib/router.js';

test('fragments become routes', () => {
  assert.deepEqual(parseRoute(''), { page: 'overview', id: null, params: {} });
  assert.deepEqual(parseRoute('#/'), { page: 'overview', id: null, params: {} });
  assert.deepEqual(parseRoute('#/incident/pqdjmergyrg0'), { page: 'incident', id: 'pqdjmergyrg0', params: {} });
  assert.deepEqual(parseRoute('#/maintenance/abc'), { page: 'maintenance', id: 'abc', params: {} });
  assert.deepEqual(parseRoute('#/history?component=x1'), { page: 'history', id: null, params: { component: 'x1' } });
});

test('in-page anchors are not routes; unknown pages fall back to the overview', () => {
  assert.equal(parseRoute('#main'), null);
  assert.deepEqual(parseRoute('#/nowhere/1'), { page: 'overview', id: null, params: {} });
});

test('href and parseRoute agree, with ids and params escaped', () => {
  assert.equal(href('overview'), '#/');
  assert.equal(href('history'), '#/history');
  assert.equal(href('history', null, { component: '' }), '#/history');
  assert.equal(href('incident', 'a/b c'), '#/incident/a%2Fb%20c');
  assert.deepEqual(parseRoute(href('incident', 'a/b c')), { page: 'incident', id: 'a/b c', params: {} });
  assert.deepEqual(parseRoute(href('history', null, { component: 'x&y' })), { page: 'history', id: null, params: { component: 'x&y' } });
  assert.doesNotMatch(href('incident', 'x'), /^\/|:/, 'relative: no leading slash, no scheme');
});

test('a private case is a route whose id is the capability token, as `candor case open` prints it', () => {
  // server-stub/customer_api.cpp builds the link as page_url + "/#/case/" + token.
  const token = '1e957c3fee8bea0734a9175f5a93ab3c';
  assert.deepEqual(parseRoute(`#/case/${token}`), { page: 'case', id: token, params: {} });
  assert.equal(href('case', token), `#/case/${token}`);
});

test('subscription pages: the form, a manage token, and the confirm link the mails carry', () => {
  // The design's links: PUBLIC/#/subscription/confirm/TOKEN and PUBLIC/#/subscription/TOKEN;
  // a token is "sub_<16 hex>." + base64url, so it keeps its dots, dashes and underscores.
  const token = 'sub_0123456789abcdef.q-_9Zx';
  assert.deepEqual(parseRoute('#/subscribe'), { page: 'subscribe', id: null, params: {} });
  assert.deepEqual(parseRoute('#/subscribe?component=cmpapi000001'), { page: 'subscribe', id: null, params: { component: 'cmpapi000001' } });
  assert.deepEqual(parseRoute(`#/subscription/${token}`), { page: 'subscription', id: token, params: {} });
  assert.deepEqual(parseRoute(`#/subscription/confirm/${token}`), { page: 'subscription-confirm', id: token, params: {} });
  assert.equal(href('subscription-confirm', token), `#/subscription/confirm/${token}`);
  assert.equal(href('subscription', token), `#/subscription/${token}`);
  assert.equal(href('subscribe', null, { component: 'x1' }), '#/subscribe?component=x1');
  assert.deepEqual(parseRoute(href('subscription-confirm', 'a/b')), { page: 'subscription-confirm', id: 'a/b', params: {} });
  // A manage token that happens to be "confirm" is still a manage page only without a third segment.
  assert.deepEqual(parseRoute('#/subscription/confirm'), { page: 'subscription', id: 'confirm', params: {} });
});
