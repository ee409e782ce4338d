import { invalidArgument, notFound } from '@strato/errors';
import { Express, Request, Router } from 'express';
import type { ChronosApi, SearchQuery } from '../core/api';
import { histogram, isPercentile, jobStats, percentileSeconds, PERCENTILES, DEFAULT_HISTORY_LIMIT } from './job-stats';
import { jsonBody } from './json-body';

export interface SchedulerRoutesOptions {
  /** Epoch ms. No route reads it yet; it is part of the contract so the service wires one clock everywhere. */
  now(): number;
  /** Entries of `taskStatHistory` (Chronos' `--job_history_limit`, default 5). */
  readonly historyLimit?: number;
}

/** Chronos 2.x served `/scheduler`, 3.x `/v1/scheduler`; clients of both exist, so both are served. */
export const SCHEDULER_PREFIXES = ['/scheduler', '/v1/scheduler'] as const;

export const RUNS_DEFAULT_LIMIT = 50;
export const RUNS_MAX_LIMIT = 1000;

export const jobNotFound = (name: string): string => `Job '${name}' not found`;

/** The first value of a query parameter (`?a=1&a=2` → `'1'`), if any. */
export function queryString(req: Request, name: string): string | undefined {
  const raw: unknown = (req.query as Record<string, unknown>)[name];
  const first: unknown = Array.isArray(raw) ? raw[0] : raw;
  return typeof first === 'string' ? first : undefined;
}

/** A non-negative integer query parameter (absent → `fallback`), at most `max`; anything else is a 400. */
export function queryCount(req: Request, name: string, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  const value = queryString(req, name);
  if (value === undefined) return fallback;
  const n = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n > max) {
    throw invalidArgument(`Query parameter '${name}' must be an integer between 0 and ${max}, got '${value}'`);
  }
  return n;
}

/**
 * Chronos' scheduler API, mounted under both prefixes. Writes answer 204 with an empty body; errors go to
 * `next` (Express 5 forwards rejected promises) and are mapped by `chronosErrorHandler`.
 */
export function schedulerRoutes(app: Express, api: ChronosApi, options: SchedulerRoutesOptions): void {
  const router = Router();
  jobWriteRoutes(router, api);
  jobReadRoutes(router, api, options);
  taskAndGraphRoutes(router, api);
  for (const prefix of SCHEDULER_PREFIXES) app.use(prefix, router);
}

function jobWriteRoutes(router: Router, api: ChronosApi): void {
  for (const kind of ['iso8601', 'dependency'] as const) {
    // 2.x accepted PUT as well as POST; both create or replace.
    router.post(`/${kind}`, ...jsonBody(), async (req, res) => {
      await api.upsert(kind, req.body);
      res.status(204).end();
    });
    router.put(`/${kind}`, ...jsonBody(), async (req, res) => {
      await api.upsert(kind, req.body);
      res.status(204).end();
    });
  }
  router.put('/job/success/:name', async (req, res) => {
    await api.markSuccess(req.params.name);
    res.type('text/plain').send(`marked job ${req.params.name} as successful: true`);
  });
  router.put('/job/:name', async (req, res) => {
    await api.runNow(req.params.name, queryString(req, 'arguments'));
    res.status(204).end();
  });
  router.delete('/job/:name', async (req, res) => {
    await api.deleteJob(req.params.name);
    res.status(204).end();
  });
  router.delete('/jobs', async (_req, res) => {
    await api.deleteAll();
    res.status(204).end();
  });
}

function jobReadRoutes(router: Router, api: ChronosApi, options: SchedulerRoutesOptions): void {
  const historyLimit = options.historyLimit ?? DEFAULT_HISTORY_LIMIT;
  router.get('/jobs', (_req, res) => {
    res.json(api.jobs());
  });
  router.get('/jobs/summary', (_req, res) => {
    res.json({ jobs: api.summary() });
  });
  router.get('/jobs/search', (req, res) => {
    res.json(api.search(searchQuery(req)));
  });
  // Registered before `/job/:name` only for readability: a two-segment path never matches the one-segment route.
  router.get('/job/stat/:name', (req, res) => {
    const name = req.params.name;
    if (api.job(name) === undefined) throw notFound(jobNotFound(name));
    res.json(jobStats(api.history(name), historyLimit));
  });
  router.get('/job/:name/runs', (req, res) => {
    const offset = queryCount(req, 'offset', 0);
    const limit = queryCount(req, 'limit', RUNS_DEFAULT_LIMIT, RUNS_MAX_LIMIT);
    res.json(api.runs(req.params.name, offset, limit));
  });
  // Chronos answered 400 for an unknown job here; 404 is deliberate (it is what every other route says).
  router.get('/job/:name', (req, res) => {
    const job = api.job(req.params.name);
    if (job === undefined) throw notFound(jobNotFound(req.params.name));
    res.json(job);
  });
  router.get('/stats/:percentile', (req, res) => {
    res.json(percentileRows(api, req.params.percentile));
  });
}

function taskAndGraphRoutes(router: Router, api: ChronosApi): void {
  router.delete('/task/kill/:name', async (req, res) => {
    await api.killTasks(req.params.name);
    res.status(204).end();
  });
  router.get('/graph/dot', (_req, res) => {
    res.type('text/plain').send(api.graphDot());
  });
  router.get('/graph/csv', (_req, res) => {
    res.type('text/plain').send(api.graphCsv());
  });
}

/** Only the parameters given, as strings: the core owns defaults and validation of `limit` / `offset`. */
function searchQuery(req: Request): SearchQuery {
  const query: Record<string, string> = {};
  for (const key of ['name', 'command', 'any', 'limit', 'offset'] as const) {
    const value = queryString(req, key);
    if (value !== undefined) query[key] = value;
  }
  return query;
}

/** `[{jobNameLabel, time}]` in seconds for every job, slowest first (ties by name, for a stable answer). */
function percentileRows(api: ChronosApi, percentile: string): Array<{ jobNameLabel: string; time: number }> {
  if (!isPercentile(percentile)) {
    throw invalidArgument(`Unknown percentile '${percentile}': expected one of ${PERCENTILES.join(', ')}`);
  }
  const rows = api.jobs().map((job) => {
    const name = String(job.name);
    return { jobNameLabel: name, time: percentileSeconds(histogram(api.history(name)), percentile) };
  });
  return rows.sort((a, b) => b.time - a.time || a.jobNameLabel.localeCompare(b.jobNameLabel));
}
