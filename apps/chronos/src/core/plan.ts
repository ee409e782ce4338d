import type { JobCounters } from '@strato/job-definition';
import { consume, durationMs, latestDue } from '@strato/job-schedule';
import type { JobRecord, Run, RunRecord, RunState } from './types';

/**
 * The job scheduler's decisions, as pure functions of a job record and the time: which run is due,
 * what an ended run changes, when a dependent job fires. The service applies the returned record
 * (one durable write) before it acts on the returned runs.
 */

/** Chronos' task id `ct:<dueMs>:<attempt>:<name>:<arguments>`; arguments are URI-encoded (Mesos ids allow no spaces or '/'). */
export function taskIdFor(jobName: string, dueMs: number, attempt: number, args: string): string {
  return `ct:${dueMs}:${attempt}:${jobName}:${encodeURIComponent(args.replace(/;/g, ''))}`;
}

const TASK_ID = /^ct:(\d+):(\d+):([\w.-]+):?(.*)$/;

/** The job name, due time and attempt in a task id, or undefined for ids that are not ours. */
export function parseTaskId(taskId: string): { jobName: string; dueMs: number; attempt: number } | undefined {
  const m = TASK_ID.exec(taskId);
  return m ? { jobName: m[3]!, dueMs: Number(m[1]), attempt: Number(m[2]) } : undefined;
}

export function newRun(record: JobRecord, dueMs: number, attempt: number, args: string, notBeforeMs = dueMs): Run {
  const name = record.definition.name;
  return { taskId: taskIdFor(name, dueMs, attempt, args), jobName: name, dueMs, attempt, arguments: args, notBeforeMs, highPriority: record.definition.highPriority, state: 'queued' };
}

/** A job waits while one of its runs is queued or running, unless it may overlap (`concurrent`). */
export function mayStartRun(record: JobRecord): boolean {
  return record.definition.concurrent || record.active.length === 0;
}

export interface DueDecision {
  readonly record: JobRecord;
  /** The run to queue, if the occurrence is run. */
  readonly run?: Run;
  /** The occurrence skipped because it was later than the job's epsilon. */
  readonly skipped?: RunRecord;
}

/**
 * A scheduled job at `nowMs`: nothing when it is not due, disabled, or busy (then it stays due and
 * runs once the current run ends: missed occurrences collapse into one run, Chronos 3). Otherwise the
 * occurrence is consumed; it is skipped instead of run when its latest missed occurrence is later than
 * `epsilon` (Chronos 2 measured from the first one, skipping every run after a long outage).
 */
export function planDue(record: JobRecord, nowMs: number): DueDecision {
  const due = record.nextDueMs;
  if (!record.schedule || due === undefined || due > nowMs || record.definition.disabled || !mayStartRun(record)) return { record };
  const next = consume(record.schedule, due, nowMs);
  const advanced: JobRecord = { ...record, schedule: next.schedule, nextDueMs: next.nextDue };
  const epsilon = record.definition.epsilon;
  // Lateness counts from the latest occurrence the run stands for: after missed ones collapse, a job
  // whose latest occurrence is recent still runs.
  const late = nowMs - latestDue(record.schedule, due, nowMs);
  if (epsilon !== undefined && late > durationMs(epsilon)) {
    const run = newRun(record, due, 0, '');
    const message = `skipped: started ${Math.round(late / 1000)}s late, more than epsilon ${epsilon}`;
    return { record: advanced, skipped: { ...historyOf({ ...run, state: 'skipped' }), endedMs: nowMs, message } };
  }
  const run = newRun(record, due, 0, '');
  return { record: { ...advanced, active: [...record.active, run] }, run };
}

/** A due time no active run of the job has: runs made in the same millisecond get distinct task ids. */
function freeDue(record: JobRecord, nowMs: number, args: string): number {
  let due = nowMs;
  while (record.active.some((r) => r.taskId === taskIdFor(record.definition.name, due, 0, args))) due++;
  return due;
}

/** A manual run due now; dropped (as Chronos does) when the job is disabled, a run is already queued, or one runs and the job is not `concurrent`. */
export function planRunNow(record: JobRecord, nowMs: number, args: string): DueDecision {
  if (record.definition.disabled || record.active.some((r) => r.state === 'queued') || !mayStartRun(record)) return { record };
  // Chronos strips ';' from manual arguments: they are appended to a shell command line.
  const clean = args.replace(/;/g, '');
  const run = newRun(record, freeDue(record, nowMs, clean), 0, clean);
  return { record: { ...record, active: [...record.active, run] }, run };
}

/** A parent of a dependent job succeeded: the child runs once every parent has succeeded since it last ran. */
export function planParentSucceeded(record: JobRecord, parent: string, nowMs: number): DueDecision {
  const parents = record.definition.parents;
  if (!parents?.includes(parent) || record.definition.disabled) return { record };
  const done = record.parentsDone.includes(parent) ? record.parentsDone : [...record.parentsDone, parent];
  if (!parents.every((p) => done.includes(p))) return { record: { ...record, parentsDone: done } };
  const run = newRun(record, freeDue(record, nowMs, ''), 0, '');
  return { record: { ...record, parentsDone: [], active: [...record.active, run] }, run };
}

export type Outcome = 'success' | 'failure' | 'killed';

export interface EndDecision {
  readonly record: JobRecord;
  readonly history: RunRecord;
  /** The next attempt of a failed run. */
  readonly retry?: Run;
  /** The run counts for the children (a success, or a final failure of a `softError` job). */
  readonly fireChildren: boolean;
  /** What to tell the owners. */
  readonly notify?: 'failed' | 'disabled';
}

export interface EndContext {
  readonly nowMs: number;
  readonly failureRetryMs: number;
  readonly disableAfterFailures: number;
}

/** A launched run ended: counters, retries, auto-disable, children. */
export function planRunEnded(record: JobRecord, taskId: string, outcome: Outcome, message: string, ctx: EndContext): EndDecision | undefined {
  const run = record.active.find((r) => r.taskId === taskId);
  if (!run) return undefined;
  const active = record.active.filter((r) => r !== run);
  const state: RunState = outcome;
  const history: RunRecord = { ...historyOf(run), state, endedMs: ctx.nowMs, message };
  const base: JobRecord = { ...record, active };
  if (outcome === 'killed') return { record: base, history, fireChildren: false };
  if (outcome === 'success') return succeeded(base, history, ctx.nowMs);
  const def = record.definition;
  if (run.attempt < def.retries && !def.disabled) {
    const retry = newRun(record, run.dueMs, run.attempt + 1, run.arguments, ctx.nowMs + ctx.failureRetryMs);
    return { record: { ...base, active: [...active, retry] }, history, retry, fireChildren: false };
  }
  const counters: JobCounters = {
    ...record.counters,
    errorCount: record.counters.errorCount + 1,
    errorsSinceLastSuccess: record.counters.errorsSinceLastSuccess + 1,
    lastError: new Date(ctx.nowMs).toISOString(),
  };
  const disable = !def.softError && ctx.disableAfterFailures > 0 && counters.errorsSinceLastSuccess >= ctx.disableAfterFailures;
  const definition = disable ? { ...def, disabled: true } : def;
  return {
    record: { ...base, definition, counters, lastOutcome: 'failure' },
    history,
    fireChildren: def.softError,
    notify: disable ? 'disabled' : 'failed',
  };
}

/** A success: counters, and a schedule whose repetitions ran out disables the job (Chronos). */
export function succeeded(record: JobRecord, history: RunRecord, nowMs: number): EndDecision {
  const counters: JobCounters = {
    ...record.counters,
    successCount: record.counters.successCount + 1,
    errorsSinceLastSuccess: 0,
    lastSuccess: new Date(nowMs).toISOString(),
  };
  const exhausted = record.schedule?.kind === 'iso' && record.nextDueMs === undefined && record.active.length === 0;
  const definition = exhausted && !record.definition.disabled ? { ...record.definition, disabled: true } : record.definition;
  return {
    record: { ...record, definition, counters, lastOutcome: 'success' },
    history,
    fireChildren: true,
    notify: definition !== record.definition ? 'disabled' : undefined,
  };
}

export function historyOf(run: Run): RunRecord {
  return {
    taskId: run.taskId,
    jobName: run.jobName,
    dueMs: run.dueMs,
    attempt: run.attempt,
    arguments: run.arguments,
    state: run.state,
    launchedMs: run.launchedMs,
    startedMs: run.startedMs,
    endedMs: run.endedMs,
    agentId: run.agentId,
    hostname: run.hostname,
    message: run.message,
  };
}
