// The analyst subcommands as users and checks call them: JSON shapes, reference values,
// and bad input (exit 2, one line on stderr, nothing on stdout).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const candor = process.env.CANDOR_BIN || join(root, 'build', 'native', 'bin', 'candor');
const github = join(root, 'tests', 'data', 'github.csv');
const openai = join(root, '..', 'shared', 'data', 'incident-histories', 'openai.csv');

function run(...args) {
  const r = spawnSync(candor, args, { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
function json(...args) {
  const r = run(...args, '--json');
  assert.equal(r.code, 0, r.err);
  return JSON.parse(r.out);
}
function expectBadInput(r, pattern) {
  assert.equal(r.code, 2);
  assert.equal(r.out, '');
  assert.equal(r.err.trim().split('\n').length, 1, r.err);
  assert.match(r.err, pattern);
}
function csvFile(text) {
  const dir = mkdtempSync(join(tmpdir(), 'candor-cli-'));
  const path = join(dir, 'history.csv');
  writeFileSync(path, text);
  return path;
}

// Freireich et al. (1963) 6-MP arm in days instead of weeks, censored items still open at
// --now: the command must censor them at their age. Reference values: Klein & Moeschberger,
// "Survival Analysis" (2003), Table 4.1A (S = 0.857, 0.807, ... ; Greenwood SE 0.0764 ...).
test('survival: the 6-MP table through the CSV path, open items censored at --now', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  const iso = (ms) => new Date(ms).toISOString().replace('.000Z', 'Z');
  const rows = ['id,category,impact,started_at,resolved_at'];
  const events = [6, 6, 6, 7, 10, 13, 16, 22, 23];
  const censored = [6, 9, 10, 11, 17, 19, 20, 25, 32, 32, 34, 35];
  events.forEach((w, i) => rows.push(`e${i},leukaemia,minor,${iso(now - 400 * 86400e3)},${iso(now - 400 * 86400e3 + w * 86400e3)}`));
  censored.forEach((w, i) => rows.push(`c${i},leukaemia,minor,${iso(now - w * 86400e3)},`));
  const out = json('survival', '--history', csvFile(rows.join('\n') + '\n'), '--now', iso(now));
  assert.equal(out.n, 21);
  assert.equal(out.events, 9);
  assert.equal(out.median_s, 23 * 86400);
  const at = (days) => out.table.find((r) => r.t_s === days * 86400);
  const expected = [[6, 21, 3, 0.857, 0.0764], [7, 17, 1, 0.807, 0.0869], [10, 15, 1, 0.753, 0.0963],
    [13, 12, 1, 0.690, 0.1068], [16, 11, 1, 0.627, 0.1141], [22, 7, 1, 0.538, 0.1282], [23, 6, 1, 0.448, 0.1346]];
  for (const [d, risk, ev, s, se] of expected) {
    const row = at(d);
    assert.ok(row, `row at ${d} days`);
    assert.equal(row.at_risk, risk);
    assert.equal(row.events, ev);
    assert.ok(Math.abs(row.survival - s) < 5e-4, `S(${d}) = ${row.survival}`);
    assert.ok(Math.abs(row.std_err - se) < 5e-4, `SE(${d}) = ${row.std_err}`);
  }
  for (const key of ['t_s', 'at_risk', 'events', 'censored', 'survival', 'std_err']) assert.ok(key in out.table[0]);
  // The readable table has the same rows.
  const table = run('survival', '--history', csvFile(rows.join('\n') + '\n'), '--now', iso(now));
  assert.equal(table.code, 0);
  assert.match(table.out, /median = 1987200 s/);
});

test('survival: --category filters, and a category with no items has no median', () => {
  const all = json('survival', '--history', github, '--now', '2024-01-01T00:00:00Z');
  const actions = json('survival', '--history', github, '--category', 'Actions', '--now', '2024-01-01T00:00:00Z');
  assert.equal(all.n, 443);
  assert.ok(actions.n > 0 && actions.n < all.n);
  assert.equal(json('survival', '--history', github, '--category', 'Nope', '--now', '2024-01-01T00:00:00Z').median_s, null);
});

test('estimate: window for an open item, quantiles ordered, promise not before the median', () => {
  const out = json('estimate', '--history', github, '--category', 'Actions', '--impact', 'minor',
    '--elapsed', '1800', '--now', '2023-10-07T00:00:00Z');
  assert.deepEqual(Object.keys(out).sort(),
    ['basis', 'beyond_history', 'promise', 'remaining_p50_s', 'remaining_p80_s', 'remaining_p90_s'].sort());
  assert.ok(out.basis.n >= 20, JSON.stringify(out.basis));
  assert.ok(['category+impact+stage', 'category+impact', 'category', 'all'].includes(out.basis.level));
  assert.ok(out.remaining_p50_s <= out.remaining_p80_s && out.remaining_p80_s <= out.remaining_p90_s);
  assert.ok(out.promise.likely_s >= out.remaining_p50_s && out.promise.latest_s >= out.promise.likely_s);
  assert.equal(out.beyond_history, false);
  const far = json('estimate', '--history', github, '--category', 'Actions', '--elapsed', '400000',
    '--now', '2023-10-07T00:00:00Z');
  assert.equal(far.beyond_history, true);
  assert.ok(far.promise.latest_s >= 400000, 'widened to at least as long again');
});

test('estimate: a year with too few incidents widens to the whole history instead of refusing', () => {
  // github.csv ends on 2023-10-06: the day after, the last year holds enough incidents to use
  // alone; from late 2024 it holds too few, and the estimate comes from all 443 of them.
  const rows = readFileSync(github, 'utf8').trim().split('\n').length - 1;
  const recent = json('estimate', '--history', github, '--category', 'Nope', '--elapsed', '60', '--now', '2023-10-07T00:00:00Z');
  assert.equal(recent.basis.level, 'all');
  assert.ok(recent.basis.n >= 20 && recent.basis.n < rows, JSON.stringify(recent.basis));
  const quiet = json('estimate', '--history', github, '--category', 'Nope', '--elapsed', '60', '--now', '2025-06-01T00:00:00Z');
  assert.deepEqual(quiet.basis, { n: rows, level: 'all' });
  assert.ok(quiet.promise.latest_s >= quiet.promise.likely_s);
});

// Call Centre Helper, "Erlang C Formula – Made Simple": 200 calls/h, 180 s, 11 agents, 20 s:
// P(wait) 68.21%, service level 39.0%, ASA 122.8 s.
test('waittime: Erlang C worked example, and overload answered honestly', () => {
  const out = json('waittime', '--calls-per-hour', '200', '--handle-seconds', '180', '--agents', '11', '--target-seconds', '20');
  assert.equal(out.stable, true);
  assert.ok(Math.abs(out.traffic - 10) < 1e-9);
  assert.ok(Math.abs(out.p_wait - 0.6821) < 5e-5);
  assert.ok(Math.abs(out.service_level - 0.390) < 5e-4);
  assert.ok(Math.abs(out.asa_s - 122.8) < 0.05);
  assert.ok(out.wait_p50_s <= out.wait_p90_s);
  const over = json('waittime', '--calls-per-hour', '100', '--handle-seconds', '360', '--agents', '5', '--target-seconds', '60');
  assert.equal(over.stable, false);
  assert.equal(over.p_wait, null);
  assert.equal(over.asa_s, null);
  assert.equal(over.wait_p90_s, null);
  const queued = json('waittime', '--calls-per-hour', '100', '--handle-seconds', '360', '--agents', '5',
    '--target-seconds', '60', '--queue-length', '4');
  assert.equal(queued.stable, false);
  assert.ok(queued.wait_p90_s > queued.wait_p50_s && Number.isFinite(queued.wait_p90_s));
});

test('replay: coverage near the 90% target on the GitHub history, three methods', () => {
  const out = json('replay', '--history', github);
  assert.equal(out.items, 433);
  for (const k of ['candor', 'fixed_p90', 'median_only']) {
    assert.ok('coverage' in out[k] && 'median_width_ratio' in out[k]);
  }
  assert.ok(Math.abs(out.candor.coverage - 0.9) <= 0.03, `coverage ${out.candor.coverage}`);
  assert.ok(out.median_only.coverage < 0.6);
});

test('replay: the OpenAI history (read from ../shared, never copied)', { skip: !existsSync(openai) && 'openai.csv is absent' }, () => {
  const out = json('replay', '--history', openai);
  assert.ok(Math.abs(out.candor.coverage - 0.9) <= 0.03, `coverage ${out.candor.coverage}`);
});

test('bad input: exit 2, one line on stderr naming what and where, nothing on stdout', () => {
  expectBadInput(run('survival'), /--history is required/);
  expectBadInput(run('survival', '--history', '/nonexistent.csv'), /cannot read \/nonexistent\.csv/);
  expectBadInput(run('survival', '--history', github, '--bogus', '1'), /unknown option --bogus/);
  expectBadInput(run('estimate', '--history', github, '--category', 'API', '--elapsed', '-5'), /--elapsed must be a number from 0/);
  expectBadInput(run('estimate', '--history', github, '--category', 'API', '--elapsed', '60', '--impact', 'huge'), /--impact must be/);
  expectBadInput(run('estimate', '--history', github, '--category', 'API', '--elapsed', '60', '--now', 'yesterday'), /--now: expected an ISO-8601/);
  expectBadInput(run('waittime', '--calls-per-hour', 'ten', '--handle-seconds', '1', '--agents', '1', '--target-seconds', '1'), /--calls-per-hour must be a number/);
  expectBadInput(run('waittime', '--calls-per-hour', '1', '--handle-seconds', '1', '--agents', '1.5', '--target-seconds', '1'), /--agents must be a whole number/);
  const bad = csvFile('id,category,impact,started_at,resolved_at\na,API,minor,2026-01-01T00:00:00Z,\nb,API,severe,2026-01-01T00:00:00Z,\n');
  expectBadInput(run('replay', '--history', bad, '--json'), /line 3, column impact: expected one of none\|minor\|major\|critical/);
});
