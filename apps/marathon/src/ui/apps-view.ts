// `#/`: every app with its status, instances, health and resources.
import { badge, fill, formatCpus, formatMb, getJson, h, table } from '@strato/ui';
import { liveSection, type View } from './kit';
import { API, appHref, appStatus, healthSummary, instancesText, queueByApp, sortById, STATUS_KIND, type App, type QueueItem } from './model';

export const APPS_URL = `${API}/apps?embed=apps.counts&embed=apps.deployments&embed=apps.lastTaskFailure`;

export function appsView(view: HTMLElement, status: HTMLElement): View {
  const body = h('div');
  fill(view, h('h2', null, 'Applications'), h('div', { class: 'actions' }, h('a', { href: '#/create', class: 'button' }, 'Create app')), body);
  return liveSection(body, status, async (el) => {
    const [{ apps }, { queue }] = await Promise.all([getJson<{ apps: App[] }>(APPS_URL), getJson<{ queue: QueueItem[] }>(`${API}/queue`)]);
    const queued = queueByApp(queue);
    const now = Date.now();
    const sorted = sortById(apps);
    const rows = sorted.map((app) => {
      const state = appStatus(app, queued.get(app.id), now);
      return [
        h('a', { href: appHref(app.id) }, app.id),
        badge(state, STATUS_KIND[state]),
        instancesText(app),
        healthText(app),
        formatCpus(app.cpus),
        formatMb(app.mem),
      ];
    });
    const running = apps.reduce((n, a) => n + a.tasksRunning, 0);
    const wanted = apps.reduce((n, a) => n + a.instances, 0);
    const deploying = apps.filter((a) => a.deployments.length > 0).length;
    fill(
      el,
      h(
        'div',
        { class: 'grid' },
        stat(String(apps.length), 'applications'),
        stat(`${running} / ${wanted}`, 'tasks running / wanted'),
        stat(String(deploying), 'apps deploying'),
        stat(String(queue.length), 'apps waiting to launch', '#/queue'),
      ),
      table('Applications', ['ID', 'Status', 'Running / wanted', 'Health', 'CPUs', 'Memory'], rows, 'No applications yet: create one.'),
    );
  });
}

function stat(value: string, label: string, href?: string): HTMLElement {
  return h('section', { class: 'card stat' }, value, h('small', null, href ? h('a', { href }, label) : label));
}

function healthText(app: App): HTMLElement | string {
  const health = healthSummary(app);
  if (!health) return h('span', { class: 'muted' }, 'no health checks');
  const parts: HTMLElement[] = [badge(`${health.healthy} healthy`, 'ok')];
  if (health.unhealthy > 0) parts.push(badge(`${health.unhealthy} unhealthy`, 'bad'));
  if (health.unknown > 0) parts.push(badge(`${health.unknown} unknown`, 'info'));
  return h('span', { class: 'actions' }, parts);
}
