// Status icons: each status has its own shape as well as its own colour, so colour is
// never the only signal. Decorative (aria-hidden): the status text always sits beside them.

import { s } from './render.js';

// Marks drawn over a filled disc (or triangle), in the surface colour.
const MARKS = {
  operational: 'M4.6 8.3l2.2 2.2 4.6-4.8', // check
  partial_outage: 'M4.5 8h7', // minus
  major_outage: 'M5.4 5.4l5.2 5.2M10.6 5.4l-5.2 5.2', // cross
  under_maintenance: 'M8 4.3V8l2.6 1.6', // clock hands
  open: 'M4.6 8.3l2.2 2.2 4.6-4.8',
  closed: 'M4.5 8h7',
};

export function statusIcon(status, className = 'icon') {
  const attrs = { class: className, viewBox: '0 0 16 16', 'aria-hidden': 'true', focusable: 'false' };
  if (status === 'degraded_performance') {
    // A warning triangle with "!", the one non-round shape.
    return s('svg', attrs,
      s('path', { class: 'icon__shape', d: 'M8 1.2 15.2 14.3H.8Z' }),
      s('path', { class: 'icon__mark', d: 'M8 6v3.8M8 11.9v.2' }));
  }
  return s('svg', attrs,
    s('circle', { class: 'icon__shape', cx: 8, cy: 8, r: 7.5 }),
    s('path', { class: 'icon__mark', d: MARKS[status] ?? MARKS.closed }));
}

// Outline pictograms for support channel kinds, drawn in the text colour.
const CHANNEL_PATHS = {
  chat: 'M2.5 3.5h11v7h-6l-3 2.5v-2.5h-2z',
  phone: 'M4.2 1.8l2 .3.8 3-1.5 1.2a8 8 0 0 0 4.2 4.2L10.9 9l3 .8.3 2-1.6 2.2C6.9 14 2 9.1 2 3.4z',
  email: 'M1.8 3.5h12.4v9H1.8zM1.8 4l6.2 4.8L14.2 4',
  form: 'M3.5 1.8h6.5l2.5 2.5v9.9h-9zM5.5 7h5M5.5 9.5h5M5.5 12h3',
};

export function channelIcon(kind, className = 'icon icon--channel') {
  return s('svg', { class: className, viewBox: '0 0 16 16', 'aria-hidden': 'true', focusable: 'false' },
    s('path', { class: 'icon__outline', d: CHANNEL_PATHS[kind] ?? CHANNEL_PATHS.form }));
}
