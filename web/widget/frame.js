// mode="live": the portal's own page (embed.html) in an iframe of the portal's origin, where
// the wasm core may run under the portal's policy rather than the host's. A chunk of its own
// (widget-frame-<hash>.js), pulled only by a live widget. The frame says how tall its
// content is by postMessage; only messages from that very frame and the portal's origin are
// believed, and the height goes into a stylesheet (the widget's), never a style attribute.

// The frame takes the width it is given and the height it tells (the widget's own sheet). The
// portal's page inside follows the reader's light/dark setting, as the portal does.
export const css = 'iframe{display:block;width:100%;height:0;border:0}';

export function mountFrame(root, base, onHeight) {
  const frame = document.createElement('iframe');
  // Scripts for the core; same-origin so it reads its own origin's data; popups so its links
  // open the portal in a new tab. No top navigation, no forms: it cannot touch the host.
  frame.setAttribute('sandbox', 'allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox');
  frame.referrerPolicy = 'no-referrer';
  const onMessage = (event) => {
    const height = event.data?.candorHeight;
    if (event.source === frame.contentWindow && event.origin === base.origin && height >= 0) onHeight(height);
  };
  window.addEventListener('message', onMessage);
  return {
    // What embed.html shows comes in its fragment; our origin is where it may tell its height.
    show({ lang, components, title }) {
      const src = new URL(`embed.html#${new URLSearchParams({ lang, components, origin: location.origin })}`, base).href;
      if (frame.src !== src) frame.src = src;
      frame.title = title;
      if (frame.parentNode !== root) root.replaceChildren(frame);
    },
    remove() {
      window.removeEventListener('message', onMessage);
      frame.remove();
    },
  };
}
