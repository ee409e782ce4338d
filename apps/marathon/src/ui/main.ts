// The Marathon web UI: hash routes under /ui/, each a view that refreshes itself from the REST API.
import { fill, h, matchRoute } from '@strato/ui';
import { appView } from './app-view';
import { appsView } from './apps-view';
import { createView } from './create-view';
import { deploymentsView } from './deployments-view';
import type { View } from './kit';
import { queueView } from './queue-view';

const ROUTES = ['/', '/apps/:id*', '/create', '/deployments', '/queue'];

let current: View | undefined;

function show(): void {
  current?.stop();
  current = undefined;
  const view = document.getElementById('view') as HTMLElement;
  const status = document.getElementById('live') as HTMLElement;
  fill(status);
  status.classList.remove('bad');
  const route = matchRoute(location.hash, ROUTES);
  const section = route?.pattern === '/apps/:id*' ? '/' : (route?.pattern ?? '');
  for (const link of document.querySelectorAll<HTMLAnchorElement>('header.top nav a')) {
    if (link.getAttribute('href') === `#${section}`) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  switch (route?.pattern) {
    case '/':
      current = appsView(view, status);
      break;
    case '/apps/:id*':
      current = appView(view, status, `/${route.params.id.replace(/^\/+|\/+$/g, '')}`);
      break;
    case '/create':
      current = createView(view);
      break;
    case '/deployments':
      current = deploymentsView(view, status);
      break;
    case '/queue':
      current = queueView(view, status);
      break;
    default:
      fill(view, h('h2', null, 'Page not found'), h('p', null, 'There is no page at ', h('code', null, location.hash), '. ', h('a', { href: '#/' }, 'Back to the applications')));
  }
  document.title = `${view.querySelector('h2')?.textContent ?? 'Marathon'} · Marathon · Strato`;
}

window.addEventListener('hashchange', show);
show();
