// DOM pieces shared by the master UI's pages.
import { badge, Child, getJson, h, table } from '@strato/ui';
import { BadgeKind, MasterStateJson } from './model';

/** The master's state, read from the master that served the page. */
export const loadState = (): Promise<MasterStateJson> => getJson<MasterStateJson>('master/state');

/**
 * Puts `next` in `container` unless it shows exactly what is there already: a refresh that changed
 * nothing keeps focus, selection and scroll position.
 */
export function replaceIfChanged(container: HTMLElement, next: HTMLElement): void {
  const current = container.firstElementChild;
  if (container.childElementCount === 1 && current?.isEqualNode(next)) return;
  container.replaceChildren(next);
}

/** A page: an `<article>` with an `<h2>` and its sections. */
export function page(title: string, ...children: Child[]): HTMLElement {
  return h('article', null, h('h2', null, title), ...children);
}

/** A `<section class="card">` headed by an `<h3>`. */
export function card(title: string, ...children: Child[]): HTMLElement {
  return h('section', { class: 'card', 'aria-label': title }, h('h3', null, title), ...children);
}

/** A status badge that is never broken across lines. */
export function statusBadge({ text, kind }: { text: string; kind: BadgeKind }): HTMLElement {
  const el = badge(text, kind);
  el.style.whiteSpace = 'nowrap';
  return el;
}

/** `table` whose column titles stay on one line. */
export function dataTable(...args: Parameters<typeof table>): HTMLElement {
  const el = table(...args);
  for (const th of el.querySelectorAll('th')) th.style.whiteSpace = 'nowrap';
  return el;
}

/** A big figure with a caption under it. */
export function stat(label: string, value: string, note?: string): HTMLElement {
  return h('div', { class: 'stat', 'data-stat': label.toLowerCase() }, value, h('small', null, label), note ? h('small', null, note) : null);
}

/**
 * Shown instead of a page whose data could not be read (the status line says it too). A standby master
 * sends `/master/state` to the leader, which the browser cannot follow across origins: point there.
 */
export async function errorPage(error: Error): Promise<HTMLElement> {
  const health = await getJson<{ role?: string; leader?: string | null }>('master/health').catch(() => undefined);
  const leader = health?.role === 'standby' && health.leader ? `http://${health.leader}/` : undefined;
  return page(
    'Cannot show this page',
    h('section', { class: 'card', role: 'alert' }, h('p', null, `The master's state could not be read: ${error.message}`),
      leader ? h('p', null, 'This master is a standby. The leading master is ', h('a', { href: leader }, leader), '.') : null),
  );
}
