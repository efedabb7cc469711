// Coverage against width at several targets, for Candor and for the fixed-quantile baseline,
// so the two can be compared at equal coverage (the replay's single row compares them at the
// same target, where a few points of coverage cost a lot of width).
// Usage: node bench/replay-frontier.mjs   (after .ci/setup; openai.csv is read from ../shared)
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { pct, quantile, readHistory, walk } from './replay-walk.mjs';

const candor = 'build/native/bin/candor';
const histories = ['tests/data/github.csv', '../shared/data/incident-histories/openai.csv'];
const targets = [0.86, 0.87, 0.88, 0.89, 0.9, 0.91, 0.92, 0.93, 0.94];

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

for (const csv of histories) {
  const name = basename(csv);
  if (!existsSync(csv)) { console.log(`\n${name}: absent, skipped`); continue; }
  const items = readHistory(csv);
  const rows = targets.map((t) => {
    const r = JSON.parse(execFileSync(candor, ['replay', '--history', csv, '--target', String(t), '--json'], { encoding: 'utf8' }));
    return { t, r, fixed: walk(items, (known) => quantile(known.map((k) => k.duration), t)) };
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
