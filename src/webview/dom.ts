/**
 * Small DOM helpers of the page. Every string shown may come from a device or from Central: elements are made
 * with createElement and filled with textContent only, never from markup.
 */

/** The page's element with that id, checked to be of the expected kind (the HTML shell is src/editor/results/webviewHtml.ts). */
export function byId<T extends HTMLElement>(id: string, kind: { new (): T; prototype: T }): T {
  const el = document.getElementById(id);
  if (!(el instanceof kind)) {
    throw new Error(`the result page has no ${kind.name} #${id}`);
  }
  return el;
}

/** An element of the page by id (any kind). */
export function element(id: string): HTMLElement {
  return byId(id, HTMLElement);
}

/** A new element with a class and text. */
export function make<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className: string,
  text?: string,
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (className) {
    el.className = className;
  }
  if (text !== undefined) {
    el.textContent = text;
  }
  return el;
}

/** Appends a cell with text to a row. */
export function cell(tr: HTMLTableRowElement, text: string, className?: string): HTMLTableCellElement {
  const td = make('td', className ?? '', text);
  tr.appendChild(td);
  return td;
}
