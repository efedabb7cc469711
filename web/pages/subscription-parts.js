// Pieces the subscription views share (the subscribe form, the manage page, the case's
// opt-in): a labelled field whose error is tied to it, the "everything or a chosen few"
// component choice, and a problem line. Every error sits in an element the field names in
// aria-describedby and is always present (empty when all is well), so patch() never shifts
// the nodes under a reader's cursor.

import { h } from '../lib/render.js';

// {id, label, type, name, autocomplete, hint, error (a catalog id or null)}
export function field({ id, label, type, autocomplete, hint = null, error = null }, t) {
  const hintId = hint ? `${id}-hint` : null;
  const errorId = `${id}-error`;
  return h('div', { class: 'field', id: `${id}-field` },
    h('label', { class: 'field__label', for: id }, label),
    hint ? h('p', { class: 'field__hint', id: hintId }, hint) : null,
    h('input', {
      id, name: id, type, class: 'field__input', autocomplete, required: true, spellcheck: 'false',
      'aria-invalid': error ? 'true' : null,
      'aria-describedby': [hintId, errorId].filter(Boolean).join(' '),
    }),
    h('p', { class: 'field__error', id: errorId }, error ? t(error) : null));
}

// Everything, or only the ticked components (grouped as on the overview). `chosen`: ids
// ticked at first; `scope`: 'all' | 'some'. The inputs are named `${prefix}-scope` and
// `${prefix}-component`; the controller reads them from the form when it is sent.
export function componentChoice({ prefix, groups, scope, chosen, error }, t) {
  const errorId = `${prefix}-components-error`;
  const radio = (value, label) => h('label', { class: 'choice' },
    h('input', { type: 'radio', name: `${prefix}-scope`, value, id: `${prefix}-scope-${value}`, checked: scope === value }),
    h('span', {}, label));
  return h('fieldset', { class: 'choice-set', id: `${prefix}-components`, 'aria-describedby': errorId },
    h('legend', { class: 'field__label' }, t('subscription.components.legend')),
    radio('all', t('subscription.components.all')),
    radio('some', t('subscription.components.some')),
    h('div', { class: 'choice-set__components' }, groups.map((group, i) => h('div', {
      class: 'choice-group', role: 'group', 'aria-labelledby': `${prefix}-group-${i}`,
    },
    h('p', { class: 'choice-group__name', id: `${prefix}-group-${i}` }, group.name ?? t('components.ungrouped')),
    group.components.map((component) => h('label', { class: 'choice' },
      h('input', {
        type: 'checkbox', name: `${prefix}-component`, value: component.id,
        id: `${prefix}-component-${component.id}`, checked: chosen.includes(component.id),
      }),
      h('span', {}, component.name)))))),
    h('p', { class: 'field__error', id: errorId }, error ? t(error) : null));
}

// What went wrong on the way (not a field's fault): rate limited, unreachable, refused.
export function problemLine(id, problem, t) {
  let text = null;
  if (problem?.kind === 'limited') {
    text = problem.retryAfterS
      ? t('subscription.problem.limited', { duration: t.duration(problem.retryAfterS) })
      : t('respond.limitedSoon');
  } else if (problem?.kind === 'failed') {
    text = t('subscription.problem.failed');
  }
  return h('p', { class: 'form__problem', id, role: 'status' }, text);
}

// The language messages will be written in: the page's own, said in that language.
export function languageLine(language, names, t) {
  return h('p', { class: 'field__hint' }, t('subscription.language', { language: names[language] ?? language }));
}
