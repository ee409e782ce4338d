// `#/create` and `#/jobs/:name/edit`: a job's form; the API's 400 message is shown next to the field it names.
import { field, fill, h, showErrors } from '@strato/ui';
import { api, Job } from './api';
import { EMPTY_VALUES, errorField, FormValues, jobBody, valuesOf } from './job-form-model';
import { scheduleInWords } from './schedule-words';
import { errorBox, messageOf, View } from './view-kit';

const SCHEDULE_HINT = 'ISO 8601 repeating interval R[n]/start/period, e.g. R/2026-01-01T00:00:00Z/PT1H (R = forever, R5 = five times), or cron, e.g. */5 * * * *. Empty: once, now.';

function input(name: string, value: string, attrs: Record<string, string | boolean> = {}): HTMLInputElement {
  return h('input', { name, value, type: 'text', autocomplete: 'off', ...attrs });
}

/** The form's controls, read back into `FormValues` on submit. */
function controls(values: FormValues, editing: boolean) {
  const kind = h(
    'select',
    { name: 'kind' },
    h('option', { value: 'scheduled', selected: values.kind === 'scheduled' }, 'On a schedule'),
    h('option', { value: 'dependent', selected: values.kind === 'dependent' }, 'After other jobs (dependent job)'),
  );
  const disabled = h('input', { name: 'disabled', type: 'checkbox', checked: values.disabled, style: 'align-self:flex-start' });
  return {
    name: input('name', values.name, { required: true, readonly: editing, pattern: '[A-Za-z0-9_.\\-]+', title: "Letters, digits, '_', '.' or '-'" }),
    command: input('command', values.command, { spellcheck: false }),
    kind,
    schedule: input('schedule', values.schedule, { spellcheck: false, placeholder: 'R/2026-01-01T00:00:00Z/PT1H' }),
    scheduleTimeZone: input('scheduleTimeZone', values.scheduleTimeZone, { placeholder: 'UTC' }),
    parents: input('parents', values.parents, { placeholder: 'job-a, job-b' }),
    cpus: input('cpus', values.cpus, { type: 'number', step: 'any', min: '0' }),
    mem: input('mem', values.mem, { type: 'number', step: 'any', min: '0' }),
    owner: input('owner', values.owner, { type: 'email', multiple: true }),
    disabled,
  };
}

function formFor(main: HTMLElement, job: Job | undefined): void {
  const editing = job !== undefined;
  const c = controls(job ? valuesOf(job) : EMPTY_VALUES, editing);
  const read = (): FormValues => ({
    name: c.name.value,
    command: c.command.value,
    kind: c.kind.value === 'dependent' ? 'dependent' : 'scheduled',
    schedule: c.schedule.value,
    scheduleTimeZone: c.scheduleTimeZone.value,
    parents: c.parents.value,
    cpus: c.cpus.value,
    mem: c.mem.value,
    owner: c.owner.value,
    disabled: c.disabled.checked,
  });
  const preview = h('p', { class: 'muted', 'aria-live': 'polite' });
  const showPreview = (): void => fill(preview, c.schedule.value.trim() ? `Reads as: ${scheduleInWords(c.schedule.value, [], c.scheduleTimeZone.value.trim())}` : '');
  const scheduled = h('div', null, field('Schedule', c.schedule, SCHEDULE_HINT), preview, field('Schedule time zone', c.scheduleTimeZone, 'IANA zone such as Europe/Berlin; empty: UTC.'));
  const dependent = h('div', null, field('Parents', c.parents, 'Job names, separated by commas: this job runs after all of them succeed.'));
  const showKind = (): void => {
    scheduled.hidden = c.kind.value === 'dependent';
    dependent.hidden = c.kind.value !== 'dependent';
  };
  c.kind.addEventListener('change', showKind);
  c.schedule.addEventListener('input', showPreview);
  c.scheduleTimeZone.addEventListener('input', showPreview);
  showKind();
  showPreview();
  const submit = h('button', { type: 'submit' }, editing ? 'Save changes' : 'Create job');
  const cancel = editing ? `#/jobs/${encodeURIComponent(job.name)}` : '#/';
  const form = h(
    'form',
    { 'aria-labelledby': 'form-title' },
    field('Name', c.name, editing ? 'A job keeps its name; create a new job to rename.' : "Letters, digits, '_', '.' or '-'."),
    field('Command', c.command, 'Run with /bin/sh -c on an agent.'),
    field('Runs', c.kind),
    scheduled,
    dependent,
    h('div', { class: 'grid' }, field('CPUs', c.cpus, 'Empty: the server default.'), field('Memory (MB)', c.mem, 'Empty: the server default.')),
    field('Owner', c.owner, 'E-mail addresses (comma-separated) notified on failure.'),
    field('Disabled', c.disabled, 'A disabled job keeps its schedule but does not run.'),
    h('p', { class: 'form-error', role: 'alert' }),
    h('div', { class: 'actions' }, submit, h('a', { href: cancel }, 'Cancel')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const values = read();
    submit.disabled = true;
    showErrors(form, undefined, []);
    api.save(jobBody(values, job)).then(
      () => (location.hash = `#/jobs/${encodeURIComponent(values.name.trim())}`),
      (error: unknown) => {
        submit.disabled = false;
        const message = messageOf(error);
        const name = errorField(message);
        if (name) showErrors(form, undefined, [{ path: name, message }]);
        else showErrors(form, `Not saved: ${message}`, []);
        (form.querySelector<HTMLElement>('[aria-invalid="true"]') ?? form.querySelector<HTMLElement>('.form-error'))?.focus();
      },
    );
  });
  fill(main, h('h2', { id: 'form-title', tabindex: -1 }, editing ? `Edit job ${job.name}` : 'New job'), h('section', { class: 'card' }, form));
}

export function jobFormView(main: HTMLElement, status: HTMLElement, name?: string): View {
  fill(status, '');
  let stopped = false;
  if (name === undefined) formFor(main, undefined);
  else {
    fill(main, h('h2', { tabindex: -1 }, `Edit job ${name}`), h('p', { class: 'muted' }, 'Loading…'));
    api.job(name).then(
      (job) => !stopped && formFor(main, job),
      (error: unknown) => !stopped && fill(main, h('h2', null, `Edit job ${name}`), errorBox(`Could not load job ${name}`, error)),
    );
  }
  return { stop: () => (stopped = true) };
}
