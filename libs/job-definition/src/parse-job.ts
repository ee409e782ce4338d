/** parseJob: a POST /iso8601 or /dependency body → JobDefinition, with Chronos' defaults (JobDeserializer.scala). */
import { fail, isObject, optBool, optNonNegative, optNonNegativeInt, optString, optStringArray, type Body } from './fields';
import { parseConstraints, parseContainer, parseEnvironment, parseFailureWebhook, parseFetcher } from './parse-parts';
import type { JobDefaults, JobDefinition } from './types';

export type JobKind = 'iso8601' | 'dependency';

/** Chronos 3.x `JobUtils.jobNamePattern`. */
const NAME_PATTERN = /^[\w.-]+$/;

function parseName(body: Body): string {
  const name = optString(body, 'name');
  if (name === undefined) return fail("Field 'name' is required");
  if (name === '') return fail("Field 'name' must not be empty");
  if (!NAME_PATTERN.test(name)) return fail(`Invalid job name '${name}': use letters, digits, '_', '.' or '-'`);
  return name;
}

/** Chronos requires a command; only a container job may leave it empty (the image's entrypoint runs). */
function parseCommand(body: Body, container: Record<string, unknown> | null): string {
  const command = optString(body, 'command');
  if (command === undefined) return fail("Field 'command' is required");
  const image = container?.image;
  if (command === '' && !(typeof image === 'string' && image !== '')) {
    return fail("Field 'command' must not be empty unless container.image is set");
  }
  return command;
}

type Placement = Pick<JobDefinition, 'schedule' | 'scheduleTimeZone' | 'parents'>;

function parseParents(body: Body, name: string): string[] {
  const parents = optStringArray(body, 'parents');
  if (parents === undefined || parents.length === 0) {
    return fail("Dependent jobs need a non-empty 'parents' array of job names");
  }
  if (parents.includes('')) return fail("Field 'parents' must not contain empty names");
  if (parents.includes(name)) return fail(`Job '${name}' cannot be its own parent`);
  return [...new Set(parents)];
}

/** Where the job sits: on a schedule (/iso8601) or after its parents (/dependency). */
function parsePlacement(body: Body, kind: JobKind, name: string): Placement {
  const schedule = optString(body, 'schedule');
  const scheduleTimeZone = optString(body, 'scheduleTimeZone') ?? '';
  if (kind === 'dependency') {
    if (schedule !== undefined) return fail("Dependent jobs must not have a 'schedule': post scheduled jobs to /iso8601");
    // A time zone means nothing without a schedule; it is dropped, as Chronos' DependencyBasedJob has none.
    return { scheduleTimeZone: '', parents: parseParents(body, name) };
  }
  // `parents: []` is tolerated: it names no dependency, and some clients send it for every job.
  if ((optStringArray(body, 'parents') ?? []).length > 0) {
    return fail("Scheduled jobs must not have 'parents': post dependent jobs to /dependency");
  }
  return schedule === undefined ? { scheduleTimeZone } : { schedule, scheduleTimeZone };
}

/** 0 or absent means "use the server default", as in Chronos. */
function resource(body: Body, field: 'cpus' | 'mem' | 'disk', defaults: JobDefaults): number {
  const value = optNonNegative(body, field);
  return value === undefined || value === 0 ? defaults[field] : value;
}

/** The plain scalar fields: strings, flags and numbers with their Chronos defaults. */
function parseScalars(body: Body, defaults: JobDefaults) {
  const str = (field: string): string => optString(body, field) ?? '';
  const bool = (field: string, fallback = false): boolean => optBool(body, field) ?? fallback;
  const dataJob = optBool(body, 'dataProcessingJobType') ?? optBool(body, 'dataJob');
  return {
    shell: bool('shell', true),
    arguments: optStringArray(body, 'arguments') ?? [],
    description: str('description'),
    owner: str('owner'),
    ownerName: str('ownerName'),
    async: bool('async'),
    retries: optNonNegativeInt(body, 'retries') ?? 2,
    cpus: resource(body, 'cpus', defaults),
    mem: resource(body, 'mem', defaults),
    disk: resource(body, 'disk', defaults),
    disabled: bool('disabled'),
    softError: bool('softError'),
    dataProcessingJobType: dataJob ?? false,
    highPriority: bool('highPriority'),
    concurrent: bool('concurrent'),
    // An empty user would make Mesos reject the task, so '' also means "the server's --user".
    runAsUser: optString(body, 'runAsUser') || defaults.user,
    executor: str('executor'),
    executorFlags: str('executorFlags'),
    taskInfoData: str('taskInfoData'),
    maxCompletionTime: optNonNegativeInt(body, 'maxCompletionTime') ?? 0,
  };
}

/**
 * Validates a job body. Unknown fields and the server-owned counters are ignored, as Chronos does.
 * Throws JobValidationError with a message meant for the API user.
 */
export function parseJob(body: unknown, kind: JobKind, defaults: JobDefaults): JobDefinition {
  if (!isObject(body)) return fail('The job must be a JSON object');
  const name = parseName(body);
  const container = parseContainer(body);
  const command = parseCommand(body, container);
  const { schedule, scheduleTimeZone, parents } = parsePlacement(body, kind, name);
  // Chronos 3.x ignores epsilon; it is kept (type-checked only) so 2.x clients get back what they sent.
  const epsilon = optString(body, 'epsilon');
  const failureWebhook = parseFailureWebhook(body);
  const scalars = parseScalars(body, defaults);
  return {
    name,
    command,
    ...scalars,
    ...(schedule !== undefined && { schedule }),
    scheduleTimeZone,
    ...(parents !== undefined && { parents }),
    ...(epsilon !== undefined && { epsilon }),
    environmentVariables: parseEnvironment(body),
    ...parseFetcher(body),
    constraints: parseConstraints(body),
    container,
    ...(failureWebhook !== undefined && { failureWebhook }),
  };
}

