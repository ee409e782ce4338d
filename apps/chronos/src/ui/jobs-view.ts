// `#/`: every job with its schedule in words, next run, last outcomes and state.
import { badge, formatTime, h, live, table } from '@strato/ui';
import { api, Job, JobSummary } from './api';
import { scheduleInWords } from './schedule-words';
import { jobState } from './status';
import { guarded, jobLink, refill, View } from './view-kit';

function stat(label: string, value: number): HTMLElement {
  return h('div', { class: 'stat' }, String(value), h('small', null, label));
}

function row(job: Job, summary: JobSummary | undefined): HTMLElement[] {
  const state = jobState(job, summary);
  const schedule = job.schedule ?? '';
  return [
    jobLink(job.name),
    h('span', { title: schedule || undefined }, scheduleInWords(job.schedule, job.parents, job.scheduleTimeZone)),
    h('span', null, job.disabled ? 'disabled' : job.nextRun ? formatTime(job.nextRun) : (job.parents?.length ?? 0) > 0 ? 'after its parents' : '—'),
    h('span', null, formatTime(job.lastSuccess)),
    h('span', null, formatTime(job.lastError)),
    h('span', null, `${job.successCount} ok / ${job.errorCount} failed`),
    badge(state.text, state.tone),
  ];
}

export function jobsView(main: HTMLElement, status: HTMLElement): View {
  const body = h('div');
  main.replaceChildren(
    h('h2', { tabindex: -1 }, 'Jobs'),
    h('div', { class: 'actions' }, h('a', { class: 'button', href: '#/create' }, 'New job'), h('a', { href: '#/graph' }, 'Dependency graph')),
    body,
  );
  return live(
    body,
    status,
    guarded('the jobs', async (el) => {
      const [jobs, summary] = await Promise.all([api.jobs(), api.summary()]);
      const byName = new Map(summary.map((s) => [s.name, s]));
      const states = jobs.map((j) => jobState(j, byName.get(j.name)).text);
      refill(
        el,
        h(
          'section',
          { class: 'card grid', 'aria-label': 'Totals' },
          stat('jobs', jobs.length),
          stat('running or queued', states.filter((s) => /running|queued/.test(s)).length),
          stat('failing', states.filter((s) => s === 'failing').length),
          stat('disabled', states.filter((s) => s === 'disabled').length),
        ),
        table(
          `Jobs (${jobs.length})`,
          ['Name', 'Schedule', 'Next run', 'Last success', 'Last failure', 'Runs', 'State'],
          jobs.map((j) => row(j, byName.get(j.name))),
          'No jobs yet: create one with “New job”.',
        ),
      );
    }),
  );
}
