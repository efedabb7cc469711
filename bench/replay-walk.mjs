// The replay's walk, in JavaScript, for trying promise rules outside the core: every item in
// start order gets a promise from the items resolved strictly before its start, once at least
// `minHistory` of them are known (the core's replay() default is 10). Kept if it resolved by
// the promise; width is the median of promise ÷ actual duration. Same rules as
// shared/src/replay.cpp, so a rule's figures compare with the core's.
import { readFileSync } from 'node:fs';

export const DAY_MS = 86_400_000;

export function readHistory(csv) {
  const lines = readFileSync(csv, 'utf8').trim().split('\n');
  const head = lines[0].split(',');
  const col = Object.fromEntries(['category', 'impact', 'started_at', 'resolved_at'].map((n) => [n, head.indexOf(n)]));
  return lines.slice(1).map((l) => {
    const c = l.split(',');
    const start = Date.parse(c[col.started_at]), end = Date.parse(c[col.resolved_at]);
    return { category: c[col.category], impact: c[col.impact], start, end, duration: (end - start) / 1000 };
  }).filter((x) => Number.isFinite(x.end));
}

export const median = (v) => {
  const s = [...v].sort((a, b) => a - b);
  const m = s.length;
  return m % 2 ? s[(m - 1) / 2] : (s[m / 2 - 1] + s[m / 2]) / 2;
};

// The smallest duration with at least q of the durations ≤ it (as the core's replay).
export const quantile = (durations, q) => {
  const s = [...durations].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
};

// promise(known, item) → seconds; `known` is in order of resolution.
export function walk(items, promise, minHistory = 10) {
  const byStart = [...items].sort((a, b) => a.start - b.start);
  const byEnd = [...items].sort((a, b) => a.end - b.end);
  let next = 0, kept = 0;
  const ratios = [];
  for (const item of byStart) {
    while (next < byEnd.length && byEnd[next].end < item.start) ++next;
    if (next < minHistory) continue;
    const promised = promise(byEnd.slice(0, next), item);
    kept += item.duration <= promised;
    ratios.push(promised / Math.max(item.duration, 1));
  }
  return { items: ratios.length, coverage: kept / ratios.length, width: median(ratios) };
}

export const pct = (x) => `${(100 * x).toFixed(1)}%`;
