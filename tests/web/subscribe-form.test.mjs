// web/lib/subscribe-form.js: what the subscription forms check before sending, the same
// rules as the server (RFC 5321's length limits, one "@", a dotted domain, no spaces or line
// breaks; webhook URLs http(s) only, without credentials, at most 2,000 characters), and
// the request body each form sends.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import {
  checkComponents, checkEmail, checkWebhookUrl, fieldOfError, subscriptionRequest,
} from '../../web/lib/subscribe-form.js';

test('email addresses: well-formed ones pass, trimmed', () => {
  for (const address of ['a@b.example', 'first.last+tag@mail.example.co.uk', '  ada@example.com  ', 'ø@example.no']) {
    assert.equal(checkEmail(address), null, address);
  }
});

test('email addresses: missing, spaces, line breaks, not exactly one "@", no dotted domain', () => {
  assert.equal(checkEmail(''), 'subscription.error.emailMissing');
  assert.equal(checkEmail('   '), 'subscription.error.emailMissing');
  assert.equal(checkEmail(undefined), 'subscription.error.emailMissing');
  for (const address of [
    'ada lovelace@example.com', 'ada@example.com\r\nBcc: x@evil.example', 'ada@exa\tmple.com',
    'ada.example.com', 'ada@@example.com', 'a@b@example.com', '@example.com',
    'ada@localhost', 'ada@example.', 'ada@.example', 'ada@example..com',
  ]) {
    assert.equal(checkEmail(address), 'subscription.error.email', JSON.stringify(address));
  }
});

test('email addresses: RFC 5321 4.5.3.1 limits, counted in octets', () => {
  // 4.5.3.1.1: a local part of at most 64 octets; "é" is two octets in UTF-8.
  assert.equal(checkEmail(`${'a'.repeat(64)}@example.com`), null);
  assert.equal(checkEmail(`${'a'.repeat(65)}@example.com`), 'subscription.error.email');
  assert.equal(checkEmail(`${'é'.repeat(32)}@example.com`), null);
  assert.equal(checkEmail(`${'é'.repeat(33)}@example.com`), 'subscription.error.email');
  // 4.5.3.1.3: a path of at most 256 octets with its "<" and ">", so 254 for the address.
  // Three 60-letter labels, one of k letters and ".com": 187 + k characters.
  const domain = (k) => `${'x'.repeat(60)}.${'y'.repeat(60)}.${'z'.repeat(60)}.${'w'.repeat(k)}.com`;
  const at254 = `${'a'.repeat(64)}@${domain(2)}`;
  assert.equal(at254.length, 254);
  assert.equal(checkEmail(at254), null);
  assert.equal(checkEmail(`${'a'.repeat(64)}@${domain(3)}`), 'subscription.error.email');
  // 4.5.3.1.2 via RFC 1035 2.3.4: a label of at most 63 octets.
  assert.equal(checkEmail(`ada@${'x'.repeat(63)}.example`), null);
  assert.equal(checkEmail(`ada@${'x'.repeat(64)}.example`), 'subscription.error.email');
});

test('webhook URLs: http(s) only, no credentials, at most 2,000 characters', () => {
  assert.equal(checkWebhookUrl('https://hooks.example.com/candor'), null);
  assert.equal(checkWebhookUrl(' http://10.0.0.5:8080/in '), null); // private targets are the server's call (--webhook-allow-private)
  assert.equal(checkWebhookUrl(''), 'subscription.error.webhookMissing');
  for (const url of ['hooks.example.com/candor', 'ftp://example.com/x', 'javascript:alert(1)', 'mailto:a@b.example', 'https://']) {
    assert.equal(checkWebhookUrl(url), 'subscription.error.webhook', url);
  }
  assert.equal(checkWebhookUrl('https://user:pw@hooks.example.com/'), 'subscription.error.webhookCredentials');
  assert.equal(checkWebhookUrl('https://token@hooks.example.com/'), 'subscription.error.webhookCredentials');
  const base = 'https://hooks.example.com/';
  assert.equal(checkWebhookUrl(base + 'a'.repeat(2000 - base.length)), null);
  assert.equal(checkWebhookUrl(base + 'a'.repeat(2001 - base.length)), 'subscription.error.webhookLong');
});

test('components: "only these" needs at least one', () => {
  assert.equal(checkComponents('all', []), null);
  assert.equal(checkComponents('some', ['api']), null);
  assert.equal(checkComponents('some', []), 'subscription.error.components');
});

test('the request body: email with the page language, webhook without; [] means everything', () => {
  assert.deepEqual(subscriptionRequest({ kind: 'email', email: ' a@b.example ', scope: 'all', chosen: ['api'], language: 'nb' }),
    { body: { email: 'a@b.example', language: 'nb', components: [] } });
  assert.deepEqual(subscriptionRequest({ kind: 'email', email: 'a@b.example', scope: 'some', chosen: ['api', 'db', 'api'], language: 'tr' }),
    { body: { email: 'a@b.example', language: 'tr', components: ['api', 'db'] } });
  assert.deepEqual(subscriptionRequest({ kind: 'webhook', webhookUrl: 'https://h.example/x', scope: 'some', chosen: ['api'], language: 'en' }),
    { body: { webhook_url: 'https://h.example/x', components: ['api'] } });
});

test('every problem is named by its field, all at once', () => {
  assert.deepEqual(subscriptionRequest({ kind: 'email', email: 'nope', scope: 'some', chosen: [], language: 'en' }),
    { errors: { email: 'subscription.error.email', components: 'subscription.error.components' } });
  assert.deepEqual(subscriptionRequest({ kind: 'webhook', webhookUrl: 'ftp://x.example', scope: 'all', language: 'en' }),
    { errors: { webhook_url: 'subscription.error.webhook' } });
});

test('a server 400 is put beside the field its JSON pointer names', () => {
  assert.equal(fieldOfError({ error: { code: 'invalid', path: '/email', detail: 'not an address' } }), 'email');
  assert.equal(fieldOfError({ error: { path: '/components/1', detail: 'unknown component' } }), 'components');
  assert.equal(fieldOfError({ error: { path: '/webhook_url' } }), 'webhook_url');
  assert.equal(fieldOfError({ error: { path: '/language' } }), null);
  assert.equal(fieldOfError({ error: { path: '' } }), null);
  assert.equal(fieldOfError(null), null);
});

test('every message id the checks return is in all four catalogs', () => {
  const source = readFileSync(new URL('../../web/lib/subscribe-form.js', import.meta.url), 'utf8');
  const ids = [...new Set([...source.matchAll(/'(subscription\.error\.\w+)'/g)].map((m) => m[1]))];
  assert.ok(ids.length >= 7, `found the ids (${ids.length})`);
  for (const lang of ['en', 'tr', 'ru', 'nb']) {
    const catalog = JSON.parse(readFileSync(new URL(`../../web/i18n/${lang}.json`, import.meta.url), 'utf8'));
    assert.deepEqual(ids.filter((id) => !(id in catalog)), [], lang);
  }
});
