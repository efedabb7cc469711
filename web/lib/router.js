// Client-side routes in the URL's fragment ("#/incident/abc"), so every link works from
// any sub-path and from plain static files, with no server rewrite rules.
// Fragments that are not routes ("#main" from the skip link) leave the page as it is.

// "case" is a customer's private case; its id is the capability token (never sent to a
// server as part of a URL a log or Referer would keep: fragments stay in the browser).
// "subscribe" is the form to get updates; "subscription" a subscriber's manage page and
// "subscription-confirm" the double opt-in's landing page, both keyed by a token from a mail.
const PAGES = ['overview', 'incident', 'maintenance', 'history', 'case', 'subscribe', 'subscription', 'subscription-confirm'];
// Pages whose path has more than one segment: the name in the route -> the path in the URL.
// The confirm link is #/subscription/confirm/TOKEN (the server's mails build it that way).
const PATHS = { 'subscription-confirm': 'subscription/confirm' };

// "#/incident/abc?x=1" -> {page: 'incident', id: 'abc', params: {x: '1'}}; null when the
// fragment is not a route; unknown pages fall back to the overview.
export function parseRoute(hash) {
  const text = String(hash ?? '').replace(/^#/, '');
  if (text === '') return { page: 'overview', id: null, params: {} };
  if (!text.startsWith('/')) return null;
  const [path, query = ''] = text.slice(1).split('?');
  const params = Object.fromEntries(new URLSearchParams(query));
  const nested = Object.entries(PATHS).find(([, prefix]) => path.startsWith(`${prefix}/`));
  const [page, id = null] = nested
    ? [nested[0], decodeURIComponent(path.slice(nested[1].length + 1))]
    : path.split('/').map(decodeURIComponent);
  if (!PAGES.includes(page)) return { page: 'overview', id: null, params: {} };
  return { page, id: id || null, params };
}

// The link to a page: href('incident', 'abc'), href('history', null, {component: 'x'}).
export function href(page, id = null, params = {}) {
  if (page === 'overview') return '#/';
  const query = new URLSearchParams(Object.entries(params).filter(([, v]) => v != null && v !== '')).toString();
  return `#/${PATHS[page] ?? page}${id ? `/${encodeURIComponent(id)}` : ''}${query ? `?${query}` : ''}`;
}
