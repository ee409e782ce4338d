// The master's web UI: hash routes over `/master/state`, re-read every 2 s. Each refresh first asks this
// master's own `/health`: a master that does not lead shows who does and sends the browser there.
import { h, live, matchRoute } from '@strato/ui';
import { agentPage, agentsPage } from './agents';
import { errorPage, loadState, page, replaceIfChanged } from './common';
import { frameworksPage } from './frameworks';
import { checkLeader, LeaderBanner, NotLeaderError } from './leader-banner';
import { MasterStateJson } from './model';
import { overviewPage } from './overview';
import { tasksPage } from './tasks';

type PageOf = (state: MasterStateJson, params: Record<string, string>) => HTMLElement;

const ROUTES: Record<string, { nav: string; title: string; render: PageOf }> = {
  '/': { nav: '#/', title: 'Overview', render: (s) => overviewPage(s) },
  '/agents': { nav: '#/agents', title: 'Agents', render: (s) => agentsPage(s) },
  '/agents/:id': { nav: '#/agents', title: 'Agent', render: (s, p) => agentPage(s, p.id) },
  '/frameworks': { nav: '#/frameworks', title: 'Frameworks', render: (s) => frameworksPage(s) },
  '/tasks': { nav: '#/tasks', title: 'Tasks', render: (s) => tasksPage(s) },
};

const view = document.getElementById('view')!;
const status = document.getElementById('live')!;
const banner = new LeaderBanner(document.getElementById('leader-status')!);
let current: { stop: () => void } | undefined;
/** Bumped on each route change, so an answer for the previous page is dropped. */
let shown = 0;

function show(): void {
  current?.stop();
  const token = ++shown;
  const match = matchRoute(location.hash, Object.keys(ROUTES));
  const route = match && ROUTES[match.pattern];
  for (const link of document.querySelectorAll('header nav a')) {
    if (link.getAttribute('href') === (route?.nav ?? '')) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  if (!match || !route) {
    document.title = 'Not found · Strato master';
    view.replaceChildren(page('Page not found', `There is no page at ${location.hash}.`));
    current = undefined;
    void checkLeader().then((plan) => token === shown && banner.show(plan));
    return;
  }
  document.title = `${route.title} · Strato master`;
  view.replaceChildren();
  current = live(view, status, async (el) => {
    // Not `/master/state` first: a standby answers it with a redirect the browser cannot follow across origins.
    const plan = await checkLeader();
    if (token !== shown) return;
    banner.show(plan);
    if (plan.kind !== 'serve') {
      replaceIfChanged(el, page('Not the leading master', h('p', null, 'Only the leading master shows the cluster; see above.')));
      throw new NotLeaderError(plan);
    }
    let state: MasterStateJson;
    try {
      state = await loadState();
    } catch (error) {
      // Keep the last data on a passing failure; show why when there is nothing to show yet.
      if (el.childElementCount === 0) {
        const shownError = await errorPage(error as Error);
        if (token === shown) replaceIfChanged(el, shownError);
      }
      throw error;
    }
    if (token === shown) replaceIfChanged(el, route.render(state, match.params));
  });
}

window.addEventListener('hashchange', show);
show();
