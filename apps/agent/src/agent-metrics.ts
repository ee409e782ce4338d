import { Clock } from '@strato/clock';
import { TaskState } from '@strato/domain';
import { Resources } from '@strato/resources';
import { Metrics } from '@strato/service';
import { latestState, TaskRecord } from './task-record';

export interface MetricSources {
  readonly clock: Clock;
  readonly startTimeMs: number;
  readonly total: () => Resources;
  readonly used: () => Resources;
  readonly tasks: () => readonly TaskRecord[];
  readonly registered: () => boolean;
  readonly pendingUpdates: () => number;
}

const COUNTED_STATES = ['finished', 'failed', 'killed', 'lost', 'error'];
const LIVE_STATES: Array<[string, TaskState]> = [
  ['staging', 'TASK_STAGING'],
  ['starting', 'TASK_STARTING'],
  ['running', 'TASK_RUNNING'],
  ['killing', 'TASK_KILLING'],
];

const percent = (used: number, total: number) => (total > 0 ? used / total : 0);

/** Mesos agent metric names (`slave/...`) as gauges over the agent's live state. */
export function registerAgentMetrics(metrics: Metrics, s: MetricSources): void {
  for (const state of COUNTED_STATES) metrics.increment(`slave/tasks_${state}`, 0);
  metrics.increment('slave/container_launch_errors', 0);
  for (const [name, state] of LIVE_STATES) {
    metrics.gauge(`slave/tasks_${name}`, () => s.tasks().filter((r) => latestState(r) === state).length);
  }
  metrics.gauge('slave/executors_running', () => s.tasks().filter((r) => r.phase === 'running').length);
  metrics.gauge('slave/registered', () => (s.registered() ? 1 : 0));
  metrics.gauge('slave/uptime_secs', () => (s.clock.now() - s.startTimeMs) / 1000);
  metrics.gauge('slave/status_updates_pending', s.pendingUpdates);
  const scalars: Array<[string, (r: Resources) => number]> = [
    ['cpus', (r) => r.cpus()],
    ['mem', (r) => r.mem()],
    ['disk', (r) => r.disk()],
    ['gpus', (r) => r.gpus()],
  ];
  for (const [name, read] of scalars) {
    metrics.gauge(`slave/${name}_total`, () => read(s.total()));
    metrics.gauge(`slave/${name}_used`, () => read(s.used()));
    metrics.gauge(`slave/${name}_percent`, () => percent(read(s.used()), read(s.total())));
  }
}
