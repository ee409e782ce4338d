/** jobToJson: a job in the JSON shape of Chronos' JobSerializer (field order kept), plus our extensions. */
import { cloneJson } from './fields';
import { fetchOfUri } from './parse-parts';
import type { FetchUri, JobCounters, JobDefinition } from './types';

export interface JobJsonExtra {
  /** The live schedule text (the server rewrites it as runs are consumed); defaults to the posted one. */
  readonly scheduleText?: string;
  /** The next due time as an ISO UTC string. */
  readonly nextRun?: string;
}

/** The fetcher entries a job asks for, whichever of `uris` / `fetch` it was given with. */
export function effectiveFetch(job: Pick<JobDefinition, 'uris' | 'fetch'>): FetchUri[] {
  return job.fetch.length > 0 ? job.fetch.map((f) => ({ ...f })) : job.uris.map(fetchOfUri);
}

/** The URIs a job fetches, whichever of `uris` / `fetch` it was given with. */
export function effectiveUris(job: Pick<JobDefinition, 'uris' | 'fetch'>): string[] {
  return job.uris.length > 0 ? [...job.uris] : job.fetch.map((f) => f.uri);
}

/** Scheduled jobs carry schedule + zone, dependent ones their parents (JobSerializer's last block). */
function placement(job: JobDefinition, extra: JobJsonExtra): Record<string, unknown> {
  if (job.parents !== undefined) return { parents: [...job.parents] };
  const schedule = extra.scheduleText ?? job.schedule;
  return { ...(schedule !== undefined && { schedule }), scheduleTimeZone: job.scheduleTimeZone };
}

/**
 * The job as Chronos returns it: every definition field plus the counters. `uris` and `fetch` are each filled from
 * the other, as Chronos does for old and new clients alike. `container` is omitted when null (as in Chronos).
 */
export function jobToJson(job: JobDefinition, counters: JobCounters, extra: JobJsonExtra = {}): Record<string, unknown> {
  return {
    name: job.name,
    command: job.command,
    shell: job.shell,
    ...(job.epsilon !== undefined && { epsilon: job.epsilon }),
    executor: job.executor,
    executorFlags: job.executorFlags,
    taskInfoData: job.taskInfoData,
    retries: job.retries,
    owner: job.owner,
    ownerName: job.ownerName,
    description: job.description,
    async: job.async,
    successCount: counters.successCount,
    errorCount: counters.errorCount,
    lastSuccess: counters.lastSuccess,
    lastError: counters.lastError,
    cpus: job.cpus,
    disk: job.disk,
    mem: job.mem,
    disabled: job.disabled,
    softError: job.softError,
    dataProcessingJobType: job.dataProcessingJobType,
    errorsSinceLastSuccess: counters.errorsSinceLastSuccess,
    fetch: effectiveFetch(job),
    uris: effectiveUris(job),
    environmentVariables: job.environmentVariables.map((v) => ({ name: v.name, value: v.value })),
    arguments: [...job.arguments],
    highPriority: job.highPriority,
    runAsUser: job.runAsUser,
    ...(job.container !== null && { container: cloneJson(job.container) }),
    constraints: job.constraints.map((c) => [...c]),
    concurrent: job.concurrent,
    maxCompletionTime: job.maxCompletionTime,
    ...(job.failureWebhook !== undefined && { failureWebhook: job.failureWebhook }),
    ...placement(job, extra),
    ...(extra.nextRun !== undefined && { nextRun: extra.nextRun }),
  };
}
