// Every sentence a reader sees comes from a catalog (web/i18n/<lang>.json) through t();
// numbers, times and durations go through Intl in the reader's locale and time zone.
//
// Catalog entries are either a string or an object of plural forms keyed by
// Intl.PluralRules categories ("one", "other", ...; "=0" etc. for exact numbers), chosen
// by params.count. Placeholders are {name}; numbers are formatted for the locale.

const MINUTE_S = 60;
const HOUR_S = 60 * MINUTE_S;
const DAY_S = 24 * HOUR_S;

// Browsers say "no" (Norwegian) as often as "nb" (Bokmål); Nynorsk readers get Bokmål.
const ALIASES = { no: 'nb', nn: 'nb' };

// The first of the reader's languages that has a catalog, else the fallback.
// Returns the reader's full tag (e.g. "en-GB") so dates follow their regional habits.
// `chosen` (a catalog picked in the page) wins; the reader's tag for it keeps its region.
export function pickLocale(preferred, available, fallback = 'en', chosen = null) {
  const baseOf = (tag) => {
    const base = String(tag).toLowerCase().split('-')[0];
    return ALIASES[base] ?? base;
  };
  if (chosen && available.includes(chosen)) {
    const tag = (preferred ?? []).find((p) => baseOf(p) === chosen);
    return { locale: tag ?? chosen, catalog: chosen };
  }
  for (const tag of preferred ?? []) {
    const base = baseOf(tag);
    if (available.includes(base)) return { locale: tag, catalog: base };
  }
  return { locale: fallback, catalog: fallback };
}

// A catalog entry's text for `count`: a string as it is, else its form for exactly `count`
// ("=0"), else the one `select(count)` names (an Intl.PluralRules category), else "other".
// Shared with the widget (web/widget/messages.js), which words its own catalogs.
export function pluralForm(entry, count, select) {
  if (typeof entry !== 'object') return entry;
  return entry[`=${count}`] ?? entry[select(count)] ?? entry.other;
}

// t(id, params) plus Intl helpers hung on it (t.time, t.when, t.relative, ...).
// timeZone: an IANA name, or undefined for the reader's own zone.
export function createTranslator({ locale, messages, timeZone }) {
  const plural = new Intl.PluralRules(locale);
  const number = new Intl.NumberFormat(locale);
  const relativeFormat = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const zone = timeZone ? { timeZone } : {};
  const formats = {
    time: new Intl.DateTimeFormat(locale, { ...zone, hour: 'numeric', minute: '2-digit' }),
    weekdayTime: new Intl.DateTimeFormat(locale, { ...zone, weekday: 'short', hour: 'numeric', minute: '2-digit' }),
    dateTime: new Intl.DateTimeFormat(locale, {
      ...zone, weekday: 'short', day: 'numeric', month: 'short', hour: 'numeric', minute: '2-digit',
    }),
    date: new Intl.DateTimeFormat(locale, { ...zone, weekday: 'short', day: 'numeric', month: 'short' }),
    dayKey: new Intl.DateTimeFormat('en-CA', { ...zone, year: 'numeric', month: '2-digit', day: '2-digit' }),
    month: new Intl.DateTimeFormat(locale, { ...zone, year: 'numeric', month: 'long' }),
    // A calendar day the core names as "YYYY-MM-DD" in UTC: formatted in UTC, so it is that day everywhere.
    utcDay: new Intl.DateTimeFormat(locale, { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short' }),
    zoneName: new Intl.DateTimeFormat(locale, { ...zone, timeZoneName: 'short' }),
  };
  const unitFormats = new Map();
  const unit = (name) => {
    if (!unitFormats.has(name)) {
      unitFormats.set(name, new Intl.NumberFormat(locale, { style: 'unit', unit: name, unitDisplay: 'long' }));
    }
    return unitFormats.get(name);
  };
  const unitList = new Intl.ListFormat(locale, { style: 'long', type: 'unit' });
  const andList = new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' });

  function t(id, params = {}) {
    let message = messages[id];
    if (message == null) return id; // visible, so a missing key is caught by eye and by tests
    message = pluralForm(message, Number(params.count), (n) => plural.select(n)) ?? id;
    return message.replace(/\{(\w+)\}/g, (whole, name) => {
      if (!(name in params)) return whole;
      const value = params[name];
      return typeof value === 'number' ? number.format(value) : String(value);
    });
  }

  const ms = (at) => (typeof at === 'number' ? at : Date.parse(at));

  t.locale = locale;
  t.has = (id) => messages[id] != null;
  t.number = (n) => number.format(n);
  // 3:10 PM / 15:10
  t.time = (at) => formats.time.format(ms(at));
  // A clock time with as much date as it needs from `now`: today, this week, or later.
  t.when = (at, now) => {
    const a = ms(at);
    const n = ms(now);
    if (formats.dayKey.format(a) === formats.dayKey.format(n)) return formats.time.format(a);
    if (Math.abs(a - n) < 6 * DAY_S * 1000) return formats.weekdayTime.format(a);
    return formats.dateTime.format(a);
  };
  t.date = (at) => formats.date.format(ms(at));
  // "Tue, Nov 24" for the UTC day "2026-11-24" (the uptime bars' days).
  t.day = (isoDay) => formats.utcDay.format(Date.parse(`${isoDay}T00:00:00Z`));
  t.dateTime = (at) => formats.dateTime.format(ms(at));
  // "November 2026", and "2026-11" to group by (both in the reader's zone).
  t.month = (at) => formats.month.format(ms(at));
  t.monthKey = (at) => formats.dayKey.format(ms(at)).slice(0, 7);
  // "5 minutes ago", "in 2 hours", "now"
  t.relative = (at, now) => {
    const seconds = Math.round((ms(at) - ms(now)) / 1000);
    const abs = Math.abs(seconds);
    if (abs < MINUTE_S) return relativeFormat.format(0, 'second');
    if (abs < HOUR_S) return relativeFormat.format(Math.round(seconds / MINUTE_S), 'minute');
    if (abs < DAY_S) return relativeFormat.format(Math.round(seconds / HOUR_S), 'hour');
    return relativeFormat.format(Math.round(seconds / DAY_S), 'day');
  };
  // "1 hour, 20 minutes"; rounded to minutes (whole hours past a day), at least 1 minute.
  t.duration = (seconds) => {
    let minutes = Math.max(1, Math.round(seconds / MINUTE_S));
    if (minutes >= 24 * 60) minutes = Math.round(minutes / 60) * 60;
    const days = Math.floor(minutes / (24 * 60));
    const hours = Math.floor((minutes % (24 * 60)) / 60);
    const rest = minutes % 60;
    const parts = [];
    if (days) parts.push(unit('day').format(days));
    if (hours) parts.push(unit('hour').format(hours));
    if (rest) parts.push(unit('minute').format(rest));
    return unitList.format(parts);
  };
  // "EU API, Webhooks, and Git"
  t.list = (items) => andList.format(items);
  // The reader's zone as a short name ("CET", "GMT+1"), for saying which zone times are in.
  t.zoneName = (at) => formats.zoneName.formatToParts(ms(at)).find((p) => p.type === 'timeZoneName')?.value ?? '';
  return t;
}
