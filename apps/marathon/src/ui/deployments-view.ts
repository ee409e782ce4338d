// `#/deployments`: running deployments, with Rollback (a deployment back to the old state) and Stop (force).
import { fill, formatTime, getJson, h, request, table } from '@strato/ui';
import { act, liveSection, notice, type View } from './kit';
import { API, appHref } from './model';

interface Deployment {
  readonly id: string;
  readonly version: string;
  readonly affectedApps: readonly string[];
  readonly currentStep: number;
  readonly totalSteps: number;
  readonly currentActions: readonly { action: string; app: string }[];
}

export function deploymentsView(view: HTMLElement, status: HTMLElement): View {
  const out = notice();
  const body = h('div');
  fill(
    view,
    h('h2', null, 'Deployments'),
    h('p', { class: 'muted' }, 'Rollback starts a deployment back to the state before this one; Stop ends it where it is (force).'),
    out,
    body,
  );
  const handle = liveSection(body, status, async (el) => {
    const deployments = await getJson<Deployment[]>(`${API}/deployments`);
    const url = (d: Deployment): string => `${API}/deployments/${encodeURIComponent(d.id)}`;
    const rows = [...deployments]
      .sort((a, b) => a.version.localeCompare(b.version))
      .map((d) => [
        h('code', null, d.id),
        d.affectedApps.map((app, i) => [i > 0 ? ', ' : '', h('a', { href: appHref(app) }, app)]),
        `step ${d.currentStep} of ${d.totalSteps}`,
        d.currentActions.map((a) => `${a.action} ${a.app}`).join(', ') || '—',
        formatTime(d.version),
        h(
          'div',
          { class: 'actions' },
          h('button', { type: 'button', class: 'secondary', onclick: (e: Event) => void act(out, e.currentTarget as HTMLButtonElement, `Rollback ${d.id}`, () => request('DELETE', url(d)), () => void handle.refresh()) }, 'Rollback'),
          h('button', { type: 'button', class: 'danger', onclick: (e: Event) => void act(out, e.currentTarget as HTMLButtonElement, `Stop ${d.id}`, () => request('DELETE', `${url(d)}?force=true`), () => void handle.refresh()) }, 'Stop'),
        ),
      ]);
    fill(el, table('Running deployments', ['ID', 'Apps', 'Progress', 'Current actions', 'Started', 'Actions'], rows, 'No deployment is running.'));
  });
  return handle;
}
