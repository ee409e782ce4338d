// The Chronos benchmark's cluster (master, two agents, Chronos as child processes on free ports in a
// temp dir, stopped again by `cleanup`; see cluster-utils) and its small REST client: job bodies, counters, runs.
import { percentile } from './bench-utils';
import { type Cluster, type FrameworkSpec, servicePids as pidsOf, startCluster as startClusterWith, stopCluster as stopClusterOf } from './cluster-utils';

/** Enough that resources never limit: 10,000 runs of cpus 0.01 / mem 8 fit on one agent at once. */
export const AGENT_RESOURCES = 'cpus:1000;mem:1000000;disk:1000000;ports:[31000-33000]';

const CHRONOS: FrameworkSpec = {
  app: 'chronos',
  label: 'Chronos',
  // Chronos reads `disk: 0` as "the default", so the default is 0 here.
  args: ['--mesos_task_disk=0'],
  registeredPath: '/health',
};

export type { Cluster };

/** Master, two agents with `AGENT_RESOURCES` and Chronos, in `dir`; see `cluster-utils`. */
export async function startCluster(c: Cluster, dir: string, nodeFlags: readonly string[]): Promise<{ chronosUrl: string; masterUrl: string }> {
  const { frameworkUrl, masterUrl } = await startClusterWith(c, { dir, nodeFlags, agentResources: AGENT_RESOURCES, framework: CHRONOS });
  return { chronosUrl: frameworkUrl, masterUrl };
}

/** Stops Chronos, the agents, the master and any task left (see `cluster-utils`). */
export const stopCluster = (c: Cluster, log: (msg: string) => void): Promise<void> => stopClusterOf(c, CHRONOS.label, log);

/** The services' pids, labelled, for CPU accounting. */
export const servicePids = (c: Cluster): Record<string, number> => pidsOf(c, CHRONOS.label);

// ---------------------------------------------------------------- REST client

export const jobName = (i: number) => `bench-${String(i).padStart(5, '0')}`;

/** A one-shot job: `R1/<due, ms precision>/PT1H`, `true`, tiny resources. */
export const jobBody = (name: string, dueMs: number) => ({
  name, command: 'true', schedule: `R1/${new Date(dueMs).toISOString()}/PT1H`, cpus: 0.01, mem: 8, disk: 0, owner: 'bench@example.com',
});

export async function postJob(url: string, body: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${url}/scheduler/iso8601`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (res.status !== 204) throw new Error(`POST /scheduler/iso8601 ${String(body.name)}: ${res.status} ${await res.text()}`);
}

export interface Counters {
  launched: number;
  success: number;
  failure: number;
  queued: number;
}

/**
 * Chronos' counters from `/metrics/prometheus` (`chronos_chronos_tasks_launched N`): `/metrics` would do
 * too, but it adds a success and a failure counter per job (20,000 entries at 10,000 jobs), which is
 * real work on Chronos' event loop every poll, in the middle of the window being measured.
 */
export async function counters(url: string): Promise<Counters> {
  const text = await (await fetch(`${url}/metrics/prometheus`)).text();
  const value = (name: string) => Number(new RegExp(`^chronos_chronos_${name} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);
  return { launched: value('tasks_launched'), success: value('runs_success'), failure: value('runs_failure'), queued: value('runs_due') - value('tasks_launched') };
}

interface RunJson {
  taskId: string;
  due: string;
  launched?: string;
  started?: string;
  ended?: string;
  state: string;
}

/** One job's latest run, finished or not, as epoch ms. */
export interface RunTimes {
  name: string;
  state: string;
  dueMs: number;
  launchedMs?: number;
  startedMs?: number;
  endedMs?: number;
  /** Runs of the job, finished and active (1 expected). */
  count: number;
}

const ms = (iso: string | undefined) => (iso === undefined ? undefined : Date.parse(iso));

export async function latestRun(url: string, name: string): Promise<RunTimes | undefined> {
  const res = await fetch(`${url}/v1/scheduler/job/${encodeURIComponent(name)}/runs?limit=5`);
  if (res.status !== 200) throw new Error(`GET runs of ${name}: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { runs: RunJson[]; active: RunJson[] };
  const all = [...body.active, ...body.runs];
  const run = all[0];
  if (!run) return undefined;
  return { name, state: run.state, dueMs: Date.parse(run.due), launchedMs: ms(run.launched), startedMs: ms(run.started), endedMs: ms(run.ended), count: all.length };
}

/** `p50 a ms, p99 b ms, max c ms (n)`, or `no samples`. */
export function spread(xs: readonly number[]): { p50: number; p99: number; max: number; text: string } {
  if (xs.length === 0) return { p50: NaN, p99: NaN, max: NaN, text: 'no samples' };
  const p50 = percentile(xs, 50);
  const p99 = percentile(xs, 99);
  const max = xs.reduce((a, b) => Math.max(a, b), -Infinity);
  return { p50, p99, max, text: `p50 ${p50.toFixed(0)} ms, p99 ${p99.toFixed(0)} ms, max ${max.toFixed(0)} ms (n=${xs.length})` };
}

/** How many times better (or worse) `ours` ms is than the anchor slip in ms. */
export function versus(anchorMs: number, oursMs: number, anchorText: string): string {
  const r = anchorMs / Math.max(oursMs, 1);
  return r >= 1 ? `${r.toFixed(r >= 10 ? 0 : 1)}x better than ${anchorText}` : `${(1 / r).toFixed(1)}x worse than ${anchorText}`;
}
