import { notFound } from '@strato/errors';
import { Metrics } from '@strato/service';
import { Express } from 'express';
import type { ChronosApi, ChronosStats } from '../core/api';

/** What every instance (leader or standby) answers about itself. */
export interface LocalView {
  readonly metrics: Metrics;
  stats(): ChronosStats;
  frameworkId(): string | undefined;
}

export interface SystemView {
  readonly metrics: Metrics;
  readonly api: ChronosApi;
  /** `host:port` of the elected leader, undefined while there is none. */
  leader(): string | undefined;
  frameworkId(): string | undefined;
}

/** A standby's numbers: it schedules nothing (its `/metrics` describe this process, as Chronos' did). */
export const IDLE_STATS: ChronosStats = { jobs: 0, queued: 0, highQueued: 0, running: 0, launched: 0, succeeded: 0, failed: 0, perJob: new Map() };

/** Chronos' metric names, kept so existing dashboards keep working. */
export const TASK_MANAGER = 'org.apache.mesos.chronos.scheduler.jobs.TaskManager';

/** `/ping`, `/leader`, `/health`, `/metrics` and `/metrics/prometheus` (no prefix, as in Chronos). */
export function systemRoutes(app: Express, view: SystemView): void {
  app.get('/leader', (_req, res) => {
    const leader = view.leader();
    if (leader === undefined) throw notFound('There is no leader');
    res.json({ leader });
  });
  localRoutes(app, { metrics: view.metrics, stats: () => view.api.stats(), frameworkId: () => view.frameworkId() });
}

/** `/ping`, `/health`, `/metrics` and `/metrics/prometheus`: what a standby answers itself instead of proxying. */
export function localRoutes(app: Express, view: LocalView): void {
  app.get('/ping', (_req, res) => {
    res.type('text/plain').send('pong');
  });
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok', frameworkId: view.frameworkId() ?? null });
  });
  app.get('/metrics', (_req, res) => {
    res.json(dropwizard(view.stats(), view.metrics.snapshot()));
  });
  app.get('/metrics/prometheus', (_req, res) => {
    res.type('text/plain').send(view.metrics.prometheus('chronos'));
  });
}

/** The Dropwizard registry JSON Chronos served: gauges as `{value}`, counters as `{count}`. */
export function dropwizard(stats: ChronosStats, snapshot: Record<string, number>): Record<string, unknown> {
  const gauges: Record<string, { value: number }> = {};
  for (const [name, value] of Object.entries(snapshot)) gauges[name] = { value };
  gauges[`${TASK_MANAGER}.queueSize`] = { value: stats.queued };
  gauges[`${TASK_MANAGER}.highQueueSize`] = { value: stats.highQueued };
  gauges['jobs.count'] = { value: stats.jobs };
  gauges['jobs.running'] = { value: stats.running };

  const counters: Record<string, { count: number }> = {
    'jobs.launched': { count: stats.launched },
    'jobs.run.success': { count: stats.succeeded },
    'jobs.run.failure': { count: stats.failed },
  };
  for (const [job, c] of [...stats.perJob].sort(([a], [b]) => a.localeCompare(b))) {
    counters[`jobs.run.success.${job}`] = { count: c.success };
    counters[`jobs.run.failure.${job}`] = { count: c.failure };
  }
  return { version: '4.0.0', gauges, counters, histograms: {}, meters: {}, timers: {} };
}
