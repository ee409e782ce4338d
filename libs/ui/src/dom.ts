/** What `h` accepts as children: text is always set as text (never parsed as HTML). */
export type Child = Node | string | number | null | undefined | false | readonly Child[];

/** Attributes; `on<event>` keys add listeners, `true`/`false` set or omit boolean attributes. */
export type Attrs = Record<string, string | number | boolean | undefined | null | ((event: Event) => void)>;

/** Builds an element: `h('a', { href: '#/apps' }, 'Apps')`. Strings become text nodes, so data can hold any character. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Attrs | null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (typeof value === 'function') el.addEventListener(key.slice(2).toLowerCase(), value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el: Node, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces an element's content. */
export function fill(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  append(el, children);
}

/**
 * A table with a caption, header cells and rows; `empty` is shown in one row when there are none. It comes in a
 * `.table-wrap` box that scrolls sideways when the table is wider than the page, so the page itself never does.
 */
export function table(caption: string, headers: readonly string[], rows: readonly (readonly Child[])[], empty = 'None.'): HTMLElement {
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      null,
      h('caption', null, caption),
      h('thead', null, h('tr', null, headers.map((title) => h('th', { scope: 'col' }, title)))),
      h('tbody', null, rows.length > 0 ? rows.map((cells) => h('tr', null, cells.map((c) => h('td', null, c)))) : h('tr', null, h('td', { colspan: headers.length, class: 'empty' }, empty))),
    ),
  );
}

/** A labelled bar of used against total (a `meter`, with the figures as text beside it). */
export function bar(label: string, used: number, total: number, format: (n: number) => string = (n) => n.toFixed(1)): HTMLElement {
  const id = `bar-${label.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  const pct = total > 0 ? Math.round((used / total) * 100) : 0;
  return h(
    'div',
    { class: 'bar' },
    h('label', { for: id }, label),
    h('meter', { id, min: 0, max: total > 0 ? total : 1, value: used, high: total * 0.9 }, `${pct}%`),
    h('span', { class: 'figures' }, `${format(used)} / ${format(total)} (${pct}%)`),
  );
}

/** A short status word with a colour class (`ok`, `warn`, `bad`, `info`). */
export function badge(text: string, kind: 'ok' | 'warn' | 'bad' | 'info' = 'info'): HTMLElement {
  return h('span', { class: `badge ${kind}` }, text);
}

/** `<dl>` of term → description pairs. */
export function details(pairs: readonly (readonly [string, Child])[]): HTMLDListElement {
  return h('dl', null, pairs.map(([term, value]) => [h('dt', null, term), h('dd', null, value)]));
}

/** A labelled form field with a slot for its error (`data-field` is the API's field path). */
export function field(label: string, control: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement, hint?: string): HTMLElement {
  const name = control.name;
  control.id ||= `field-${name.replace(/[^A-Za-z0-9_-]+/g, '-')}`;
  const errorId = `${control.id}-error`;
  control.setAttribute('aria-describedby', errorId);
  return h(
    'div',
    { class: 'field', 'data-field': name },
    h('label', { for: control.id }, label),
    control,
    hint ? h('small', null, hint) : null,
    h('p', { class: 'field-error', id: errorId, role: 'alert' }),
  );
}

/**
 * Shows errors next to their fields (matched on `data-field`, the API's field path without a
 * leading `/`); the ones that match no field go to the form's general error slot. Clears old ones.
 */
export function showErrors(form: HTMLFormElement, general: string | undefined, errors: readonly { path: string; message: string }[]): void {
  for (const slot of form.querySelectorAll('.field-error, .form-error')) slot.textContent = '';
  for (const control of form.querySelectorAll('[aria-invalid]')) control.removeAttribute('aria-invalid');
  const unmatched: string[] = [];
  for (const { path, message } of errors) {
    const key = path.replace(/^\//, '').replace(/\//g, '.');
    const box = [...form.querySelectorAll<HTMLElement>('.field')].find((f) => f.dataset.field === key || (key !== '' && key.startsWith(`${f.dataset.field}.`)));
    const slot = box?.querySelector('.field-error');
    if (box && slot) {
      slot.textContent = slot.textContent ? `${slot.textContent} ${message}` : message;
      box.querySelector('input, select, textarea')?.setAttribute('aria-invalid', 'true');
    } else unmatched.push(key ? `${key}: ${message}` : message);
  }
  const generalSlot = form.querySelector('.form-error');
  if (generalSlot) generalSlot.textContent = [general, ...unmatched].filter(Boolean).join(' ');
}
