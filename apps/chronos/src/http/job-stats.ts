import type { RunRecord, RunState } from '../core/types';

/** The histogram of `GET /scheduler/job/stat/{name}`, every value in milliseconds. */
export interface JobHistogram {
  readonly '75thPercentile': number;
  readonly '95thPercentile': number;
  readonly '98thPercentile': number;
  readonly '99thPercentile': number;
  readonly median: number;
  readonly mean: number;
  readonly count: number;
}

/** One entry of `taskStatHistory`, shaped like Chronos' Cassandra-backed `TaskStat`. */
export interface TaskStat {
  readonly taskId: string;
  readonly jobName: string;
  readonly slaveId: string;
  readonly startTime: string;
  readonly endTime: string;
  readonly duration: string;
  readonly status: string;
  readonly numElementsProcessed?: number;
}

export interface JobStats {
  readonly histogram: JobHistogram;
  readonly taskStatHistory: readonly TaskStat[];
}

/** The keys `GET /scheduler/stats/{percentile}` accepts, in Chronos' spelling. */
export const PERCENTILES = ['99thPercentile', '98thPercentile', '95thPercentile', '75thPercentile', 'median', 'mean'] as const;
export type Percentile = (typeof PERCENTILES)[number];

export function isPercentile(value: string): value is Percentile {
  return (PERCENTILES as readonly string[]).includes(value);
}

/** Chronos' job_history_limit default. */
export const DEFAULT_HISTORY_LIMIT = 5;

const STATUS: Record<RunState, string> = {
  success: 'success',
  failure: 'fail',
  killed: 'killed',
  skipped: 'skipped',
  // History holds finished runs only; these keep the mapping total should a live run ever show up.
  queued: 'idle',
  staging: 'running',
  running: 'running',
};

/** Job stats from its finished runs (newest first, as `ChronosApi.history` gives them). */
export function jobStats(history: readonly RunRecord[], historyLimit = DEFAULT_HISTORY_LIMIT): JobStats {
  return {
    histogram: histogram(history),
    taskStatHistory: history.slice(0, Math.max(0, historyLimit)).map(taskStat),
  };
}

/**
 * Histogram of successful runs, measured from the due time to the end as Chronos does (so time spent queued
 * counts). Percentiles use the nearest rank; `mean` is the real mean, not Chronos' median-printed-as-mean.
 */
export function histogram(history: readonly RunRecord[]): JobHistogram {
  const values = history
    .filter((r) => r.state === 'success' && r.endedMs !== undefined)
    .map((r) => Math.max(0, r.endedMs! - r.dueMs))
    .sort((a, b) => a - b);
  const sum = values.reduce((acc, v) => acc + v, 0);
  return {
    '75thPercentile': nearestRank(values, 75),
    '95thPercentile': nearestRank(values, 95),
    '98thPercentile': nearestRank(values, 98),
    '99thPercentile': nearestRank(values, 99),
    median: nearestRank(values, 50),
    mean: values.length === 0 ? 0 : sum / values.length,
    count: values.length,
  };
}

/** The p-th percentile of ascending `sorted` by nearest rank; 0 when empty. */
export function nearestRank(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

function taskStat(run: RunRecord): TaskStat {
  const hasSpan = run.startedMs !== undefined && run.endedMs !== undefined;
  return {
    taskId: run.taskId,
    jobName: run.jobName,
    slaveId: run.agentId ?? '',
    startTime: formatTime(run.startedMs),
    endTime: formatTime(run.endedMs),
    duration: hasSpan ? formatElapsed(run.endedMs! - run.startedMs!) : 'N/A',
    status: STATUS[run.state],
  };
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** `MM/dd/yy HH:mm:ss` in UTC (Chronos' TaskStat format), or `N/A`. */
export function formatTime(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return 'N/A';
  const d = new Date(ms);
  const date = `${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}/${pad(d.getUTCFullYear() % 100)}`;
  return `${date} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** `1d2h3m4s`: whole seconds, leading zero units dropped, `0s` for under a second. */
export function formatElapsed(ms: number): string {
  let seconds = Math.floor(Math.max(0, ms) / 1000);
  const parts: Array<[number, string]> = [];
  for (const [size, unit] of [[86_400, 'd'], [3_600, 'h'], [60, 'm']] as const) {
    parts.push([Math.floor(seconds / size), unit]);
    seconds %= size;
  }
  parts.push([seconds, 's']);
  const first = parts.findIndex(([n]) => n > 0);
  if (first < 0) return '0s';
  return parts
    .slice(first)
    .map(([n, unit]) => `${n}${unit}`)
    .join('');
}

/** One row of `GET /scheduler/stats/{percentile}`: the job's value in seconds. */
export function percentileSeconds(h: JobHistogram, percentile: Percentile): number {
  return h[percentile] / 1000;
}
