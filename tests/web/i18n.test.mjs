// web/lib/i18n.js: catalog lookup, plural forms and Intl formatting, pinned to a locale
// and zone so the expectations hold on any machine.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import { createTranslator, pickLocale } from '../../web/lib/i18n.js';

const en = JSON.parse(readFileSync(new URL('../../web/i18n/en.json', import.meta.url), 'utf8'));
const t = createTranslator({ locale: 'en-US', messages: en, timeZone: 'Europe/Oslo' });
const now = '2026-03-04T14:07:30.000Z'; // 15:07:30 in Oslo (CET, UTC+1)

test('pickLocale keeps the reader\'s region when a catalog has their language', () => {
  assert.deepEqual(pickLocale(['en-GB', 'de'], ['en']), { locale: 'en-GB', catalog: 'en' });
  assert.deepEqual(pickLocale(['de-DE', 'en-US'], ['en']), { locale: 'en-US', catalog: 'en' });
  assert.deepEqual(pickLocale(['ja'], ['en']), { locale: 'en', catalog: 'en' });
  assert.deepEqual(pickLocale(undefined, ['en']), { locale: 'en', catalog: 'en' });
});

test('placeholders are filled, numbers formatted, unknown ids shown as themselves', () => {
  assert.equal(t('app.title', { name: 'Acme' }), 'Acme status');
  assert.equal(t('incident.eta.beyondHistory', { pct: 1250 }).includes('1,250%'), true);
  assert.equal(t('no.such.id'), 'no.such.id');
  assert.equal(t('app.title'), '{name} status'); // a missing param stays visible
});

test('plural forms follow Intl.PluralRules', () => {
  assert.equal(t('basis.category+impact', { count: 1 }), 'Based on 1 similar incident.');
  assert.equal(t('basis.category+impact', { count: 34 }), 'Based on 34 similar incidents.');
  assert.equal(t('basis.category', { count: 2, category: 'API' }), 'Based on 2 past incidents in API.');
  assert.equal(t('incident.earlierUpdates', { count: 1 }), 'Earlier update (1)');
});

test('times are in the given zone, with as much date as they need', () => {
  assert.equal(t.time('2026-03-04T14:10:00.000Z'), '3:10 PM');
  assert.equal(t.when('2026-03-04T15:30:00.000Z', now), '4:30 PM'); // same day
  assert.equal(t.when('2026-03-05T08:00:00.000Z', now), 'Thu 9:00 AM'); // this week
  assert.equal(t.when('2026-04-01T08:00:00.000Z', now), 'Wed, Apr 1, 10:00 AM'); // later (CEST)
  assert.equal(t.zoneName(now), 'GMT+1');
});

test('relative times and durations read naturally', () => {
  assert.equal(t.relative('2026-03-04T14:07:00.000Z', now), 'now');
  assert.equal(t.relative('2026-03-04T13:15:30.000Z', now), '52 minutes ago');
  assert.equal(t.relative('2026-03-04T16:07:30.000Z', now), 'in 2 hours');
  assert.equal(t.relative('2026-03-03T12:00:00.000Z', now), 'yesterday');
  assert.equal(t.duration(20), '1 minute');
  assert.equal(t.duration(12 * 60), '12 minutes');
  assert.equal(t.duration(80 * 60), '1 hour, 20 minutes');
  assert.equal(t.duration(2 * 3600), '2 hours');
  assert.equal(t.duration(26 * 3600 + 50 * 60), '1 day, 3 hours');
  assert.equal(t.list(['API', 'Database']), 'API and Database');
});

test('every catalog entry is a string or a plural object with an "other" form', () => {
  for (const [id, message] of Object.entries(en)) {
    if (typeof message === 'string') continue;
    assert.equal(typeof message, 'object', id);
    assert.equal(typeof message.other, 'string', `${id} needs an "other" form`);
  }
});

test('every id the page uses has an English entry', async () => {
  const { readdirSync } = await import('node:fs');
  const webDir = new URL('../../web/', import.meta.url);
  const sources = ['main.js', ...readdirSync(new URL('pages/', webDir)).map((f) => `pages/${f}`)]
    .map((file) => readFileSync(new URL(file, webDir), 'utf8'))
    .join('\n');
  const literal = [...sources.matchAll(/\bt\('([\w.+-]+)'/g)].map((m) => m[1]);
  assert.ok(literal.length > 30, 'found the literal ids');
  // Ids built from view-model enums (shared/include/candor/view_model.hpp, model.hpp).
  const componentStatuses = ['operational', 'degraded_performance', 'partial_outage', 'major_outage', 'under_maintenance'];
  const built = [
    ...componentStatuses.flatMap((s) => [`status.${s}`, `overall.${s}`]),
    ...['none', 'minor', 'major', 'critical', 'maintenance'].map((s) => `impact.${s}`),
    ...['investigating', 'identified', 'monitoring', 'resolved', 'postmortem'].map((s) => `stage.${s}`),
    ...['done', 'now', 'next'].map((s) => `stage.${s}`),
    ...['scheduled', 'in_progress', 'verifying', 'completed'].map((s) => `maintenance.status.${s}`),
    ...['chat', 'phone', 'email', 'form'].map((s) => `channel.kind.${s}`),
    ...['category+impact+stage', 'category+impact', 'category', 'all'].map((s) => `basis.${s}`),
    ...['resolution', 'next_update', 'first_response'].map((s) => `track.${s}`),
    'obstacle.other',
  ];
  const missing = [...new Set([...literal, ...built])].filter((id) => !(id in en));
  assert.deepEqual(missing, []);
});
