// `#/jobs/:name`: a job's details, its actions and its run history.
import { badge, Child, details, fill, formatMb, formatCpus, formatTime, h, live, table } from '@strato/ui';
import { api, Job, Run } from './api';
import { toggledBody } from './job-form-model';
import { OUTPUT_FILES, runOutputHref } from './run-output';
import { scheduleInWords } from './schedule-words';
import { jobState, runDuration, runTone } from './status';
import { guarded, jobLink, messageOf, refill, View } from './view-kit';

function detailsOf(job: Job, state: { text: string; tone: 'ok' | 'warn' | 'bad' | 'info' }): HTMLElement {
  const parents = job.parents ?? [];
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'job-details' },
    h('h3', { id: 'job-details', style: 'margin-top:0' }, 'Details'),
    details([
      ['State', badge(state.text, state.tone)],
      ['Command', h('code', null, job.command)],
      ['Schedule', parents.length > 0 ? ['after ', parents.map((p, i) => [i > 0 ? ', ' : '', jobLink(p)])] : [scheduleInWords(job.schedule, [], job.scheduleTimeZone), h('span', { class: 'muted' }, ' (', h('code', null, job.schedule ?? ''), ')')]],
      ['Time zone', job.scheduleTimeZone || (parents.length > 0 ? '—' : 'UTC')],
      ['Next run', job.disabled ? 'disabled' : formatTime(job.nextRun)],
      ['Last success', formatTime(job.lastSuccess)],
      ['Last failure', formatTime(job.lastError)],
      ['Runs', `${job.successCount} succeeded, ${job.errorCount} failed (${job.errorsSinceLastSuccess} since the last success)`],
      ['Resources', `${formatCpus(job.cpus)} CPUs, ${formatMb(job.mem)} memory, ${formatMb(job.disk)} disk`],
      ['Retries', String(job.retries)],
      ['Owner', job.owner || '—'],
      ['Description', job.description || '—'],
    ]),
  );
}

/** Links to the run's stdout and stderr (through Chronos and the master to the agent's sandbox), its status message and agent. */
function outputCell(jobName: string, run: Run): HTMLElement {
  const links = OUTPUT_FILES.flatMap((file) => {
    const href = runOutputHref(jobName, run, file);
    return href ? [h('a', { href, target: '_blank', rel: 'noopener', 'aria-label': `${file} of ${run.taskId}` }, file)] : [];
  });
  return h(
    'div',
    null,
    links.length > 0 ? h('div', null, links.map((link, i) => [i > 0 ? ' · ' : '', link])) : null,
    run.message ? h('span', null, run.message) : null,
    run.agentId ? h('div', { class: 'muted' }, `on agent ${run.agentId}${run.hostname ? ` (${run.hostname})` : ''}`) : null,
  );
}

/** Short cells that must not break inside a word in a narrow column. */
const nowrap = (...children: Child[]): HTMLElement => h('span', { style: 'white-space:nowrap' }, ...children);

function runRow(jobName: string, run: Run): HTMLElement[] {
  return [
    h('code', null, run.taskId),
    nowrap(badge(run.state, runTone(run.state))),
    h('span', null, formatTime(run.due), run.attempt > 0 ? ` (retry ${run.attempt})` : ''),
    h('span', null, formatTime(run.started ?? run.launched)),
    h('span', null, formatTime(run.ended)),
    nowrap(runDuration(run)),
    outputCell(jobName, run),
  ];
}

export function jobView(main: HTMLElement, status: HTMLElement, name: string): View {
  const result = h('p', { class: 'muted', role: 'status' });
  const toggle = h('button', { type: 'button', class: 'secondary' }, 'Disable');
  let job: Job | undefined;
  let handle: ReturnType<typeof live> | undefined;
  const act = async (button: HTMLButtonElement, what: string, action: () => Promise<unknown>): Promise<void> => {
    button.disabled = true;
    try {
      await action();
      fill(result, what);
      result.className = 'muted';
    } catch (error) {
      fill(result, `${what} failed: ${messageOf(error)}`);
      result.className = 'form-error';
    } finally {
      button.disabled = false;
      await handle?.refresh();
    }
  };
  const runNow = h('button', { type: 'button', onclick: () => void act(runNow, 'Run requested.', () => api.runNow(name)) }, 'Run now');
  toggle.addEventListener('click', () => {
    if (job) void act(toggle, job.disabled ? 'Job enabled.' : 'Job disabled.', () => api.save(toggledBody(job!)));
  });
  const remove = h('button', { type: 'button', class: 'danger' }, 'Delete');
  remove.addEventListener('click', () => {
    if (!window.confirm(`Delete job ${name} and its history? Its children are re-wired to its parents.`)) return;
    void api.remove(name).then(
      () => (location.hash = '#/'),
      (error: unknown) => {
        fill(result, `Delete failed: ${messageOf(error)}`);
        result.className = 'form-error';
      },
    );
  });
  const body = h('div');
  main.replaceChildren(
    h('h2', { tabindex: -1 }, 'Job ', h('code', null, name)),
    h('div', { class: 'actions' }, runNow, toggle, h('a', { class: 'button secondary', href: `#/jobs/${encodeURIComponent(name)}/edit` }, 'Edit'), remove, h('a', { href: '#/' }, 'All jobs')),
    result,
    body,
  );
  handle = live(
    body,
    status,
    guarded(`job ${name}`, async (el) => {
      const [loaded, summary, runs] = await Promise.all([api.job(name), api.summary(), api.runs(name)]);
      job = loaded;
      fill(toggle, loaded.disabled ? 'Enable' : 'Disable');
      const state = jobState(loaded, summary.find((s) => s.name === name));
      const all = [...runs.active, ...runs.runs];
      refill(
        el,
        detailsOf(loaded, state),
        h(
          'section',
          { class: 'card', 'aria-labelledby': 'job-runs' },
          h('h3', { id: 'job-runs', style: 'margin-top:0' }, 'Run history'),
          table(
            `Runs: ${runs.active.length} active, ${runs.total} finished${runs.total > runs.runs.length ? ` (newest ${runs.runs.length} shown)` : ''}`,
            ['Task', 'State', 'Due', 'Started', 'Ended', 'Took', 'Output'],
            all.map((run) => runRow(name, run)),
            'No runs yet.',
          ),
        ),
      );
    }),
  );
  return handle;
}
