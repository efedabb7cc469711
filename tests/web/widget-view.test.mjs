// The widget's pure parts: the stopgap reduction of the portal snapshot to the widget view
// (the test double in widget-reducer.mjs), what one widget shows (select.js), and its catalog.
// The golden snapshot and the core's own view model of it say what is right.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { fromSnapshot } from './widget-reducer.mjs';
import { WIDGET_SCHEMA, checkWidgetView } from '../../web/widget/view.js';
import { LANGUAGES, formatSpan, pickLanguage, translator } from '../../web/widget/messages.js';
import { select } from '../../web/widget/select.js';

const golden = join(fileURLToPath(import.meta.url), '..', '..', 'data', 'golden');
const widgetDir = join(fileURLToPath(import.meta.url), '..', '..', '..', 'web', 'widget');
// Each language is a chunk of its own (web/widget/i18n/<lang>.json).
const catalogs = Object.fromEntries(LANGUAGES.map((lang) =>
  [lang, JSON.parse(readFileSync(join(widgetDir, 'i18n', `${lang}.json`), 'utf8'))]));
// What the loader does: pick the reader's language, then word with that catalog alone.
const translatorFor = (tags) => {
  const picked = pickLanguage(tags);
  return translator(catalogs[picked.catalog], picked);
};
const snapshot = JSON.parse(readFileSync(join(golden, 'snapshot.json'), 'utf8'));
const coreView = JSON.parse(readFileSync(join(golden, 'view_model.json'), 'utf8'));
const now = Date.parse(readFileSync(join(golden, 'now.txt'), 'utf8').trim()) || Date.parse(coreView.now);

test('the golden snapshot reduces to the widget view, overall as the core computes it', () => {
  const view = fromSnapshot(snapshot, now);
  assert.equal(view.schema, WIDGET_SCHEMA);
  assert.equal(view.version, snapshot.version);
  assert.deepEqual(view.overall, coreView.overall, 'same status and indicator as the core');
  assert.deepEqual(view.page, { name: 'Golden Test Co', url: './' });
  assert.ok(view.components.every((c) => c.id && c.status && 'group_id' in c));
  assert.ok(!view.components.some((c) => c.id === 'grpplatform1'), 'groups are not components');

  assert.deepEqual(view.incidents.map((i) => i.id), coreView.incidents.filter((i) => i.active).map((i) => i.id));
  assert.deepEqual(view.incidents[0], {
    id: 'incactive001',
    name: 'Elevated API error rates in EU',
    stage: 'identified',
    impact: 'major',
    components: ['cmpapi000001', 'cmpdb0000001'],
    started_at: '2026-03-04T13:15:30.000Z',
    likely_at: '2026-03-04T13:37:30.000Z',
    latest_at: '2026-03-04T13:57:30.000Z',
    next_update_at: '2026-03-04T14:02:30.000Z',
    url: './#/incident/incactive001',
  });
  assert.deepEqual(view.maintenances, [{
    id: 'mntupcoming1',
    name: 'Database upgrade',
    stage: 'scheduled',
    impact: 'maintenance',
    components: ['cmpdb0000001'],
    active: false,
    starts_at: '2026-03-06T19:07:30.000Z',
    likely_at: '2026-03-06T20:07:30.000Z',
    latest_at: '2026-03-06T20:07:30.000Z',
    next_update_at: null,
    url: './#/maintenance/mntupcoming1',
  }]);
  assert.ok(JSON.stringify(view).length < 2000, 'small enough for a widget');
});

test('a widget.json body passes through; a maintenance in its window is active', () => {
  const view = fromSnapshot(snapshot, now);
  assert.equal(checkWidgetView(view), view);
  assert.throws(() => checkWidgetView(snapshot), /candor.widget\/1/);  // a snapshot is not a widget view
  const during = fromSnapshot(snapshot, Date.parse('2026-03-06T19:30:00.000Z'));
  assert.equal(during.maintenances[0].active, true);
  assert.equal(during.maintenances[0].stage, 'in_progress');
  const after = fromSnapshot(snapshot, Date.parse('2026-03-06T21:00:00.000Z'));
  assert.deepEqual(after.maintenances, [], 'a scheduled window that has passed is gone');
});

test('resolved incidents drop out, and all-operational means indicator none', () => {
  const calm = structuredClone(snapshot);
  for (const i of calm.incidents) i.status = 'resolved';
  for (const c of calm.components) c.status = 'operational';
  calm.scheduled_maintenances = [];
  assert.deepEqual(fromSnapshot(calm, now).overall, { status: 'operational', indicator: 'none' });
  assert.deepEqual(fromSnapshot(calm, now).incidents, []);
});

test('select: watched components set the status, and only their notices show', () => {
  const view = fromSnapshot(snapshot, now);
  const all = select(view, { nowMs: now });
  assert.equal(all.status, view.overall.status);
  assert.deepEqual(all.notices.map((n) => n.id), ['incactive001'], 'the maintenance is two days away');

  const soon = select(view, { nowMs: Date.parse('2026-03-06T08:00:00.000Z') });
  assert.deepEqual(soon.notices.map((n) => n.id), ['incactive001', 'mntupcoming1'], 'a day ahead it is announced');

  const db = select(view, { watch: ['cmpdb0000001'], nowMs: now });
  assert.equal(db.status, 'degraded_performance');
  assert.equal(db.indicator, 'major', 'the incident on it is major');
  assert.deepEqual(db.notices.map((n) => n.id), ['incactive001']);

  const other = view.components.find((c) => !['cmpapi000001', 'cmpdb0000001'].includes(c.id) && c.status === 'operational');
  const calm = select(view, { watch: [other.id], nowMs: now });
  assert.deepEqual([calm.status, calm.indicator, calm.notices], ['operational', 'none', []]);

  const group = view.components.find((c) => c.id === 'cmpapi000001').group_id;
  assert.ok(group, 'the API is in a group');
  assert.deepEqual(select(view, { watch: [group], nowMs: now }).notices.map((n) => n.id), ['incactive001'],
    'a group id watches its members');
});

test('select: dismissed notices are marked, others are not', () => {
  const view = fromSnapshot(snapshot, now);
  assert.equal(select(view, { dismissed: ['incactive001'], nowMs: now }).notices[0].dismissed, true);
  assert.equal(select(view, { dismissed: ['incother'], nowMs: now }).notices[0].dismissed, false);
});

test('the catalog: four languages with the same keys, picked from the reader\'s tags', () => {
  assert.deepEqual(LANGUAGES, ['en', 'tr', 'ru', 'nb']);
  for (const lang of LANGUAGES) {
    assert.deepEqual(Object.keys(catalogs[lang]), Object.keys(catalogs.en), `${lang} has the same keys as en`);
    for (const [key, text] of Object.entries(catalogs[lang])) {
      // A string, or (the units) plural forms: exactly the ones the language has.
      const forms = typeof text === 'object' ? Object.values(text) : [text];
      if (typeof text === 'object') {
        assert.deepEqual(Object.keys(text).sort(), new Intl.PluralRules(lang).resolvedOptions().pluralCategories.sort(), `${lang}.${key} forms`);
      }
      const placeholders = (x) => [...new Set(x.match(/\{\w+\}/g) ?? [])].sort();
      const english = typeof catalogs.en[key] === 'object' ? catalogs.en[key].other : catalogs.en[key];
      for (const form of forms) assert.deepEqual(placeholders(form), placeholders(english), `${lang}.${key} placeholders`);
    }
  }
  const keys = (lang) => {
    const t = translatorFor([lang]);
    return ['operational', 'major_outage', 'investigating', 'scheduled', 'eta', 'dismiss'].map((k) => t(k));
  };
  for (const lang of LANGUAGES) {
    assert.ok(keys(lang).every((text) => text && !['operational', 'eta'].includes(text)), lang);
  }
  assert.equal(translatorFor(['nb-NO'])('operational'), 'Alle systemer fungerer');
  assert.equal(translatorFor(['no']).lang, 'nb');
  assert.equal(translatorFor(['de-DE', 'ru'])('operational'), 'Все системы работают');
  assert.equal(translatorFor(['xx'])('operational'), 'All systems operational');
  assert.equal(translatorFor(['en'])('dismiss', { name: 'X' }), 'Dismiss notice: X');
  assert.deepEqual(pickLanguage(['en-GB']), { locale: 'en-GB', catalog: 'en' }, 'the region stays for dates');
});

test('formatSpan: how far a time is, in the reader\'s words and plural forms, rounded up for promises', () => {
  const MIN = 60_000;
  const en = translatorFor(['en-US']);
  const ru = translatorFor(['ru-RU']);
  // Minutes to an hour; never "0 minutes"; up rounds a part-minute up, else to the nearest.
  assert.equal(formatSpan(1 * MIN, en), '1 minute');
  assert.equal(formatSpan(5_000, en), '1 minute');
  assert.equal(formatSpan(44.2 * MIN, en), '44 minutes');
  assert.equal(formatSpan(44.2 * MIN, en, true), '45 minutes');
  assert.equal(formatSpan(60 * MIN, en), '1 hour');
  assert.equal(formatSpan(59.5 * MIN, en, true), '1 hour');
  // Five minutes up to ten hours, then hours, then (from two days) days.
  assert.equal(formatSpan(61 * MIN, en, true), '1 hour 5 minutes');
  assert.equal(formatSpan(99.9 * MIN, en, true), '1 hour 40 minutes');
  assert.equal(formatSpan(122 * MIN, en), '2 hours');
  assert.equal(formatSpan(9.97 * 60 * MIN, en, true), '10 hours');
  assert.equal(formatSpan(10.2 * 60 * MIN, en, true), '11 hours');
  assert.equal(formatSpan(47.2 * 60 * MIN, en), '47 hours');
  assert.equal(formatSpan(47.6 * 60 * MIN, en), '2 days');
  assert.equal(formatSpan(3.1 * 24 * 60 * MIN, en, true), '4 days');
  // Up never says less than the span; nearest is never more than half a step off.
  for (let ms = 1_000; ms < 4 * 24 * 3600_000; ms = Math.ceil(ms * 1.37)) {
    const minutes = (text) => [...text.matchAll(/(\d+) (day|hour|minute)/g)]
      .reduce((sum, [, n, unit]) => sum + Number(n) * { day: 1440, hour: 60, minute: 1 }[unit], 0);
    assert.ok(minutes(formatSpan(ms, en, true)) * MIN >= ms, `up: ${ms} ms`);
    const step = ms < 60 * MIN ? 1 : ms < 600 * MIN ? 5 : ms < 2880 * MIN ? 60 : 1440;
    assert.ok(Math.abs(minutes(formatSpan(ms, en)) * MIN - ms) <= Math.max(step / 2 * MIN, MIN), `nearest: ${ms} ms`);
  }
  // Russian's four forms (after "через": accusative), as Intl.PluralRules picks them.
  assert.equal(formatSpan(1 * MIN, ru), '1 минуту');
  assert.equal(formatSpan(3 * MIN, ru), '3 минуты');
  assert.equal(formatSpan(11 * MIN, ru), '11 минут');
  assert.equal(formatSpan(21 * MIN, ru), '21 минуту');
  assert.equal(formatSpan(125 * MIN, ru), '2 часа 5 минут');
  assert.equal(ru('eta', { likely: formatSpan(22 * MIN, ru), latest: formatSpan(45 * MIN, ru, true) }),
    'Скорее всего исправим через 22 минуты, самое позднее через 45 минут.');
  assert.equal(translatorFor(['nb'])('next', { span: formatSpan(25 * 60 * MIN, translatorFor(['nb']), true) }),
    'Neste oppdatering senest om 25 timer.');
});
