// Elements are built with the DOM API and text nodes only: nothing from the API is ever parsed as HTML.

/**
 * h('a', { href: '#/', class: 'x', dataset: { testid: 'y' }, on: { click: fn } }, 'text', child, [children])
 * Attribute values of false/null/undefined are left out; true sets an empty attribute.
 */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'on') {
      for (const [event, handler] of Object.entries(value)) element.addEventListener(event, handler);
    } else if (name === 'dataset') {
      for (const [key, data] of Object.entries(value)) element.dataset[key] = String(data);
    } else if (name === 'class') {
      element.className = Array.isArray(value) ? value.filter(Boolean).join(' ') : value;
    } else if (name === 'text') {
      element.textContent = String(value);
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(element, children);
  return element;
}

export function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

/** A data table with a caption, column headers (scope=col) and a row header column (scope=row); rows are arrays of
 * cells (strings or nodes). */
export function table({ caption, columns, rows, testid, rowTestid, numeric = [], captionHidden = false, rowHeader = 0 }) {
  return h('div', { class: 'table-wrap' },
    h('table', { dataset: testid ? { testid } : undefined },
      h('caption', { class: captionHidden ? 'visually-hidden' : undefined }, caption),
      h('thead', {}, h('tr', {}, columns.map((c, i) => h('th', { scope: 'col', class: numeric.includes(i) ? 'num' : undefined }, c)))),
      h('tbody', {}, rows.map((row) => h('tr', { dataset: rowTestid ? { testid: rowTestid } : undefined },
        row.map((cell, i) => (i === rowHeader
          ? h('th', { scope: 'row', class: numeric.includes(i) ? 'num' : undefined }, cell)
          : h('td', { class: numeric.includes(i) ? 'num' : undefined }, cell))))))));
}

export function clear(element) {
  element.replaceChildren();
  return element;
}

/** Replaces <element>'s content with <children> (skipping null/false, which replaceChildren would write as text). */
export function fill(element, ...children) {
  element.replaceChildren();
  return append(element, children);
}
