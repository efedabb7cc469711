// Promise rules tried against the core's (issue 4's sharpness line), on the replay's walk:
// each prints coverage / width at three targets. None of them is in the core; this is where
// the evidence for leaving the core's rule as it is can be re-run.
// Usage: node bench/replay-variants.mjs   (openai.csv is read from ../shared; absent → skipped)
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { DAY_MS, pct, quantile, readHistory, walk } from './replay-walk.mjs';

const histories = ['tests/data/github.csv', '../shared/data/incident-histories/openai.csv'];
const targets = [0.88, 0.9, 0.92];
const minSamples = 20; // the core's default minimum of similar items

const durations = (items) => items.map((x) => x.duration);
const sameCategoryAndImpact = (it) => (x) => x.category === it.category && x.impact === it.impact;
const sameCategory = (it) => (x) => x.category === it.category;
// The core's look-back: items started since the day's start one year before.
const lastYear = (known, it) => {
  const oldest = Math.floor(it.start / DAY_MS) * DAY_MS - 365 * DAY_MS;
  const recent = known.filter((x) => x.start >= oldest);
  return recent.length >= minSamples ? recent : known;
};

// Mann–Whitney U as a normal z score (mid-ranks for ties), group against the rest.
function mannWhitneyZ(group, rest) {
  const all = [...group.map((d) => [d, 0]), ...rest.map((d) => [d, 1])].sort((a, b) => a[0] - b[0]);
  let rankSum = 0;
  for (let i = 0; i < all.length;) {
    let j = i;
    while (j + 1 < all.length && all[j + 1][0] === all[i][0]) ++j;
    for (let k = i; k <= j; ++k) if (all[k][1] === 0) rankSum += (i + j) / 2 + 1;
    i = j + 1;
  }
  const n1 = group.length, n2 = rest.length;
  const sd = Math.sqrt((n1 * n2 * (n1 + n2 + 1)) / 12);
  return sd > 0 ? (rankSum - (n1 * (n1 + 1)) / 2 - (n1 * n2) / 2) / sd : 0;
}

// The q-quantile of a mixture: the group's empirical distribution with weight w, the pool's with 1 − w.
function mixtureQuantile(group, pool, w, q) {
  const atoms = [...group.map((d) => [d, w / group.length]), ...pool.map((d) => [d, (1 - w) / pool.length])]
    .sort((a, b) => a[0] - b[0]);
  let mass = 0;
  for (const [d, m] of atoms) if ((mass += m) >= q - 1e-9) return d;
  return atoms[atoms.length - 1][0];
}

const rules = {
  'fixed quantile, all past items': (q) => (known) => quantile(durations(known), q),
  'all items of the last year': (q) => (known, it) => quantile(durations(lastYear(known, it)), q),
  'back-off within the last year (the core, less KM and stage)': (q) => (known, it) => {
    const pool = lastYear(known, it);
    for (const match of [sameCategoryAndImpact(it), sameCategory(it)]) {
      const group = pool.filter(match);
      if (group.length >= minSamples) return quantile(durations(group), q);
    }
    return quantile(durations(pool), q);
  },
  'back-off only where a Mann–Whitney z is beyond ±1.96': (q) => (known, it) => {
    const pool = lastYear(known, it);
    for (const match of [sameCategoryAndImpact(it), sameCategory(it)]) {
      const group = pool.filter(match), rest = pool.filter((x) => !match(x));
      if (group.length >= minSamples && Math.abs(mannWhitneyZ(durations(group), durations(rest))) >= 1.96)
        return quantile(durations(group), q);
    }
    return quantile(durations(pool), q);
  },
  ...Object.fromEntries([5, 20, 80].map((k) => [`mixture of category+impact and all, w = n/(n+${k})`, (q) => (known, it) => {
    const group = known.filter(sameCategoryAndImpact(it));
    if (!group.length) return quantile(durations(known), q);
    return mixtureQuantile(durations(group), durations(known), group.length / (group.length + k), q);
  }])),
};

for (const csv of histories) {
  const name = basename(csv);
  if (!existsSync(csv)) { console.log(`\n${name}: absent, skipped`); continue; }
  const items = readHistory(csv);
  console.log(`\n${name}: coverage / width\n`);
  console.log(`| rule | ${targets.map((t) => `target ${t.toFixed(2)}`).join(' | ')} |`);
  console.log(`|---|${targets.map(() => '---:').join('|')}|`);
  for (const [label, rule] of Object.entries(rules)) {
    const cells = targets.map((q) => {
      const r = walk(items, rule(q));
      return `${pct(r.coverage)} / ${r.width.toFixed(2)}`;
    });
    console.log(`| ${label} | ${cells.join(' | ')} |`);
  }
}
