// How widget.js pulls the rest of the widget (a language's catalog, the banner/toast code)
// only when a reader needs it, from the portal's origin, under the host page's strict CSP
// and without globals. Each chunk is a classic script (script-src already allows the portal,
// and unlike import() it needs no CORS headers on static files); it hands its exports to the
// loader as an event on its own <script> element, so nothing is left on `window`.

const EVENT = 'candor-chunk';
const pending = new Map(); // url -> Promise of the chunk's exports

// In a chunk: hand `exports` to whoever inserted this script.
export function provide(exports) {
  document.currentScript?.dispatchEvent(new CustomEvent(EVENT, { detail: exports }));
}

// In the loader: the chunk at `url`, loaded once per page however many widgets ask. A failed
// load is forgotten, so the next poll tries again.
export function loadChunk(url) {
  let chunk = pending.get(url);
  if (!chunk) {
    const script = document.createElement('script');
    chunk = new Promise((resolve, reject) => {
      script.src = url;
      script.async = true;
      script.addEventListener(EVENT, (event) => resolve(event.detail));
      // 'load' comes after the script ran: resolved by then unless it was not one of ours.
      script.addEventListener('load', reject);
      script.addEventListener('error', reject); // the event says which script
      document.head.append(script);
    }).finally(() => script.remove()); // the host's DOM keeps no trace of it
    chunk.catch(() => pending.delete(url));
    pending.set(url, chunk);
  }
  return chunk;
}
