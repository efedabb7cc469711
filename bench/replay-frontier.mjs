// Coverage against width at several targets, for Candor and for the fixed-quantile baseline,
// so the two can be compared at equal coverage (the replay's single row compares them at the
// same target, where a few points of coverage cost a lot of width).
// Usage: node bench/replay-frontier.mjs   (after .ci/setup; openai.csv is read from ../shared)
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';

const candor = 'build/native/bin/candor';
const histories = ['tests/data/github.csv', '../shared/data/incident-histories/openai.csv'];
const targets = [0.86, 0.87, 0.88, 0.89, 0.9, 0.91, 0.92, 0.93, 0.94];
const minHistory = 10; // the core's replay() default

const median = (v) => {
  const s = [...v].sort((a, b) => a - b);
  const m = s.length;
  return m % 2 ? s[(m - 1) / 2] : (s[m / 2 - 1] + s[m / 2]) / 2;
};
// The same empirical quantile as shared/src/replay.cpp: smallest d with at least q of them ≤ d.
const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];

// The fixed baseline at quantile q, walked like the core's replay: in start order, from the
// items resolved strictly before each start, once at least minHistory of them are known.
function fixedBaseline(csv, q) {
  const lines = readFileSync(csv, 'utf8').trim().split('\n');
  const head = lines[0].split(',');
  const col = (name) => head.indexOf(name);
  const items = lines.slice(1).map((l) => {
    const c = l.split(',');
    return { start: Date.parse(c[col('started_at')]), end: Date.parse(c[col('resolved_at')]) };
  }).filter((x) => Number.isFinite(x.end));
  const byStart = [...items].sort((a, b) => a.start - b.start);
  const byEnd = [...items].sort((a, b) => a.end - b.end);
  const known = [];
  let next = 0, kept = 0;
  const ratios = [];
  for (const it of byStart) {
    while (next < byEnd.length && byEnd[next].end < it.start) {
      const d = (byEnd[next].end - byEnd[next].start) / 1000;
      known.splice(sortedIndex(known, d), 0, d);
      ++next;
    }
    if (known.length < minHistory) continue;
    const promised = quantile(known, q), actual = (it.end - it.start) / 1000;
    kept += actual <= promised;
    ratios.push(promised / Math.max(actual, 1));
  }
  return { items: ratios.length, coverage: kept / ratios.length, width: median(ratios) };
}

function sortedIndex(sorted, x) {
  let lo = 0, hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= x) lo = mid + 1; else hi = mid;
  }
  return lo;
}

// The baseline's width at a given coverage, by linear interpolation along its frontier.
function widthAtCoverage(frontier, coverage) {
  const pts = [...frontier].sort((a, b) => a.coverage - b.coverage);
  for (let i = 1; i < pts.length; ++i) {
    const a = pts[i - 1], b = pts[i];
    if (coverage >= a.coverage && coverage <= b.coverage && b.coverage > a.coverage)
      return a.width + ((coverage - a.coverage) / (b.coverage - a.coverage)) * (b.width - a.width);
  }
  return NaN;
}

const pct = (x) => `${(100 * x).toFixed(1)}%`;
for (const csv of histories) {
  const name = basename(csv);
  if (!existsSync(csv)) { console.log(`\n${name}: absent, skipped`); continue; }
  const rows = targets.map((t) => {
    const r = JSON.parse(execFileSync(candor, ['replay', '--history', csv, '--target', String(t), '--json'], { encoding: 'utf8' }));
    return { t, r, fixed: fixedBaseline(csv, t) };
  });
  const atNinety = rows.find((x) => x.t === 0.9);
  // The walk here must be the core's: its P90 row must match the core's fixed_p90 exactly.
  const same = atNinety.fixed.items === atNinety.r.items &&
    Math.abs(atNinety.fixed.coverage - atNinety.r.fixed_p90.coverage) < 1e-12 &&
    Math.abs(atNinety.fixed.width - atNinety.r.fixed_p90.median_width_ratio) < 1e-12;
  if (!same) throw new Error(`${name}: this walk's P90 baseline differs from the core's replay`);

  console.log(`\n${name} (${atNinety.r.items} items)\n`);
  console.log('| target | candor coverage | candor width | fixed-quantile coverage | fixed-quantile width |');
  console.log('|---:|---:|---:|---:|---:|');
  for (const { t, r, fixed } of rows)
    console.log(`| ${t.toFixed(2)} | ${pct(r.candor.coverage)} | ${r.candor.median_width_ratio.toFixed(2)} | ${pct(fixed.coverage)} | ${fixed.width.toFixed(2)} |`);
  const frontier = rows.map((x) => x.fixed);
  const c = atNinety.r.candor;
  const base = widthAtCoverage(frontier, c.coverage);
  console.log(`\nAt the default target Candor keeps ${pct(c.coverage)} with width ${c.median_width_ratio.toFixed(2)}; ` +
    `the fixed quantile at that coverage: width ${Number.isFinite(base) ? base.toFixed(2) : 'outside the frontier'}.`);
}
