// The case page's view model through wasm/candor.js: a case document in, the view out,
// and a rejected case arriving as a CandorError naming its JSON pointer.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { CandorError } from '../../wasm/candor.js';
import { loadBuiltCore, missingCore } from './helper.mjs';

// What GET /api/v1/cases/{token}.json returns (server-stub/customer_api.cpp, encode_case).
const caseDoc = {
  id: 'case00000001',
  customer_name: 'Ada Lovelace',
  title: 'Invoice shows the wrong VAT',
  category: 'Billing',
  stage: 'waiting_on_customer',
  opened_at: '2026-03-02T09:00:00.000Z',
  updated_at: '2026-03-02T11:00:00.000Z',
  resolved_at: null,
  next_follow_up_at: '2026-03-02T12:00:00.000Z',
  waiting_on_customer_for: 'a copy of the invoice',
  updates: [
    { id: 'cu1', stage: 'received', body: 'We have received your request.', created_at: '2026-03-02T09:00:00.000Z' },
    { id: 'cu2', stage: 'waiting_on_customer', body: 'Could you send us the invoice?', created_at: '2026-03-02T11:00:00.000Z' },
  ],
  promise: {
    published_at: '2026-03-02T09:00:00.000Z', likely_at: '2026-03-02T13:00:00.000Z',
    latest_at: '2026-03-02T15:00:00.000Z', stage: 'investigating', basis_n: 25,
    basis_level: 'category', revision: 0, missed_latest_at: null,
  },
};

const missing = missingCore();
if (missing) {
  test('the wasm core is built', () => assert.fail(missing));
} else {
  const core = await loadBuiltCore();

  test('caseViewModel: the pipeline, what we wait for, the late follow-up and the missed promise', () => {
    const now = Date.parse('2026-03-02T15:20:00.000Z');
    const doc = JSON.parse(core.caseViewModel(JSON.stringify(caseDoc), now));
    assert.equal(doc.now, '2026-03-02T15:20:00.000Z');
    const v = doc.case;
    assert.equal(v.id, 'case00000001');
    assert.deepEqual(v.stages.map((s) => `${s.stage}:${s.state}`),
      ['received:done', 'investigating:done', 'waiting_on_customer:now', 'in_progress:next', 'resolved:next']);
    assert.equal(v.waiting_on_customer_for, 'a copy of the invoice');
    assert.deepEqual(v.updates.map((u) => u.id), ['cu2', 'cu1']);
    // Follow-up due 12:00, now 15:20: late by 3 h 20 min. Promise latest 15:00: missed by 20 min.
    assert.deepEqual(v.next_follow_up, { at: '2026-03-02T12:00:00.000Z', late: true, late_by_s: 12000 });
    assert.equal(v.promise.missed, true);
    assert.equal(v.promise.missed_by_s, 1200);
    assert.equal(v.estimate, null);
    assert.equal(v.feedback_allowed, false);
  });

  test('caseViewModel: a resolved case allows feedback', () => {
    const resolved = { ...caseDoc, stage: 'resolved', resolved_at: '2026-03-02T14:00:00.000Z', waiting_on_customer_for: null };
    const v = JSON.parse(core.caseViewModel(JSON.stringify(resolved), Date.parse('2026-03-05T00:00:00Z'))).case;
    assert.equal(v.feedback_allowed, true);
    assert.equal(v.promise.missed, false); // resolved at 14:00, before the latest 15:00
    assert.equal(v.next_follow_up, null);
  });

  test('caseViewModel: a bad case is a CandorError naming the field', () => {
    const bad = { ...caseDoc, stage: 'sleeping' };
    assert.throws(() => core.caseViewModel(JSON.stringify(bad), 0), (error) => {
      assert.ok(error instanceof CandorError);
      assert.equal(error.code, 'invalid_value');
      assert.equal(error.path, '/stage');
      return true;
    });
    assert.throws(() => core.caseViewModel('{', 0), (error) => error instanceof CandorError && error.code === 'parse_error');
    assert.throws(() => core.caseViewModel(caseDoc, 0), TypeError);
    assert.throws(() => core.caseViewModel('{}', Number.NaN), TypeError);
  });
}
