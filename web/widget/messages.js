// The widget's own tiny catalog (en, tr, ru, nb): it must not fetch the portal's catalogs
// before it can show anything. Times come as absolute instants and are only formatted here,
// in the reader's language and time zone, against the reader's "now".

export const catalogs = {
  en: {
    label: 'Service status',
    status: 'Status',
    operational: 'All systems operational',
    degraded_performance: 'Degraded performance',
    partial_outage: 'Partial outage',
    major_outage: 'Major outage',
    under_maintenance: 'Under maintenance',
    investigating: 'Investigating',
    identified: 'Cause identified',
    monitoring: 'Fix applied, monitoring',
    scheduled: 'Scheduled maintenance',
    in_progress: 'Maintenance in progress',
    verifying: 'Maintenance ending, verifying',
    eta: 'Most likely fixed by {likely}, at the latest by {latest}.',
    window: 'Planned from {from} to {until}.',
    next: 'Next update by {at}.',
    details: 'Details',
    dismiss: 'Dismiss notice: {name}',
  },
  tr: {
    label: 'Hizmet durumu',
    status: 'Durum',
    operational: 'Tüm sistemler çalışıyor',
    degraded_performance: 'Performans düşük',
    partial_outage: 'Kısmi kesinti',
    major_outage: 'Büyük kesinti',
    under_maintenance: 'Bakımda',
    investigating: 'İnceleniyor',
    identified: 'Neden belirlendi',
    monitoring: 'Düzeltme uygulandı, izleniyor',
    scheduled: 'Planlı bakım',
    in_progress: 'Bakım sürüyor',
    verifying: 'Bakım bitiyor, doğrulanıyor',
    eta: 'Tahmini çözüm: büyük olasılıkla {likely}, en geç {latest}.',
    window: 'Planlanan: {from} – {until}.',
    next: 'Sonraki güncelleme en geç {at}.',
    details: 'Ayrıntılar',
    dismiss: 'Bildirimi kapat: {name}',
  },
  ru: {
    label: 'Состояние сервиса',
    status: 'Статус',
    operational: 'Все системы работают',
    degraded_performance: 'Снижена производительность',
    partial_outage: 'Частичный сбой',
    major_outage: 'Серьёзный сбой',
    under_maintenance: 'Техническое обслуживание',
    investigating: 'Выясняем причину',
    identified: 'Причина найдена',
    monitoring: 'Исправление внесено, наблюдаем',
    scheduled: 'Плановые работы',
    in_progress: 'Идут плановые работы',
    verifying: 'Работы завершаются, проверяем',
    eta: 'Скорее всего исправим к {likely}, самое позднее к {latest}.',
    window: 'Запланировано с {from} до {until}.',
    next: 'Следующее обновление к {at}.',
    details: 'Подробнее',
    dismiss: 'Скрыть уведомление: {name}',
  },
  nb: {
    label: 'Tjenestestatus',
    status: 'Status',
    operational: 'Alle systemer fungerer',
    degraded_performance: 'Redusert ytelse',
    partial_outage: 'Delvis driftsstans',
    major_outage: 'Større driftsstans',
    under_maintenance: 'Under vedlikehold',
    investigating: 'Undersøker',
    identified: 'Årsaken er funnet',
    monitoring: 'Rettet, følger med',
    scheduled: 'Planlagt vedlikehold',
    in_progress: 'Vedlikehold pågår',
    verifying: 'Vedlikehold avsluttes, kontrollerer',
    eta: 'Trolig løst innen {likely}, senest innen {latest}.',
    window: 'Planlagt fra {from} til {until}.',
    next: 'Neste oppdatering innen {at}.',
    details: 'Detaljer',
    dismiss: 'Lukk varselet: {name}',
  },
};

export const LANGUAGES = Object.keys(catalogs);

const formats = new Map();
function format(locale, withDay) {
  const key = `${locale} ${withDay}`;
  if (!formats.has(key)) {
    formats.set(key, new Intl.DateTimeFormat(locale, withDay
      ? { weekday: 'short', day: 'numeric', month: 'short', hour: 'numeric', minute: '2-digit' }
      : { hour: 'numeric', minute: '2-digit' }));
  }
  return formats.get(key);
}

// The first of `preferred` (BCP 47 tags, best first) we have a catalog for, else English.
// "no" and "nn" read Bokmål better than English.
export function translator(preferred, nowMs = Date.now()) {
  let locale = 'en';
  for (const tag of preferred) {
    const base = String(tag).toLowerCase().split('-')[0].replace(/^(no|nn)$/, 'nb');
    if (catalogs[base]) {
      locale = base === 'nb' && !/^nb/i.test(tag) ? 'nb' : tag;
      break;
    }
  }
  const lang = String(locale).toLowerCase().split('-')[0];
  const messages = catalogs[lang];
  const today = new Date(nowMs).toDateString();

  const t = (id, params = {}) => (messages[id] ?? catalogs.en[id] ?? id)
    .replace(/\{(\w+)\}/g, (whole, name) => (name in params ? params[name] : whole));
  // Today's instants as a clock time, others with their day. Made on first use: the first
  // Intl.DateTimeFormat of a page costs some 30 ms, which a badge never needs to spend.
  t.time = (iso) => {
    const date = new Date(iso);
    const day = date.toDateString() !== today;
    return format(locale, day).format(date);
  };
  t.lang = lang;
  return t;
}
