// Small DOM helpers shared by the Chronos views (built on @strato/ui).
import { ApiError, Child, fill, h } from '@strato/ui';

/** What a view hands back to the router: stopped when the route changes. */
export interface View {
  stop(): void;
}

/** The message of an API error (Chronos' `{message, status}`), else the error's own. */
export function messageOf(error: unknown): string {
  if (error instanceof ApiError) {
    const body = error.body as { message?: unknown } | undefined;
    return typeof body?.message === 'string' ? body.message : error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

/** An error box (never a blank page). */
export function errorBox(title: string, error: unknown): HTMLElement {
  return h('p', { class: 'form-error', role: 'alert' }, h('strong', null, `${title}: `), messageOf(error));
}

/**
 * Wraps a `live` render: when the first load fails the container shows the error (later failures keep the
 * last data; `live` reports them in the header). The error is re-thrown for `live`'s status line.
 */
export function guarded(what: string, render: (el: HTMLElement) => Promise<void>): (el: HTMLElement) => Promise<void> {
  let loaded = false;
  return async (el) => {
    try {
      await render(el);
      loaded = true;
    } catch (error) {
      if (!loaded) fill(el, errorBox(`Could not load ${what}`, error));
      throw error;
    }
  };
}

const focusKey = (el: Element): string => `${el.tagName}|${el.getAttribute('href') ?? ''}|${el.getAttribute('name') ?? ''}|${el.textContent ?? ''}`;

/** `fill`, keeping keyboard focus on the same link or button across a live re-render. */
export function refill(el: HTMLElement, ...children: Child[]): void {
  const active = document.activeElement;
  const key = active && active !== el && el.contains(active) ? focusKey(active) : undefined;
  fill(el, ...children);
  if (key === undefined) return;
  const again = [...el.querySelectorAll<HTMLElement | SVGElement>('a, button, input, select, textarea, [tabindex]')].find((c) => focusKey(c) === key);
  again?.focus();
}

/** A link to a job's page. */
export function jobLink(name: string, text: Child = name): HTMLAnchorElement {
  return h('a', { href: `#/jobs/${encodeURIComponent(name)}` }, text);
}
