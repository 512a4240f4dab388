// Every node is built with createElement and textContent: values from the API (titles, reasons, actors, field
// values) never pass through innerHTML, so a reason such as "<img onerror=…>" shows as text and never runs.

const SVG_NS = 'http://www.w3.org/2000/svg';

const fill = (node, attrs, children) => {
  for (const [name, value] of Object.entries(attrs)) {
    if (value !== undefined && value !== null && value !== false) node.setAttribute(name, String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
  return node;
};

/** An HTML element with attributes and children (strings become text nodes). */
export const el = (tag, attrs = {}, children = []) => fill(document.createElement(tag), attrs, children);

/** The same for SVG, which needs its namespace. */
export const svg = (tag, attrs = {}, children = []) => fill(document.createElementNS(SVG_NS, tag), attrs, children);

/** `2025-01-15T10:00:00.000Z` → `2025-01-15 10:00:00`: recorded times are UTC and shown as such. */
export const utc = (iso) =>
  iso
    ? String(iso)
        .replace('T', ' ')
        .replace(/(\.\d+)?Z$/, '')
    : '';

/** A field value as an auditor reads it: null as an em dash, lists and objects as JSON. */
export const showValue = (value) => {
  if (value === null || value === undefined) return '—';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
};
