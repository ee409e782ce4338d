import { createHttpApp, Metrics, serveUi, uiDir } from '@strato/service';
import { Express } from 'express';
import type { ChronosApi } from '../core/api';
import { cors, corsOnError } from './cors';
import { chronosErrorHandler, notFoundHandler } from './errors';
import { runOutputRoutes } from './run-output';
import { schedulerRoutes } from './scheduler-routes';
import { systemRoutes } from './system-routes';

export { chronosErrorHandler, notFoundHandler, PayloadTooLargeError, sendError } from './errors';
export { jobStats, formatElapsed, formatTime, PERCENTILES, type JobStats, type Percentile } from './job-stats';
export { masterHttpUrl, runOutputRoutes, sandboxUrl, RUN_OUTPUT_FILES, type MasterAddress, type RunOutputFile, type RunOutputView } from './run-output';
export { schedulerRoutes, SCHEDULER_PREFIXES, type SchedulerRoutesOptions } from './scheduler-routes';
export { IDLE_STATS, localRoutes, systemRoutes, type LocalView, type SystemView } from './system-routes';
export { standbyHttpApp, type StandbyHttpOptions } from './standby';

/** What the system routes read besides the API. */
export interface ChronosHttpView {
  readonly metrics: Metrics;
  leader(): string | undefined;
  frameworkId(): string | undefined;
  /** `http://host:port` of the leading master's HTTP API (for the links to a run's output), undefined while none is known. */
  masterUrl(): string | undefined;
}

export interface ChronosHttpOptions {
  /** Epoch ms. */
  now(): number;
  /** Entries of `taskStatHistory` in `/job/stat` (default 5). */
  readonly historyLimit?: number;
  /** Where unexpected errors (answered 500) are reported. */
  log(error: unknown): void;
}

/**
 * Chronos' whole HTTP surface over `api`: CORS first so every answer (404s and errors too) carries it, then the
 * system and scheduler routes, the web UI, then the 404 and the error handler. The caller listens (`listenHttp`).
 */
export function chronosHttpApp(api: ChronosApi, view: ChronosHttpView, options: ChronosHttpOptions): Express {
  const app = createHttpApp();
  app.use(cors());
  // Bound explicitly rather than spread: `view` may be a class instance whose methods live on its prototype.
  systemRoutes(app, { metrics: view.metrics, api, leader: () => view.leader(), frameworkId: () => view.frameworkId() });
  schedulerRoutes(app, api, { now: () => options.now(), historyLimit: options.historyLimit });
  runOutputRoutes(app, api, { masterUrl: () => view.masterUrl(), frameworkId: () => view.frameworkId() });
  // The web UI at `/` (index.html and its assets from dist/ui), after the API so no API path is shadowed.
  serveUi(app, '/', uiDir(__dirname));
  app.use(notFoundHandler);
  app.use(corsOnError());
  app.use(chronosErrorHandler((error) => options.log(error)));
  return app;
}
