// The widget's data: one poller per portal (however many widgets show it) of the small view
// the core computes on the server, with the portal's own polling rules (lib/load.js: ETag,
// jitter, backoff, paused in hidden tabs). A chunk of its own (widget-feed-<hash>.js): it is
// content-hashed, so a returning reader's browser has it cached for good, and only the
// loader, which host pages link under a stable name, is revalidated on each page view.

import { startPolling } from '../lib/load.js';
import { checkWidgetView } from './view.js';

const feeds = new Map();

// listener() hears every poll's outcome; feed.data is the last good view (or null) and
// feed.state 'loading' | 'ok' | 'error'. off() stops the poller with its last listener.
export function subscribe(url, listener) {
  let feed = feeds.get(url);
  if (!feed) {
    const listeners = new Set();
    feed = { data: null, state: 'loading', listeners, notify: () => listeners.forEach((fn) => fn()) };
    feed.poller = startPolling({
      url,
      onSnapshot(text) {
        feed.data = checkWidgetView(JSON.parse(text)); // refuse (keep the last one) what we cannot show
      },
      onStatus(status) { // after every poll: times and "soon" move on even on a 304
        feed.state = status.state;
        setTimeout(feed.notify); // a task of its own, not the one that parsed the data
      },
    });
    // Notices say "in 20 minutes": redrawn at least this often, even while polls back off.
    feed.ticker = setInterval(feed.notify, 30_000);
    feeds.set(url, feed);
  }
  feed.listeners.add(listener);
  return {
    feed,
    off() {
      feed.listeners.delete(listener);
      if (!feed.listeners.size) {
        feed.poller.stop();
        clearInterval(feed.ticker);
        feeds.delete(url);
      }
    },
  };
}
