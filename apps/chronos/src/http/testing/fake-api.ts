import { invalidArgument, notFound } from '@strato/errors';
import type { ChronosApi, ChronosStats, RunsPage, RunView, SearchQuery } from '../../core/api';
import type { RunRecord } from '../../core/types';

export type FakeCall =
  | { op: 'upsert'; kind: 'iso8601' | 'dependency'; body: unknown }
  | { op: 'runNow'; name: string; args: string | undefined }
  | { op: 'deleteJob'; name: string }
  | { op: 'deleteAll' }
  | { op: 'killTasks'; name: string }
  | { op: 'markSuccess'; name: string }
  | { op: 'search'; query: SearchQuery }
  | { op: 'runs'; name: string; offset: number; limit: number };

/**
 * An in-memory `ChronosApi` for route tests: jobs by name with their history (newest first); records every
 * call; throws the core's INVALID_ARGUMENT / NOT_FOUND where the real one would. `failWith` makes the next
 * call of any method throw it (to test the 500 path).
 */
export class FakeApi implements ChronosApi {
  readonly calls: FakeCall[] = [];
  readonly jobMap = new Map<string, Record<string, unknown>>();
  readonly historyMap = new Map<string, RunRecord[]>();
  /** Runs queued or running now, per job (the `active` of `runs`). */
  readonly activeMap = new Map<string, RunView[]>();
  statsValue: ChronosStats = { jobs: 0, queued: 0, highQueued: 0, running: 0, launched: 0, succeeded: 0, failed: 0, perJob: new Map() };
  failWith: unknown = undefined;

  addJob(job: Record<string, unknown>, history: RunRecord[] = []): void {
    this.jobMap.set(String(job.name), job);
    this.historyMap.set(String(job.name), history);
  }

  private check(): void {
    if (this.failWith === undefined) return;
    const error = this.failWith;
    this.failWith = undefined;
    throw error;
  }

  private require(name: string): Record<string, unknown> {
    this.check();
    const job = this.jobMap.get(name);
    if (!job) throw notFound(`Job '${name}' not found`);
    return job;
  }

  async upsert(kind: 'iso8601' | 'dependency', body: unknown): Promise<void> {
    this.check();
    const job = body as Record<string, unknown>;
    if (typeof job !== 'object' || job === null || Array.isArray(job) || typeof job.name !== 'string') {
      throw invalidArgument('Job must be a JSON object with a name');
    }
    if (kind === 'iso8601' && typeof job.schedule !== 'string') throw invalidArgument("Cannot parse schedule 'undefined'");
    if (kind === 'dependency' && (!Array.isArray(job.parents) || job.parents.length === 0)) {
      throw invalidArgument('Dependent job must have at least one parent');
    }
    this.calls.push({ op: 'upsert', kind, body });
    this.jobMap.set(job.name, job);
  }

  jobs(): Record<string, unknown>[] {
    this.check();
    return [...this.jobMap.values()].sort((a, b) => String(a.name).localeCompare(String(b.name)));
  }

  job(name: string): Record<string, unknown> | undefined {
    this.check();
    return this.jobMap.get(name);
  }

  search(query: SearchQuery): Record<string, unknown>[] {
    this.check();
    this.calls.push({ op: 'search', query });
    const needle = (query.any ?? query.name ?? '').toLowerCase();
    return this.jobs().filter((j) => String(j.name).toLowerCase().includes(needle));
  }

  summary(): Record<string, unknown>[] {
    return this.jobs().map((j) => ({ name: j.name, status: 'fresh', state: 'idle', schedule: j.schedule ?? '', parents: [], disabled: false }));
  }

  async runNow(name: string, args?: string): Promise<void> {
    this.require(name);
    this.calls.push({ op: 'runNow', name, args });
  }

  async deleteJob(name: string): Promise<void> {
    this.require(name);
    this.calls.push({ op: 'deleteJob', name });
    this.jobMap.delete(name);
  }

  async deleteAll(): Promise<void> {
    this.check();
    this.calls.push({ op: 'deleteAll' });
    this.jobMap.clear();
  }

  async killTasks(name: string): Promise<void> {
    this.require(name);
    this.calls.push({ op: 'killTasks', name });
  }

  async markSuccess(name: string): Promise<void> {
    this.require(name);
    this.calls.push({ op: 'markSuccess', name });
  }

  history(name: string): readonly RunRecord[] {
    this.check();
    return this.historyMap.get(name) ?? [];
  }

  runs(name: string, offset: number, limit: number): RunsPage {
    this.require(name);
    this.calls.push({ op: 'runs', name, offset, limit });
    const all = this.history(name);
    return { jobName: name, total: all.length, offset, limit, runs: all.slice(offset, offset + limit).map(runView), active: this.activeMap.get(name) ?? [] };
  }

  graphDot(): string {
    this.check();
    return `digraph G {\n${this.jobs().map((j, i) => `  ${i} [label="${String(j.name)}"];`).join('\n')}\n}\n`;
  }

  graphCsv(): string {
    this.check();
    return this.jobs().map((j) => `node,${String(j.name)},fresh,idle\n`).join('');
  }

  stats(): ChronosStats {
    this.check();
    return this.statsValue;
  }
}

function runView(r: RunRecord): RunView {
  const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());
  return { taskId: r.taskId, due: iso(r.dueMs)!, attempt: r.attempt, arguments: r.arguments, state: r.state, started: iso(r.startedMs), ended: iso(r.endedMs) };
}

/** A finished run of `job` due at `dueMs`, ended `tookMs` later (started 1 s after due). */
export function run(job: string, dueMs: number, tookMs: number, state: RunRecord['state'] = 'success', extra: Partial<RunRecord> = {}): RunRecord {
  return {
    taskId: `ct:${dueMs}:0:${job}:`,
    jobName: job,
    dueMs,
    attempt: 0,
    arguments: '',
    state,
    startedMs: dueMs + 1000,
    endedMs: dueMs + tookMs,
    agentId: 'agent-1',
    ...extra,
  };
}
