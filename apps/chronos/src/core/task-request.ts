import type { Offer } from '@strato/domain';
import type { TaskRequest } from '@strato/framework-sdk';
import type { JobDefinition } from '@strato/job-definition';
import { attributeValueToString } from '@strato/resources';
import type { Run } from './types';

/**
 * Why no agent can run this job at all (it waits, and the API says why), or undefined. Agents run
 * plain processes today: a job with a container image waits until they can run containers.
 */
export function cannotRunReason(job: JobDefinition): string | undefined {
  const image = job.container?.['image'];
  if (typeof image === 'string' && image !== '') return `container image '${image}' needs an agent that runs containers; Strato agents run processes only`;
  return undefined;
}

/** What one run asks of an offer: resources, command, and Chronos' task environment. */
export function taskRequest(job: JobDefinition, run: Run, hostname: string): TaskRequest {
  const manual = run.arguments.trim();
  const command = job.shell
    ? { value: manual ? `${job.command} ${manual}` : job.command, shell: true }
    : { value: job.command, shell: false, arguments: [job.command, ...job.arguments, ...(manual ? manual.split(/\s+/) : [])] };
  const uris = job.fetch.length > 0
    ? job.fetch.map((f) => ({ value: f.uri, executable: f.executable, extract: f.extract, cache: f.cache, outputFile: f.output_file }))
    : job.uris.map((uri) => ({ value: uri, executable: false, extract: true, cache: false }));
  return {
    name: `ChronosTask:${job.name}`,
    taskId: run.taskId,
    cpus: job.cpus,
    mem: job.mem,
    disk: job.disk,
    command: { ...command, uris, user: job.runAsUser || undefined },
    env: taskEnvironment(job, run, hostname),
    maxCompletionTimeMs: job.maxCompletionTime > 0 ? job.maxCompletionTime * 1000 : undefined,
  };
}

/** The job's own variables first: Chronos' built-in ones cannot be overridden. */
export function taskEnvironment(job: JobDefinition, run: Run, hostname: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const v of job.environmentVariables) env[v.name] = v.value;
  return Object.assign(env, {
    mesos_task_id: run.taskId,
    MESOS_TASK_ID: run.taskId,
    CHRONOS_JOB_OWNER: job.owner,
    CHRONOS_JOB_NAME: job.name,
    HOST: hostname,
    CHRONOS_RESOURCE_MEM: String(job.mem),
    CHRONOS_RESOURCE_CPU: String(job.cpus),
    CHRONOS_RESOURCE_DISK: String(job.disk),
    CHRONOS_JOB_RUN_TIME: String(run.dueMs),
    CHRONOS_JOB_RUN_ATTEMPT: String(run.attempt),
  });
}

/**
 * Chronos constraints `[attribute, op, value]` on an offer: EQUALS compares the attribute's text,
 * LIKE and UNLIKE match the whole text against a regular expression; `hostname` is always there.
 * Unknown operators are ignored (Chronos does). Returns why the offer is refused, or undefined.
 */
export function constraintRefusal(job: JobDefinition, offer: Offer): string | undefined {
  for (const c of job.constraints) {
    const [attribute = '', op = '', value = ''] = c;
    const actual = attribute === 'hostname' ? offer.hostname : textOf(offer, attribute);
    const matches = (pattern: string) => actual !== undefined && new RegExp(`^(?:${pattern})$`).test(actual);
    if (op === 'EQUALS' && actual !== value) return `${attribute} ${actual ?? '(none)'} is not ${value}`;
    if (op === 'LIKE' && !matches(value)) return `${attribute} ${actual ?? '(none)'} does not match ${value}`;
    if (op === 'UNLIKE' && actual !== undefined && matches(value)) return `${attribute} ${actual} matches ${value}`;
  }
  return undefined;
}

function textOf(offer: Offer, name: string): string | undefined {
  const attribute = offer.attributes.find((a) => a.name === name);
  return attribute && attributeValueToString(attribute.value);
}
