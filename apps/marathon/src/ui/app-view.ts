// `#/apps/<id>`: one app's actions, status, tasks, versions and configuration.
import { ApiError, badge, details, field, fill, formatCpus, formatMb, formatTime, getJson, h, request, table } from '@strato/ui';
import { act, errorText, liveSection, notice, type View } from './kit';
import { API, appStatus, appUrl, definitionOf, instancesText, queueByApp, STATUS_KIND, taskHealth, type App, type QueueItem } from './model';
import { versionsSection } from './versions';

export function appView(view: HTMLElement, status: HTMLElement, id: string): View {
  const out = notice();
  const instances = h('input', { type: 'number', name: 'instances', min: 0, step: 1, inputmode: 'numeric', required: true });
  let edited = false;
  instances.addEventListener('input', () => (edited = true));
  const scale = h(
    'form',
    { class: 'actions', 'aria-label': 'Scale', novalidate: true },
    field('Instances', instances),
    h('button', { type: 'submit' }, 'Scale'),
  );
  const reload = (): void => void handle.refresh();
  scale.addEventListener('submit', (event) => {
    event.preventDefault();
    const n = Number(instances.value);
    const button = scale.querySelector('button') ?? undefined;
    void act(out, button, `Scale to ${instances.value}`, (force) => request('PUT', `${appUrl(id)}?force=${force}`, { instances: instances.value.trim() === '' || !Number.isFinite(n) ? instances.value : n }), reload);
  });
  const button = (label: string, cls: string, onclick: (b: HTMLButtonElement) => void): HTMLButtonElement =>
    h('button', { type: 'button', class: cls, onclick: (e: Event) => onclick(e.currentTarget as HTMLButtonElement) }, label);
  const actions = h(
    'div',
    { class: 'actions', role: 'group', 'aria-label': 'App actions' },
    button('Restart', 'secondary', (b) => void act(out, b, 'Restart', (force) => request('POST', `${appUrl(id, '/restart')}?force=${force}`), reload)),
    button('Suspend', 'secondary', (b) => {
      edited = false;
      void act(out, b, 'Suspend', (force) => request('PUT', `${appUrl(id)}?force=${force}`, { instances: 0 }), reload);
    }),
    button('Destroy', 'danger', (b) => {
      if (!window.confirm(`Destroy ${id}? Its tasks are killed and its definition is removed.`)) return;
      // No refresh may ask for the app while (or after) it is deleted: that would only log a 404.
      void handle.pause().then(() =>
        act(out, b, `Destroy ${id}`, () => request('DELETE', appUrl(id)), () => (location.hash = '#/')).finally(() => {
          if (location.hash !== '#/') handle.resume();
        }),
      );
    }),
  );
  const body = h('div');
  const versions = versionsSection(id, reload);
  fill(view, h('h2', null, id), h('section', { class: 'card', 'aria-label': 'Actions' }, scale, actions, out), body);

  const handle = liveSection(body, status, async (el) => {
    let app: App;
    let queue: QueueItem[];
    try {
      [{ app }, { queue }] = await Promise.all([getJson<{ app: App }>(appUrl(id)), getJson<{ queue: QueueItem[] }>(`${API}/queue`)]);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) {
        return fill(el, h('p', { class: 'form-error', role: 'alert' }, errorText(error), ' ', h('a', { href: '#/' }, 'Back to the applications')));
      }
      throw error;
    }
    if (!edited && document.activeElement !== instances) instances.value = String(app.instances);
    const entry = queueByApp(queue).get(app.id);
    const state = appStatus(app, entry, Date.now());
    fill(
      el,
      h('section', { class: 'card' }, h('h3', null, 'Status'), summary(app, state, entry)),
      tasksTable(app),
      await versions.render(app.version),
      h('section', { class: 'card' }, h('h3', null, 'Configuration'), h('pre', { 'aria-label': 'App definition (JSON)', tabindex: 0 }, JSON.stringify(definitionOf(app), null, 2))),
    );
  });
  return handle;
}

function summary(app: App, state: keyof typeof STATUS_KIND, entry: QueueItem | undefined): HTMLElement {
  const failure = app.lastTaskFailure;
  return details([
    ['Status', badge(state, STATUS_KIND[state])],
    ['Running / wanted', instancesText(app)],
    ['Healthy / unhealthy', (app.healthChecks?.length ?? 0) > 0 ? `${app.tasksHealthy} / ${app.tasksUnhealthy}` : 'no health checks'],
    ['Command', app.cmd ? h('code', null, app.cmd) : '—'],
    ['Resources', `${formatCpus(app.cpus)} CPUs, ${formatMb(app.mem)}`],
    ['Version', formatTime(app.version)],
    ['Deployments', app.deployments.length > 0 ? h('a', { href: '#/deployments' }, app.deployments.map((d) => d.id).join(', ')) : 'none'],
    ['Launch queue', entry ? h('a', { href: '#/queue' }, `${entry.count} to launch`) : 'not queued'],
    ['Last task failure', failure ? `${formatTime(failure.timestamp)} ${failure.state ?? ''} on ${failure.host ?? '?'}: ${failure.message ?? ''}` : 'none'],
  ]);
}

function tasksTable(app: App): HTMLElement {
  const rows = (app.tasks ?? []).map((t) => [h('code', null, t.id), t.host, t.ports.join(', ') || '—', t.state, formatTime(t.startedAt ?? t.stagedAt), taskHealth(t)]);
  return table(`Tasks (${rows.length})`, ['ID', 'Host', 'Ports', 'State', 'Started', 'Health'], rows, 'No tasks.');
}
