/** The Chronos job model as the REST API receives it (see README.md for the field table). */

export interface EnvironmentVariable {
  readonly name: string;
  readonly value: string;
}

/** One Mesos fetcher entry (Chronos `jobs/Fetch.scala`). */
export interface FetchUri {
  readonly uri: string;
  readonly output_file?: string;
  readonly executable: boolean;
  readonly cache: boolean;
  readonly extract: boolean;
}

/** A job as the user defines it (everything but the server-owned counters). */
export interface JobDefinition {
  readonly name: string;
  readonly command: string;
  /** Default true: Mesos runs `/bin/sh -c command`. */
  readonly shell: boolean;
  readonly arguments: readonly string[];
  readonly description: string;
  readonly owner: string;
  readonly ownerName: string;
  /** Scheduled jobs: the schedule text as posted (ISO 8601 `R/...` or cron). Undefined for dependent jobs. */
  readonly schedule?: string;
  /** '' when none. */
  readonly scheduleTimeZone: string;
  /** Dependent jobs: the parent names (non-empty, de-duplicated, order kept). Undefined for scheduled jobs. */
  readonly parents?: readonly string[];
  /** ISO-8601 duration text (Chronos 2.x); undefined when absent. */
  readonly epsilon?: string;
  readonly async: boolean;
  /** Default 2, integer >= 0. */
  readonly retries: number;
  readonly cpus: number;
  readonly mem: number;
  readonly disk: number;
  readonly disabled: boolean;
  readonly softError: boolean;
  readonly dataProcessingJobType: boolean;
  readonly highPriority: boolean;
  readonly concurrent: boolean;
  readonly environmentVariables: readonly EnvironmentVariable[];
  readonly uris: readonly string[];
  readonly fetch: readonly FetchUri[];
  /** `[attribute, op, value]` with op EQUALS, LIKE or UNLIKE. */
  readonly constraints: readonly (readonly string[])[];
  readonly runAsUser: string;
  /** Stored and returned as given (object or null). */
  readonly container: Readonly<Record<string, unknown>> | null;
  readonly executor: string;
  readonly executorFlags: string;
  readonly taskInfoData: string;
  /** Seconds, 0 = no limit. */
  readonly maxCompletionTime: number;
  /** Optional per-job failure webhook URL (our extension): an http(s) URL when present. */
  readonly failureWebhook?: string;
}

/** The counters the server owns; a POSTed body never sets them. */
export interface JobCounters {
  readonly successCount: number;
  readonly errorCount: number;
  readonly lastSuccess: string;
  readonly lastError: string;
  readonly errorsSinceLastSuccess: number;
}

export const NO_COUNTERS: JobCounters = Object.freeze({
  successCount: 0,
  errorCount: 0,
  lastSuccess: '',
  lastError: '',
  errorsSinceLastSuccess: 0,
});

/** Values used when a job leaves resources or user unset (Chronos' --mesos_task_* and --user flags). */
export interface JobDefaults {
  readonly cpus: number;
  readonly mem: number;
  readonly disk: number;
  readonly user: string;
}

/** Bad job JSON; `message` goes to API users verbatim (400). */
export class JobValidationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JobValidationError';
  }
}
