// The widget's words: which of its catalogs (web/widget/i18n/<lang>.json, each a chunk of its
// own, so a reader downloads only theirs) a reader gets, and t() over the one that arrived.
// Times come as absolute instants; notices say how far they are from the reader's "now".

import { pickLocale, pluralForm } from '../lib/i18n.js';

export const LANGUAGES = ['en', 'tr', 'ru', 'nb'];

// The reader's tags (best first) -> {locale, catalog}: the first we have a catalog for, else
// English; "no" and "nn" read Bokmål. The portal's own rule (lib/i18n.js).
export const pickLanguage = (preferred) => pickLocale(preferred, LANGUAGES);

// t(id, params) over one catalog, and t.lang; `picked` is pickLanguage()'s. As in the portal's
// catalogs (lib/i18n.js), an entry is a string or an object of plural forms chosen by
// params.count.
export function translator(messages, { catalog }) {
  let plural;
  const t = (id, params = {}) => {
    // PluralRules is the one Intl service a page gets for free: DateTimeFormat and the others
    // first build the list of available locales, some 20 ms (up to 40) on the host's thread.
    const message = pluralForm(messages[id] ?? id, params.count, (n) => (plural ??= new Intl.PluralRules(catalog)).select(n));
    return message.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? params[name] : whole));
  };
  t.lang = catalog;
  return t;
}

const MINUTE_MS = 60_000;

// How long `ms` is, in the reader's words ("1 hour 25 minutes"): whole minutes up to an hour,
// 5 minutes up to 10 hours, hours up to 2 days, then days. `up` rounds up (when a promise
// runs out: never sooner than promised), else to the nearest; never less than a minute.
// Notices say times this way, relative to the reader's "now", rather than as clock times:
// no time zone to get wrong, and no Intl.DateTimeFormat (see translator()).
export function formatSpan(ms, t, up) {
  const minutes = ms / MINUTE_MS;
  const round = (step) => Math.max(step, (up ? Math.ceil : Math.round)(minutes / step) * step);
  let m = round(1);
  if (m > 60) m = round(5);
  if (m > 600) m = round(60);
  if (m >= 2880) return t('days', { count: round(1440) / 1440 });
  const hours = Math.floor(m / 60);
  const rest = m % 60;
  return [hours && t('hours', { count: hours }), rest && t('minutes', { count: rest })].filter(Boolean).join(' ');
}
