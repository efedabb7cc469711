// web/i18n/{en,tr,ru,nb}.json: the same keys in every language, the plural forms each
// language needs (Intl.PluralRules), the same placeholders, and an entry for every id the
// pages use; plus plural and relative-time wording checked in each language.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';

import { createTranslator, pickLocale } from '../../web/lib/i18n.js';

const LANGUAGES = ['en', 'tr', 'ru', 'nb'];
const webDir = new URL('../../web/', import.meta.url);
const catalogs = Object.fromEntries(LANGUAGES.map((lang) => [
  lang, JSON.parse(readFileSync(new URL(`i18n/${lang}.json`, webDir), 'utf8')),
]));
const translators = Object.fromEntries(LANGUAGES.map((lang) => [
  lang, createTranslator({ locale: lang, messages: catalogs[lang], timeZone: 'Europe/Oslo' }),
]));

test('web/i18n holds exactly the four catalogs', () => {
  const files = readdirSync(new URL('i18n/', webDir)).filter((f) => f.endsWith('.json')).sort();
  assert.deepEqual(files, LANGUAGES.map((lang) => `${lang}.json`).sort());
});

test('every catalog has the same keys as English, no more and no fewer', () => {
  const english = Object.keys(catalogs.en).sort();
  for (const lang of LANGUAGES) {
    const keys = Object.keys(catalogs[lang]).sort();
    assert.deepEqual(keys.filter((k) => !english.includes(k)), [], `${lang}.json: extra keys`);
    assert.deepEqual(english.filter((k) => !keys.includes(k)), [], `${lang}.json: missing keys`);
  }
});

test('plural entries have every form the language needs (Intl.PluralRules), and no others', () => {
  for (const lang of LANGUAGES) {
    const needed = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
    for (const [id, message] of Object.entries(catalogs[lang])) {
      assert.equal(typeof message, typeof catalogs.en[id], `${lang}: ${id} is a ${typeof catalogs.en[id]} in English`);
      if (typeof message === 'string') {
        assert.ok(message.trim().length > 0, `${lang}: ${id} is empty`);
        continue;
      }
      for (const form of needed) assert.equal(typeof message[form], 'string', `${lang}: ${id} needs a "${form}" form`);
      for (const form of Object.keys(message)) {
        assert.ok(needed.includes(form) || /^=\d+$/.test(form), `${lang}: ${id} has a form "${form}" ${lang} does not use`);
      }
    }
  }
});

test('every translation uses the same placeholders as English', () => {
  const names = (message) => new Set((typeof message === 'string' ? [message] : Object.values(message))
    .flatMap((text) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1])));
  for (const lang of LANGUAGES) {
    for (const [id, message] of Object.entries(catalogs.en)) {
      assert.deepEqual([...names(catalogs[lang][id])].sort(), [...names(message)].sort(), `${lang}: ${id}`);
    }
  }
});

// Ids built from view-model enums (shared/include/candor/view_model.hpp), by prefix.
const STAGES = ['investigating', 'identified', 'monitoring', 'resolved', 'postmortem'];
const COMPONENT_STATUSES = ['operational', 'degraded_performance', 'partial_outage', 'major_outage', 'under_maintenance'];
const BASIS_LEVELS = ['category+impact+stage', 'category+impact', 'category', 'all'];
const BUILT = {
  status: COMPONENT_STATUSES,
  overall: COMPONENT_STATUSES,
  impact: ['none', 'minor', 'major', 'critical', 'maintenance'],
  stage: [...STAGES, 'done', 'now', 'next'],
  'stage.about': STAGES,
  'maintenance.status': ['scheduled', 'in_progress', 'verifying', 'completed'],
  'channel.kind': ['chat', 'phone', 'email', 'form'],
  basis: BASIS_LEVELS,
  'incident.why.basis': BASIS_LEVELS,
  track: ['resolution', 'next_update', 'first_response'],
  obstacle: ['other'], // other kinds are looked up with t.has() and fall back to this
  caseStage: ['received', 'investigating', 'waiting_on_customer', 'in_progress', 'resolved'],
  'subscription.kind': ['email', 'webhook'], // the subscribe form's two ways
};

function pageSources() {
  const files = ['main.js', ...readdirSync(new URL('pages/', webDir)).map((f) => `pages/${f}`)];
  return files.map((file) => readFileSync(new URL(file, webDir), 'utf8')).join('\n');
}

test('every id the pages use is in every catalog', () => {
  const sources = pageSources();
  const prefixes = new Set(Object.keys(catalogs.en).map((id) => id.split('.')[0]));
  // Quoted ids ('incident.eta.window'), wherever they are written: in t(), in a ternary, in a table.
  const literal = [...sources.matchAll(/'([a-z]\w*(?:\.[\w+-]+)+)'/g)].map((m) => m[1])
    .filter((id) => prefixes.has(id.split('.')[0]) && !/\.(atom|ics|json|js|css)$/.test(id));
  assert.ok(literal.length > 60, `found the literal ids (${literal.length})`);
  // Ids built in template strings (`stage.${stage}`): every prefix must be in BUILT.
  const templates = new Set([...sources.matchAll(/`([a-z]\w*(?:\.[\w+-]+)*)\.\$\{/g)].map((m) => m[1]));
  assert.deepEqual([...templates].filter((prefix) => !(prefix in BUILT)), [],
    'a page builds ids from a prefix this test does not know: add its values to BUILT');
  const built = Object.entries(BUILT).flatMap(([prefix, values]) => values.map((v) => `${prefix}.${v}`));
  for (const lang of LANGUAGES) {
    const missing = [...new Set([...literal, ...built])].filter((id) => !(id in catalogs[lang]));
    assert.deepEqual(missing, [], `${lang}.json lacks ids the pages use`);
  }
});

test('Russian plurals pick one, few and many', () => {
  const t = translators.ru;
  assert.equal(t('history.count', { count: 1 }), '1 инцидент');
  assert.equal(t('history.count', { count: 3 }), '3 инцидента');
  assert.equal(t('history.count', { count: 5 }), '5 инцидентов');
  assert.equal(t('history.count', { count: 21 }), '21 инцидент');
  assert.equal(t('history.count', { count: 12 }), '12 инцидентов');
  assert.equal(t('basis.category+impact', { count: 48 }), 'На основе 48 похожих инцидентов.');
  assert.equal(t('incident.earlierUpdates', { count: 1 }), 'Предыдущее обновление (1)');
});

test('Turkish and Norwegian plurals pick one and other', () => {
  assert.equal(translators.nb('history.count', { count: 1 }), '1 hendelse');
  assert.equal(translators.nb('history.count', { count: 2 }), '2 hendelser');
  assert.equal(translators.nb('incident.eta.revised', { count: 1, time: '09:00' }), 'Anslaget ble revidert 09:00 (revidert én gang).');
  assert.equal(translators.tr('history.count', { count: 1 }), '1 olay');
  assert.equal(translators.tr('history.count', { count: 7 }), '7 olay'); // Turkish counts with the singular
});

test('relative times and durations are plural-correct in every language', () => {
  const now = '2026-03-04T14:07:30.000Z';
  const ago = (minutes) => new Date(Date.parse(now) - minutes * 60_000).toISOString();
  const cases = {
    en: ['1 minute ago', '2 minutes ago', '5 minutes ago', '21 minutes ago'],
    tr: ['1 dakika önce', '2 dakika önce', '5 dakika önce', '21 dakika önce'],
    ru: ['1 минуту назад', '2 минуты назад', '5 минут назад', '21 минуту назад'],
    nb: ['for 1 minutt siden', 'for 2 minutter siden', 'for 5 minutter siden', 'for 21 minutter siden'],
  };
  for (const [lang, expected] of Object.entries(cases)) {
    assert.deepEqual([1, 2, 5, 21].map((m) => translators[lang].relative(ago(m), now)), expected, lang);
  }
  assert.equal(translators.ru.duration(3 * 60), '3 минуты');
  assert.equal(translators.nb.duration(60 * 60), '1 time');
  assert.equal(translators.tr.duration(90 * 60), '1 saat 30 dakika');
});

test('pickLocale maps Norwegian tags to Bokmål and lets a chosen language win', () => {
  const available = LANGUAGES;
  assert.deepEqual(pickLocale(['no', 'en'], available), { locale: 'no', catalog: 'nb' });
  assert.deepEqual(pickLocale(['nb-NO'], available), { locale: 'nb-NO', catalog: 'nb' });
  assert.deepEqual(pickLocale(['tr-TR', 'en'], available), { locale: 'tr-TR', catalog: 'tr' });
  assert.deepEqual(pickLocale(['en-GB', 'ru-RU'], available, 'en', 'ru'), { locale: 'ru-RU', catalog: 'ru' });
  assert.deepEqual(pickLocale(['en-GB'], available, 'en', 'nb'), { locale: 'nb', catalog: 'nb' });
  assert.deepEqual(pickLocale(['en-GB'], available, 'en', 'xx'), { locale: 'en-GB', catalog: 'en' });
});
