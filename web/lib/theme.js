// The operator's accent colour, applied to the page header through CSSOM custom properties
// (the CSP forbids style="" attributes; setting properties from script is allowed). The
// header's text is white or near-black, whichever reads better on the accent; an accent on
// which neither reaches WCAG AA (4.5:1) is ignored and the default look stays.

const TEXT_COLOURS = ['#ffffff', '#16202c'];
const AA = 4.5;

// WCAG 2.x relative luminance of "#rrggbb" (https://www.w3.org/TR/WCAG21/#dfn-relative-luminance).
export function luminance(hex) {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
    .map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

// WCAG 2.x contrast ratio (https://www.w3.org/TR/WCAG21/#dfn-contrast-ratio), 1 to 21.
export function contrast(a, b) {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

// {background, text} for an accent, or null when it is absent, malformed or unreadable.
export function accentColours(accent) {
  if (typeof accent !== 'string' || !/^#[0-9a-f]{6}$/i.test(accent)) return null;
  const text = TEXT_COLOURS.reduce((best, c) => (contrast(accent, c) > contrast(accent, best) ? c : best));
  return contrast(accent, text) >= AA ? { background: accent.toLowerCase(), text } : null;
}

// Sets (or, with no usable accent, removes) the header's colours on `root`'s style.
export function applyAccent(root, accent) {
  const colours = accentColours(accent);
  if (colours) {
    root.style.setProperty('--brand-bg', colours.background);
    root.style.setProperty('--brand-text', colours.text);
    root.style.setProperty('--brand-focus', colours.text); // the focus ring, as readable as the text
  } else {
    for (const name of ['--brand-bg', '--brand-text', '--brand-focus']) root.style.removeProperty(name);
  }
}
