import type { JobCounters, JobDefinition } from '@strato/job-definition';
import type { Schedule } from '@strato/job-schedule';

/** Where a run is: waiting for an offer, launched and not yet ended, or ended. */
export type RunState = 'queued' | 'staging' | 'running' | 'success' | 'failure' | 'killed' | 'skipped';

/** One attempt to run a job once: a Mesos task `ct:<dueMs>:<attempt>:<name>:<args>` once launched. */
export interface Run {
  /** Unique per job and attempt: the task id. */
  readonly taskId: string;
  readonly jobName: string;
  /** When the run was due (epoch ms): the schedule occurrence, the trigger time or the parents' completion. */
  readonly dueMs: number;
  readonly attempt: number;
  /** `arguments` of a manual run (PUT /scheduler/job/{name}?arguments=...), '' otherwise. */
  readonly arguments: string;
  /** Not launched before this time (a retry waits --failure_retry). */
  readonly notBeforeMs: number;
  readonly highPriority: boolean;
  state: RunState;
  /** Set when the task was handed to the master. */
  launchedMs?: number;
  /** First STARTING or RUNNING. */
  startedMs?: number;
  endedMs?: number;
  agentId?: string;
  hostname?: string;
  /** Mesos status message of the last update (exit message), or why the run was skipped. */
  message?: string;
  /** Why the run waits (no offer fits: which resource or constraint). */
  waitingReason?: string;
}

/** Everything the server keeps about one job; one store record, written in one durable write. */
export interface JobRecord {
  readonly definition: JobDefinition;
  readonly counters: JobCounters;
  /** Scheduled jobs: the parsed schedule with the occurrences consumed so far. */
  readonly schedule?: Schedule;
  /** Next occurrence not yet turned into a run; undefined when none is left (or a dependent job). */
  readonly nextDueMs?: number;
  /** Dependent jobs: the parents that succeeded since this job last ran. */
  readonly parentsDone: readonly string[];
  /** Runs queued or launched and not yet ended. */
  readonly active: readonly Run[];
  /** last outcome, for the graph and the summary: 'success' | 'failure' | 'fresh'. */
  readonly lastOutcome: 'success' | 'failure' | 'fresh';
}

/** A finished run as kept in the history (bounded per job by --job_history_limit). */
export interface RunRecord {
  readonly taskId: string;
  readonly jobName: string;
  readonly dueMs: number;
  readonly attempt: number;
  readonly arguments: string;
  readonly state: RunState;
  readonly launchedMs?: number;
  readonly startedMs?: number;
  readonly endedMs?: number;
  readonly agentId?: string;
  readonly hostname?: string;
  readonly message?: string;
}
