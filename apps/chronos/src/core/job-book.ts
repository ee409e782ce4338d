import type { ChronosRepository } from '../state/repository';
import { DueHeap } from './due-heap';
import { mayStartRun } from './plan';
import type { JobRecord, Run, RunRecord } from './types';

/** Changes to commit together: one durable write, then applied in memory. */
export interface BookChange {
  readonly jobs?: readonly JobRecord[];
  readonly deleted?: readonly string[];
  /** Finished runs to add to their job's history (newest last in this list). */
  readonly finished?: readonly RunRecord[];
}

/**
 * The jobs in memory, the index of when each is due, and the one way to change them: `commit`
 * persists first and applies after, so nothing is acted on (or answered) before it is durable.
 */
export class JobBook {
  private readonly jobs = new Map<string, JobRecord>();
  private readonly histories = new Map<string, RunRecord[]>();
  private readonly due = new DueHeap();
  private readonly byTask = new Map<string, string>();
  /** Jobs with a queued run, and children by parent: the hot paths never scan every job. */
  private readonly withQueued = new Set<string>();
  private readonly children = new Map<string, Set<string>>();

  constructor(
    private readonly repository: ChronosRepository,
    private readonly historyLimit: number,
  ) {}

  async load(): Promise<void> {
    const state = await this.repository.load();
    for (const [name, runs] of state.histories) this.histories.set(name, runs);
    for (const job of state.jobs) this.apply(job);
  }

  get size(): number {
    return this.jobs.size;
  }

  get(name: string): JobRecord | undefined {
    return this.jobs.get(name);
  }

  all(): JobRecord[] {
    return [...this.jobs.values()];
  }

  history(name: string): readonly RunRecord[] {
    return this.histories.get(name) ?? [];
  }

  /** The job an active run (by task id) belongs to. */
  jobOfTask(taskId: string): JobRecord | undefined {
    const name = this.byTask.get(taskId);
    return name === undefined ? undefined : this.jobs.get(name);
  }

  /** Jobs that have a run waiting for an offer. */
  queuedJobs(): JobRecord[] {
    return [...this.withQueued].map((name) => this.jobs.get(name)!);
  }

  /** Names of the jobs that list `parent` among their parents. */
  childrenOf(parent: string): string[] {
    return [...(this.children.get(parent) ?? [])];
  }

  /** The job definitions by name, for graph checks (a view, nothing copied). */
  readonly definitions = { get: (name: string) => this.jobs.get(name)?.definition };

  activeRuns(): Run[] {
    return this.all().flatMap((j) => j.active);
  }

  /** Names of the jobs whose next occurrence is due at or before `nowMs` (removed from the index). */
  popDue(nowMs: number): string[] {
    return this.due.popDue(nowMs);
  }

  nextDueMs(): number | undefined {
    return this.due.peek();
  }

  async commit(change: BookChange): Promise<void> {
    const histories = new Map<string, RunRecord[]>();
    for (const run of change.finished ?? []) {
      if (change.deleted?.includes(run.jobName)) continue;
      const list = histories.get(run.jobName) ?? [...this.history(run.jobName)];
      list.unshift(run);
      if (list.length > this.historyLimit) list.length = this.historyLimit;
      histories.set(run.jobName, list);
    }
    await this.repository.write({ jobs: change.jobs, deleted: change.deleted, histories });
    for (const name of change.deleted ?? []) this.remove(name);
    for (const job of change.jobs ?? []) this.apply(job);
    for (const [name, runs] of histories) this.histories.set(name, runs);
  }

  /** Replaces records in memory only: for details a crash may lose (the exact time a launch was sent). */
  amend(jobs: readonly JobRecord[]): void {
    for (const job of jobs) if (this.jobs.has(job.definition.name)) this.apply(job);
  }

  /** Puts jobs back in the due index as their records say (after `popDue`, when nothing was committed). */
  rearm(names: readonly string[]): void {
    for (const name of names) {
      const job = this.jobs.get(name);
      if (job) this.index(job);
    }
  }

  private index(job: JobRecord): void {
    const waiting = job.schedule && !job.definition.disabled && mayStartRun(job);
    this.due.set(job.definition.name, waiting ? job.nextDueMs : undefined);
  }

  private apply(job: JobRecord): void {
    const name = job.definition.name;
    this.unlink(name);
    this.jobs.set(name, job);
    for (const run of job.active) this.byTask.set(run.taskId, name);
    if (job.active.some((r) => r.state === 'queued')) this.withQueued.add(name);
    for (const parent of job.definition.parents ?? []) {
      const set = this.children.get(parent) ?? new Set<string>();
      set.add(name);
      this.children.set(parent, set);
    }
    this.index(job);
  }

  /** Forgets what the indexes know of a job's current record. */
  private unlink(name: string): void {
    const current = this.jobs.get(name);
    if (!current) return;
    for (const run of current.active) this.byTask.delete(run.taskId);
    this.withQueued.delete(name);
    for (const parent of current.definition.parents ?? []) this.children.get(parent)?.delete(name);
  }

  private remove(name: string): void {
    this.unlink(name);
    this.jobs.delete(name);
    this.histories.delete(name);
    this.due.delete(name);
  }
}
