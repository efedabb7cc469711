// The widget's words: which of its catalogs (web/widget/i18n/<lang>.json, each a chunk of its
// own, so a reader downloads only theirs) a reader gets, and t() over the one that arrived.
// Times come as absolute instants and are only formatted here, in the reader's language and
// time zone, against the reader's "now".

import { pickLocale } from '../lib/i18n.js';

export const LANGUAGES = ['en', 'tr', 'ru', 'nb'];

// The reader's tags (best first) -> {locale, catalog}: the first we have a catalog for, else
// English; "no" and "nn" read Bokmål. The portal's own rule (lib/i18n.js).
export const pickLanguage = (preferred) => pickLocale(preferred, LANGUAGES);

// t(id, params) over one catalog, and t.lang; `picked` is pickLanguage()'s.
export function translator(messages, { locale, catalog }) {
  const t = (id, params = {}) => (messages[id] ?? id)
    .replace(/\{(\w+)\}/g, (whole, name) => (name in params ? params[name] : whole));
  t.locale = locale;
  t.lang = catalog;
  return t;
}

const formats = new Map();

// An instant for the reader: today's as a clock time, others with their day. Only notices
// say times (the loader never imports this): the first Intl.DateTimeFormat of a page costs
// some 30 ms, which a badge never needs to spend.
export function formatTime(iso, locale, nowMs) {
  const date = new Date(iso);
  const withDay = date.toDateString() !== new Date(nowMs).toDateString();
  const key = `${locale} ${withDay}`;
  if (!formats.has(key)) {
    formats.set(key, new Intl.DateTimeFormat(locale, withDay
      ? { weekday: 'short', day: 'numeric', month: 'short', hour: 'numeric', minute: '2-digit' }
      : { hour: 'numeric', minute: '2-digit' }));
  }
  return formats.get(key).format(date);
}
