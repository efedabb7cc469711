// The wasm core as the browser gets it, driven through wasm/candor.js under Node:
// the golden view model byte for byte, and error values arriving as CandorError.

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import { CandorError, loadCore } from '../../wasm/candor.js';
import { loadBuiltCore, missingCore, parseNow, root } from './helper.mjs';

const golden = join(root, 'tests', 'data', 'golden');
const goldenFile = (name) => join(golden, name);
const goldenFiles = ['snapshot.json', 'now.txt', 'view_model.json'];
const missingGolden = goldenFiles.filter((name) => !existsSync(goldenFile(name)));
const skipGolden = missingGolden.length
  ? `golden files absent: tests/data/golden/${missingGolden.join(', ')} (the lead writes them)`
  : false;
const skipSnapshot = existsSync(goldenFile('snapshot.json')) ? false : 'tests/data/golden/snapshot.json is absent';

const missing = missingCore();
if (missing) {
  test('the wasm core is built', () => assert.fail(missing));
} else {
  const core = await loadBuiltCore();

  test('loadCore is memoised: one instance per realm', async () => {
    assert.equal(await loadCore(), core);
    assert.equal(await loadBuiltCore(), core);
  });

  test('golden: viewModel(now) of the golden snapshot equals view_model.json byte for byte', { skip: skipGolden }, () => {
    const snapshot = readFileSync(goldenFile('snapshot.json'), 'utf8');
    const now = parseNow(readFileSync(goldenFile('now.txt'), 'utf8'));
    const expected = readFileSync(goldenFile('view_model.json'), 'utf8');
    core.loadSnapshot(snapshot);
    const actual = core.viewModel(now);
    // A file written by a shell redirect may end with one newline; the core's output does not.
    assert.equal(actual, expected.endsWith('\n') && !actual.endsWith('\n') ? expected.slice(0, -1) : expected);
    JSON.parse(actual); // and it is JSON
  });

  test('bad JSON is a CandorError parse_error at the root', () => {
    assert.throws(() => core.loadSnapshot('{"version": 1,'), (error) => {
      assert.ok(error instanceof CandorError, `expected CandorError, got ${error}`);
      assert.ok(error instanceof Error);
      assert.equal(error.name, 'CandorError');
      assert.equal(error.code, 'parse_error');
      assert.equal(error.path, '');
      assert.match(error.detail, /\S/);
      return true;
    });
  });

  test('a wrong-typed field is a CandorError wrong_type naming its JSON pointer', { skip: skipSnapshot }, () => {
    const snapshot = JSON.parse(readFileSync(goldenFile('snapshot.json'), 'utf8'));
    assert.ok(snapshot.components.length > 0, 'the golden snapshot has components');

    const topLevel = structuredClone(snapshot);
    topLevel.version = 'seven';
    assert.throws(() => core.loadSnapshot(JSON.stringify(topLevel)), { name: 'CandorError', code: 'wrong_type', path: '/version' });

    const nested = structuredClone(snapshot);
    nested.components[1].name = 42;
    assert.throws(() => core.loadSnapshot(JSON.stringify(nested)), { name: 'CandorError', code: 'wrong_type', path: '/components/1/name' });
  });

  test('arguments of the wrong JS type are TypeErrors, not Embind BindingErrors', () => {
    assert.throws(() => core.loadSnapshot({}), TypeError);
    assert.throws(() => core.viewModel('now'), TypeError);
    assert.throws(() => core.viewModel(Number.NaN), TypeError);
  });

  test('after a refused snapshot the golden one still loads and renders', { skip: skipSnapshot }, () => {
    assert.throws(() => core.loadSnapshot('not json'), CandorError);
    core.loadSnapshot(readFileSync(goldenFile('snapshot.json'), 'utf8'));
    const view = JSON.parse(core.viewModel(Date.parse('2026-03-04T14:07:30.000Z')));
    assert.equal(view.page.id, JSON.parse(readFileSync(goldenFile('snapshot.json'), 'utf8')).page.id);
  });
}
