// web/pages/parts.js's choices that need no DOM: which "why this estimate?" text a basis gets.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import { basisWhyKey } from '../../web/pages/parts.js';
import { createTranslator } from '../../web/lib/i18n.js';

const en = createTranslator({
  locale: 'en',
  messages: JSON.parse(readFileSync(new URL('../../web/i18n/en.json', import.meta.url), 'utf8')),
  timeZone: 'UTC',
});

test('"all" incidents are the last year\'s, unless the core widened to the whole record', () => {
  const says = (basis) => en(basisWhyKey(basis), { count: basis.n, category: 'API' });
  assert.match(says({ n: 48, level: 'all', lookback_days: 365 }), /all 48 incidents from the last year/);
  assert.match(says({ n: 130, level: 'all', lookback_days: 0 }), /all 130 incidents we have on record/);
  assert.doesNotMatch(says({ n: 130, level: 'all', lookback_days: 0 }), /last year/);
  // The narrower levels name no window, so a widened one reads the same.
  assert.equal(basisWhyKey({ n: 30, level: 'category', lookback_days: 0 }), 'incident.why.basis.category');
  assert.equal(basisWhyKey({ n: 30, level: 'category+impact', lookback_days: 365 }), 'incident.why.basis.category+impact');
});
