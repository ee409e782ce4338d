// The Chronos web UI: hash routes over Chronos' REST API on the same origin.
import { fill, h, matchRoute } from '@strato/ui';
import { graphView } from './graph-view';
import { jobFormView } from './job-form-view';
import { jobView } from './job-view';
import { jobsView } from './jobs-view';
import { View } from './view-kit';

const ROUTES = ['/', '/create', '/graph', '/jobs/:name/edit', '/jobs/:name'];
const TITLES: Record<string, string> = { '/': 'Jobs', '/create': 'New job', '/graph': 'Dependency graph' };

const main = document.getElementById('view') as HTMLElement;
const status = document.getElementById('live') as HTMLElement;
let current: View | undefined;

function open(first: boolean): void {
  current?.stop();
  const route = matchRoute(location.hash, ROUTES);
  const name = route?.params.name;
  for (const link of document.querySelectorAll('header nav a')) {
    const target = link.getAttribute('href')!.slice(1);
    if (route && (route.pattern === target || (target === '/' && route.pattern.startsWith('/jobs/')))) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  document.title = `${name ?? TITLES[route?.pattern ?? ''] ?? 'Not found'} · Chronos`;
  if (!route) {
    current = undefined;
    fill(status, '');
    fill(main, h('h2', { tabindex: -1 }, 'Page not found'), h('p', null, 'No page at ', h('code', null, location.hash), '. ', h('a', { href: '#/' }, 'Back to the jobs.')));
  } else if (route.pattern === '/') current = jobsView(main, status);
  else if (route.pattern === '/create') current = jobFormView(main, status);
  else if (route.pattern === '/graph') current = graphView(main, status);
  else if (route.pattern === '/jobs/:name/edit') current = jobFormView(main, status, name);
  else current = jobView(main, status, name!);
  // After a navigation, keyboard and screen-reader users land on the new page's heading.
  if (!first) main.querySelector<HTMLElement>('h2')?.focus();
}

window.addEventListener('hashchange', () => open(false));
open(true);
