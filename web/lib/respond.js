// What a reader tells us ("I'm affected too", "how did we do?"): sent once through
// lib/load.js and remembered in localStorage per incident or case, so a reload does not ask
// again; the transient states (sending, rate limited, failed) live here for the pages.

import { postJson } from './load.js';

const STORAGE_PREFIX = 'candor.said.';
const transient = new Map(); // key -> {state: 'sending'|'limited'|'failed', retryAfterS}
const remembered = new Map(); // key -> value, when localStorage is not available

// {state: 'idle'|'sending'|'limited'|'failed'|'done', value, retryAfterS}; `value` is what
// was remembered (a rating), null when the server said it already had it.
export function stateOf(key) {
  const stored = remembered.has(key) ? remembered.get(key) : readStored(key);
  if (stored !== undefined) return { state: 'done', value: stored };
  return transient.get(key) ?? { state: 'idle' };
}

// POSTs `body` to `url` (relative to the page) unless it is already on its way or done;
// onChange() runs after every change of state, to re-render.
export async function send(key, url, body, remember, onChange) {
  const now = stateOf(key).state;
  if (now === 'sending' || now === 'done') return;
  transient.set(key, { state: 'sending' });
  onChange();
  try {
    const { status, retryAfterS } = await postJson(url, body);
    if (status >= 200 && status < 300) {
      store(key, remember);
      transient.delete(key);
    } else if (status === 409) {
      store(key, null); // the server already has it (feedback is once per case)
      transient.delete(key);
    } else if (status === 429) {
      transient.set(key, { state: 'limited', retryAfterS });
    } else {
      transient.set(key, { state: 'failed' });
    }
  } catch {
    transient.set(key, { state: 'failed' }); // offline or the server is away: the reader may retry
  }
  onChange();
}

function readStored(key) {
  try {
    const text = localStorage.getItem(STORAGE_PREFIX + key);
    return text == null ? undefined : JSON.parse(text);
  } catch {
    return undefined; // storage disabled or unreadable: ask again, the server copes
  }
}

function store(key, value) {
  remembered.set(key, value);
  try {
    localStorage.setItem(STORAGE_PREFIX + key, JSON.stringify(value));
  } catch {
    // not remembered across reloads, but the thanks still shows in this one
  }
}
