// A tiny element builder that escapes by default, and a patcher that updates the page in
// place (so a minute's re-render keeps focus, scroll and opened <details>).
// Nothing here parses HTML: strings only ever become text nodes or attribute values.

const SVG_NS = 'http://www.w3.org/2000/svg';

// h('p', {class: 'x'}, 'text', child, [more, children], null) -> HTMLElement.
// Attributes: true -> present, false/null/undefined -> absent, anything else -> String().
// Event-handler attributes are refused: the page's CSP forbids them, and data flows one way.
export function h(tag, attrs, ...children) {
  return build(document.createElement(tag), attrs, children);
}

// The same for SVG icons: s('svg', {viewBox: '0 0 16 16'}, s('path', {d: '...'})).
export function s(tag, attrs, ...children) {
  return build(document.createElementNS(SVG_NS, tag), attrs, children);
}

function build(element, attrs, children) {
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (/^on/i.test(name)) throw new Error(`render: event attribute ${name} is not allowed`);
    if (value === false || value == null) continue;
    if (name === 'href' && !safeHref(String(value))) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

function append(parent, children) {
  for (const child of children) {
    if (child == null || child === false || child === true) continue;
    if (Array.isArray(child)) append(parent, child);
    else if (child instanceof Node) parent.append(child);
    else parent.append(document.createTextNode(String(child)));
  }
}

// Relative links, http(s) and mailto only: a snapshot field must never become javascript:.
function safeHref(href) {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(href.trim());
  return !scheme || ['http', 'https', 'mailto'].includes(scheme[1].toLowerCase());
}

// Makes `target`'s children look like `next` (what h() takes as children: nodes, strings,
// nested arrays, null), reusing the nodes already there. Elements match by tag and id.
export function patch(target, next) {
  const wanted = [...build(document.createDocumentFragment(), null, [next]).childNodes];
  const current = [...target.childNodes];
  wanted.forEach((node, i) => {
    const old = current[i];
    if (old && sameKind(old, node)) {
      if (node.nodeType === Node.TEXT_NODE) {
        if (old.data !== node.data) old.data = node.data;
      } else {
        syncAttributes(old, node);
        patch(old, [...node.childNodes]);
      }
    } else if (old) {
      target.replaceChild(node, old);
    } else {
      target.append(node);
    }
  });
  for (const extra of current.slice(wanted.length)) extra.remove();
}

function sameKind(a, b) {
  if (a.nodeType !== b.nodeType) return false;
  if (a.nodeType !== Node.ELEMENT_NODE) return true;
  return a.namespaceURI === b.namespaceURI && a.localName === b.localName && a.id === b.id;
}

// `open` on <details> belongs to the reader once the element exists: never reset it.
function syncAttributes(old, node) {
  for (const { name } of [...old.attributes]) {
    if (!node.hasAttribute(name) && !(name === 'open' && old.localName === 'details')) {
      old.removeAttribute(name);
    }
  }
  for (const { name, value } of [...node.attributes]) {
    if (name === 'open' && old.localName === 'details') continue;
    if (old.getAttribute(name) !== value) old.setAttribute(name, value);
  }
}
