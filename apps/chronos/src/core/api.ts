import type { RunRecord } from './types';

/** Query of GET /scheduler/jobs/search, as received (validated by the core). */
export interface SearchQuery {
  readonly name?: string;
  readonly command?: string;
  readonly any?: string;
  readonly limit?: string;
  readonly offset?: string;
}

/** A page of a job's run history, newest first; `active` are the runs queued or running now. */
export interface RunsPage {
  readonly jobName: string;
  readonly total: number;
  readonly offset: number;
  readonly limit: number;
  readonly runs: readonly RunView[];
  readonly active: readonly RunView[];
}

/** A run as the API shows it: times as ISO-8601 UTC strings. */
export interface RunView {
  readonly taskId: string;
  readonly due: string;
  readonly attempt: number;
  readonly arguments: string;
  readonly state: string;
  readonly launched?: string;
  readonly started?: string;
  readonly ended?: string;
  readonly agentId?: string;
  readonly hostname?: string;
  readonly message?: string;
}

/** Gauges and counters for /metrics. */
export interface ChronosStats {
  readonly jobs: number;
  readonly queued: number;
  readonly highQueued: number;
  readonly running: number;
  readonly launched: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly perJob: ReadonlyMap<string, { readonly success: number; readonly failure: number }>;
}

/**
 * What the REST layer asks of the scheduler. Every write resolves once it is durable. Errors are
 * `StratoError`s: INVALID_ARGUMENT (answered 400 with Chronos' `{message, status}`) and NOT_FOUND (404).
 */
export interface ChronosApi {
  /** POST/PUT /scheduler/iso8601 and /scheduler/dependency: create or replace by name; counters are kept. */
  upsert(kind: 'iso8601' | 'dependency', body: unknown): Promise<void>;
  /** Every job in Chronos' JSON shape (with our `nextRun` extension), sorted by name. */
  jobs(): Record<string, unknown>[];
  /** One job, or undefined. */
  job(name: string): Record<string, unknown> | undefined;
  search(query: SearchQuery): Record<string, unknown>[];
  /** GET /v1/scheduler/jobs/summary: `{name, status, state, schedule, parents, disabled}` per job. */
  summary(): Record<string, unknown>[];
  /** PUT /scheduler/job/{name}: a run due now (attempt 0) with optional arguments. */
  runNow(name: string, args?: string): Promise<void>;
  /** DELETE /scheduler/job/{name}: kills its tasks, re-wires its children, forgets it and its history. */
  deleteJob(name: string): Promise<void>;
  deleteAll(): Promise<void>;
  /** DELETE /scheduler/task/kill/{name}: kills running tasks and drops queued runs (not counted as failures). */
  killTasks(name: string): Promise<void>;
  /** PUT /scheduler/job/success/{name}: counts a success and fires the children without running the job. */
  markSuccess(name: string): Promise<void>;
  /** Finished runs, newest first, for the stats endpoint and the runs extension. */
  history(name: string): readonly RunRecord[];
  /** GET /v1/scheduler/job/{name}/runs (our extension). */
  runs(name: string, offset: number, limit: number): RunsPage;
  graphDot(): string;
  graphCsv(): string;
  stats(): ChronosStats;
}
