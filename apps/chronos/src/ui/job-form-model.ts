// The create / edit form's data: values ↔ the body posted to Chronos, and which field an API error names
// (pure: no DOM, unit-tested in job-form-model.spec.ts).

export interface FormValues {
  name: string;
  command: string;
  /** `scheduled` posts to /scheduler/iso8601, `dependent` to /scheduler/dependency. */
  kind: 'scheduled' | 'dependent';
  schedule: string;
  scheduleTimeZone: string;
  /** Comma- or space-separated job names. */
  parents: string;
  cpus: string;
  mem: string;
  owner: string;
  disabled: boolean;
}

export const FORM_FIELDS = ['name', 'command', 'kind', 'schedule', 'scheduleTimeZone', 'parents', 'cpus', 'mem', 'owner', 'disabled'] as const;

export const EMPTY_VALUES: FormValues = { name: '', command: '', kind: 'scheduled', schedule: '', scheduleTimeZone: '', parents: '', cpus: '', mem: '', owner: '', disabled: false };

/** The form's values for an existing job (as `GET /scheduler/jobs` returns it). */
export function valuesOf(job: { name: string; command: string; schedule?: string; scheduleTimeZone?: string; parents?: readonly string[]; cpus?: number; mem?: number; owner?: string; disabled?: boolean }): FormValues {
  const dependent = (job.parents ?? []).length > 0;
  return {
    name: job.name,
    command: job.command,
    kind: dependent ? 'dependent' : 'scheduled',
    schedule: dependent ? '' : (job.schedule ?? ''),
    scheduleTimeZone: dependent ? '' : (job.scheduleTimeZone ?? ''),
    parents: (job.parents ?? []).join(', '),
    cpus: job.cpus === undefined ? '' : String(job.cpus),
    mem: job.mem === undefined ? '' : String(job.mem),
    owner: job.owner ?? '',
    disabled: job.disabled ?? false,
  };
}

export function parseParents(text: string): string[] {
  return text.split(/[\s,]+/).filter((p) => p !== '');
}

/** A number when the text is one; otherwise the text, so the API names what is wrong with it. */
function numberOrText(text: string): number | string {
  const n = Number(text);
  return text.trim() !== '' && Number.isFinite(n) ? n : text;
}

/**
 * The body to post. On edit, `base` is the job as the API returned it: fields the form does not show
 * (environment, retries, constraints...) are sent back unchanged; server-owned counters are ignored by the API.
 */
export function jobBody(values: FormValues, base: Record<string, unknown> = {}): Record<string, unknown> {
  const body: Record<string, unknown> = { ...base, name: values.name.trim(), command: values.command, owner: values.owner, disabled: values.disabled };
  for (const key of ['schedule', 'scheduleTimeZone', 'parents', 'nextRun', 'cpus', 'mem'] as const) delete body[key];
  if (values.kind === 'dependent') body.parents = parseParents(values.parents);
  else {
    if (values.schedule.trim() !== '') body.schedule = values.schedule.trim();
    if (values.scheduleTimeZone.trim() !== '') body.scheduleTimeZone = values.scheduleTimeZone.trim();
  }
  // Empty means the server's default (Chronos reads an absent or 0 resource that way).
  if (values.cpus.trim() !== '') body.cpus = numberOrText(values.cpus);
  if (values.mem.trim() !== '') body.mem = numberOrText(values.mem);
  return body;
}

/** `disabled` flipped on the job as the API returned it: what the Disable / Enable buttons post. */
export function toggledBody(job: Record<string, unknown>): Record<string, unknown> {
  const body: Record<string, unknown> = { ...job, disabled: job.disabled !== true };
  delete body.nextRun;
  return body;
}

const MESSAGE_FIELDS: [RegExp, string][] = [
  [/^Field '([A-Za-z]+)'/, '$1'],
  [/^Invalid job name/, 'name'],
  [/^Cannot parse schedule|^Dependent jobs must not have a 'schedule'/, 'schedule'],
  [/^Invalid scheduleTimeZone/, 'scheduleTimeZone'],
  [/^Dependent jobs need|^Scheduled jobs must not have 'parents'|^Parent '|cannot be its own parent|dependency cycle/, 'parents'],
];

/** The form field a Chronos 400 message is about (`Field 'cpus' must be…` → `cpus`), if the form has it. */
export function errorField(message: string): string | undefined {
  for (const [re, field] of MESSAGE_FIELDS) {
    const m = re.exec(message);
    if (!m) continue;
    const name = field === '$1' ? m[1] : field;
    return (FORM_FIELDS as readonly string[]).includes(name) ? name : undefined;
  }
  return undefined;
}
