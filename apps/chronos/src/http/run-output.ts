import { notFound, unavailable } from '@strato/errors';
import { Express, Router } from 'express';
import type { ChronosApi } from '../core/api';
import { SCHEDULER_PREFIXES } from './scheduler-routes';

/** The sandbox files a run's output link may name (the master's `/master/sandbox` serves these two). */
export const RUN_OUTPUT_FILES = ['stdout', 'stderr'] as const;
export type RunOutputFile = (typeof RUN_OUTPUT_FILES)[number];

/** Where the output lives: the leading master's HTTP API and the framework id Chronos runs its tasks under. */
export interface RunOutputView {
  /** `http://host:port` of the leading master's HTTP API, undefined while none is known. */
  masterUrl(): string | undefined;
  frameworkId(): string | undefined;
}

/** What the master says about itself (a `MasterInfo`): its host and HTTP port (0 when it did not say). */
export interface MasterAddress {
  readonly hostname: string;
  readonly port: number;
}

/** `http://host:port` of a master's HTTP API (IPv6 in brackets); undefined without a usable address. */
export function masterHttpUrl(master: MasterAddress | undefined): string | undefined {
  if (!master || !master.hostname || !Number.isInteger(master.port) || master.port <= 0) return undefined;
  const host = master.hostname.includes(':') && !master.hostname.startsWith('[') ? `[${master.hostname}]` : master.hostname;
  return `http://${host}:${master.port}`;
}

/** The master's link to a task's sandbox file: it answers 307 to the agent's `/files/download`. */
export function sandboxUrl(masterUrl: string, run: { frameworkId: string; agentId: string; taskId: string; file: RunOutputFile }): string {
  const query = new URLSearchParams({ agent_id: run.agentId, framework_id: run.frameworkId, task_id: run.taskId, file: run.file });
  return `${masterUrl.replace(/\/+$/, '')}/master/sandbox?${query.toString()}`;
}

/** The agent a run of `name` (finished or active) was launched on; NOT_FOUND for an unknown job or run, or one never launched. */
export function runAgent(api: ChronosApi, name: string, taskId: string): string {
  // `runs` throws NOT_FOUND for an unknown job; limit 0: only the active runs, the finished ones come from `history`.
  const { active } = api.runs(name, 0, 0);
  const run = [...active, ...api.history(name)].find((r) => r.taskId === taskId);
  if (!run) throw notFound(`Run '${taskId}' of job '${name}' not found`);
  if (!run.agentId) throw notFound(`Run '${taskId}' of job '${name}' has not been launched on an agent yet: it has no output`);
  return run.agentId;
}

/**
 * `GET /scheduler/job/{name}/runs/{taskId}/stdout|stderr` (our extension, under both prefixes): 307 to the
 * leading master's `/master/sandbox`, which redirects on to the agent that holds the file, so a plain link in
 * the web UI opens a run's output. 404 for an unknown job or run, 503 while no master or framework id is known.
 */
export function runOutputRoutes(app: Express, api: ChronosApi, view: RunOutputView): void {
  const router = Router();
  for (const file of RUN_OUTPUT_FILES) {
    router.get(`/job/:name/runs/:taskId/${file}`, (req, res) => {
      const { name, taskId } = req.params;
      const agentId = runAgent(api, name, taskId);
      const frameworkId = view.frameworkId();
      if (!frameworkId) throw unavailable('Chronos has not registered with the master yet: no framework id to find the output under');
      const masterUrl = view.masterUrl();
      if (!masterUrl) throw unavailable('No leading master is known: cannot reach the output of the run');
      res.redirect(307, sandboxUrl(masterUrl, { frameworkId, agentId, taskId, file }));
    });
  }
  for (const prefix of SCHEDULER_PREFIXES) app.use(prefix, router);
}
