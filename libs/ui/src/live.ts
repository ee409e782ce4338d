import { fill, h } from './dom';

/**
 * Re-renders a view every `intervalMs` while the tab is visible, and shows in `status` (an
 * `aria-live` element) when the data was last refreshed or why it could not be. `render` gets the
 * container and must fill it; a view change calls `stop()` on the previous one.
 */
export function live(container: HTMLElement, status: HTMLElement, render: (el: HTMLElement) => Promise<void>, intervalMs = 2_000): { stop: () => void; refresh: () => Promise<void> } {
  let stopped = false;
  let timer: number | undefined;
  const refresh = async (): Promise<void> => {
    window.clearTimeout(timer);
    try {
      await render(container);
      if (!stopped) fill(status, `Updated ${new Date().toLocaleTimeString()}`);
      status.classList.remove('bad');
    } catch (error) {
      if (stopped) return;
      fill(status, h('strong', null, 'Not refreshed: '), (error as Error).message);
      status.classList.add('bad');
    }
    if (!stopped) timer = window.setTimeout(() => void refresh(), intervalMs);
  };
  void refresh();
  return {
    stop: () => {
      stopped = true;
      window.clearTimeout(timer);
    },
    refresh,
  };
}

/** A hash route: `#/apps/:id` → `{ id }` for the first pattern that matches. */
export function matchRoute(hash: string, patterns: readonly string[]): { pattern: string; params: Record<string, string> } | undefined {
  const path = hash.replace(/^#/, '') || '/';
  for (const pattern of patterns) {
    const names: string[] = [];
    const re = new RegExp(`^${pattern.replace(/\/:([A-Za-z]+)(\*)?/g, (_m, name: string, rest?: string) => (names.push(name), rest ? '/(.+)' : '/([^/]+)'))}$`);
    const m = re.exec(path);
    if (m) return { pattern, params: Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1])])) };
  }
  return undefined;
}
