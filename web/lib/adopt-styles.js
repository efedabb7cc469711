// A lazily loaded chunk's stylesheet, added to the document as a constructed stylesheet:
// the CSP's style-src 'self' allows no <style> element, and this needs no second request.
// Added once per text, however often it is asked for.

const adopted = new Set();

export function adoptStyles(cssText) {
  if (adopted.has(cssText)) return;
  adopted.add(cssText);
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(cssText);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
}
