// web/lib/theme.js: the WCAG 2 contrast arithmetic and the choice of header text for an
// operator's accent, against published reference ratios.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { accentColours, applyAccent, contrast } from '../../web/lib/theme.js';

test('contrast ratios match the published references', () => {
  // WCAG 2.1, "contrast ratio": black on white is the maximum, 21:1; a colour with itself is 1:1.
  assert.equal(contrast('#000000', '#ffffff'), 21);
  assert.equal(contrast('#0a5cc2', '#0a5cc2'), 1);
  // WebAIM's contrast checker: #767676 on white is 4.54:1, the lightest grey that passes AA;
  // #777777 on white is 4.47:1 (it shows two decimals, truncated), just failing.
  assert.ok(Math.abs(contrast('#767676', '#ffffff') - 4.54) < 0.01);
  assert.ok(Math.abs(contrast('#777777', '#ffffff') - 4.47) < 0.01);
  assert.equal(contrast('#ffffff', '#767676'), contrast('#767676', '#ffffff'), 'order does not matter');
});

test('an accent gets the more readable text colour, and one that reaches AA with neither is refused', () => {
  assert.deepEqual(accentColours('#0A5CC2'), { background: '#0a5cc2', text: '#ffffff' });
  assert.deepEqual(accentColours('#ffd400'), { background: '#ffd400', text: '#16202c' }, 'yellow takes dark text');
  assert.equal(accentColours('#777777'), null, '4.48:1 with white, 3.67:1 with the dark text');
  for (const bad of [null, undefined, '', 'blue', '#fff', '#12345g', 'url(x)', '#0a5cc2;color:red']) {
    assert.equal(accentColours(bad), null, JSON.stringify(bad));
  }
});

test('applyAccent sets the header\'s custom properties, and removes them when the accent goes', () => {
  const props = new Map();
  const root = { style: { setProperty: (k, v) => props.set(k, v), removeProperty: (k) => props.delete(k) } };
  applyAccent(root, '#0a5cc2');
  assert.deepEqual(Object.fromEntries(props), { '--brand-bg': '#0a5cc2', '--brand-text': '#ffffff', '--brand-focus': '#ffffff' });
  applyAccent(root, '#777777');
  assert.equal(props.size, 0);
  applyAccent(root, '#ffd400');
  applyAccent(root, null);
  assert.equal(props.size, 0);
});
