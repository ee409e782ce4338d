import { jobToJson } from '@strato/job-definition';
import { formatSchedule } from '@strato/job-schedule';
import type { RunView } from './api';
import type { JobRecord, Run, RunRecord } from './types';

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

/** A job in Chronos' JSON: the schedule as rewritten by the runs consumed so far, and when it runs next. */
export function jobJson(record: JobRecord): Record<string, unknown> {
  const scheduleText = record.schedule ? formatSchedule(record.schedule) : undefined;
  const nextRun = record.definition.disabled ? undefined : iso(record.nextDueMs);
  return jobToJson(record.definition, record.counters, { scheduleText, nextRun });
}

/** Chronos' live state of a job: idle, queued, running or "N running". */
export function currentState(record: JobRecord): string {
  const running = record.active.filter((r) => r.state !== 'queued').length;
  if (running > 1) return `${running} running`;
  if (running === 1) return 'running';
  return record.active.length > 0 ? 'queued' : 'idle';
}

/** GET /v1/scheduler/jobs/summary: one entry per job (the 3.x UI's list). */
export function summaryJson(record: JobRecord): Record<string, unknown> {
  const def = record.definition;
  return {
    name: def.name,
    status: record.lastOutcome,
    state: currentState(record),
    schedule: record.schedule ? formatSchedule(record.schedule) : '',
    parents: def.parents ?? [],
    disabled: def.disabled,
  };
}

export function runView(run: Run | RunRecord, waitingReason?: string): RunView {
  return {
    taskId: run.taskId,
    due: new Date(run.dueMs).toISOString(),
    attempt: run.attempt,
    arguments: run.arguments,
    state: run.state,
    launched: iso(run.launchedMs),
    started: iso(run.startedMs),
    ended: iso(run.endedMs),
    agentId: run.agentId,
    hostname: run.hostname,
    message: run.message ?? waitingReason,
  };
}
