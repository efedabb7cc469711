// The entry of build/web/widget.js (a classic script, bundled as an IIFE so it adds no
// globals): notes where it was loaded from, so data and links resolve against the portal's
// origin and sub-path rather than the host page's, then defines <candor-status>.

import { CandorStatus } from './candor-status.js';

try {
  // Only set while this script first runs; null when bundled into someone's module, where
  // the element's portal="…" attribute says where the portal is instead.
  const src = document.currentScript?.src;
  if (src) CandorStatus.base = new URL('.', src).href;
  CandorStatus.define();
} catch {
  // a host without custom elements (or a second definition) must not see an error
}
