// Client-side routes in the URL's fragment ("#/incident/abc"), so every link works from
// any sub-path and from plain static files, with no server rewrite rules.
// Fragments that are not routes ("#main" from the skip link) leave the page as it is.

// "case" is a customer's private case; its id is the capability token (never sent to a
// server as part of a URL a log or Referer would keep: fragments stay in the browser).
const PAGES = ['overview', 'incident', 'maintenance', 'history', 'case'];

// "#/incident/abc?x=1" -> {page: 'incident', id: 'abc', params: {x: '1'}}; null when the
// fragment is not a route; unknown pages fall back to the overview.
export function parseRoute(hash) {
  const text = String(hash ?? '').replace(/^#/, '');
  if (text === '') return { page: 'overview', id: null, params: {} };
  if (!text.startsWith('/')) return null;
  const [path, query = ''] = text.slice(1).split('?');
  const [page, id = null] = path.split('/').map(decodeURIComponent);
  const params = Object.fromEntries(new URLSearchParams(query));
  if (!PAGES.includes(page)) return { page: 'overview', id: null, params: {} };
  return { page, id: id || null, params };
}

// The link to a page: href('incident', 'abc'), href('history', null, {component: 'x'}).
export function href(page, id = null, params = {}) {
  if (page === 'overview') return '#/';
  const query = new URLSearchParams(Object.entries(params).filter(([, v]) => v != null && v !== '')).toString();
  return `#/${page}${id ? `/${encodeURIComponent(id)}` : ''}${query ? `?${query}` : ''}`;
}
