import { invalidArgument, notFound } from '@strato/errors';
import { checkGraph, JobDefinition, JobValidationError, NO_COUNTERS, parseJob, rewireOnDelete } from '@strato/job-definition';
import { durationMs, formatSchedule, nextDue, parseSchedule, Schedule, ScheduleError } from '@strato/job-schedule';
import { fireChildren } from './children';
import { CoreContext, logError } from './context';
import type { Launcher } from './launcher';
import { historyOf, planRunNow, succeeded } from './plan';
import type { JobRecord, RunRecord } from './types';

/** Chronos' job without a schedule runs once, now (`R1/<now>/PT24H`). */
const RUN_ONCE = 'R1//PT24H';

/** Turns library validation errors into the typed error the REST layer answers with 400. */
function validated<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof JobValidationError || error instanceof ScheduleError) throw invalidArgument(error.message);
    throw error;
  }
}

/** The REST API's writes: each validates fully, persists, then acts (launches, kills, notifications). */
export class JobWrites {
  constructor(
    private readonly ctx: CoreContext,
    private readonly launcher: Launcher,
  ) {}

  async upsert(kind: 'iso8601' | 'dependency', body: unknown): Promise<void> {
    const now = this.ctx.clock.now();
    const def = validated(() => parseJob(body, kind, this.ctx.config.defaults));
    const existing = this.ctx.book.get(def.name);
    const schedule = validated(() => this.scheduleOf(def, existing, now));
    const graphError = checkGraph(this.ctx.book.definitions, def);
    if (graphError) throw invalidArgument(graphError);
    const keepPosition = schedule !== undefined && existing?.schedule !== undefined && existing.definition.schedule === def.schedule && existing.definition.scheduleTimeZone === def.scheduleTimeZone;
    // A disabled job's queued runs are dropped (Chronos drops them at offer time); launched ones go on.
    const active = (existing?.active ?? []).filter((r) => !def.disabled || r.state !== 'queued');
    const record: JobRecord = {
      definition: schedule && def.schedule === undefined ? { ...def, schedule: RUN_ONCE } : def,
      counters: existing?.counters ?? NO_COUNTERS,
      schedule: keepPosition ? existing!.schedule : schedule,
      nextDueMs: keepPosition ? existing!.nextDueMs : schedule && nextDue(schedule, now),
      parentsDone: (existing?.parentsDone ?? []).filter((p) => def.parents?.includes(p)),
      active,
      lastOutcome: existing?.lastOutcome ?? 'fresh',
    };
    await this.ctx.book.commit({ jobs: [record] });
    this.ctx.logger.info({ job: def.name, kind, created: !existing }, existing ? 'job replaced' : 'job created');
  }

  private scheduleOf(def: JobDefinition, existing: JobRecord | undefined, now: number): Schedule | undefined {
    if (def.epsilon !== undefined) durationMs(def.epsilon);
    if (def.parents) return undefined;
    const text = def.schedule ?? RUN_ONCE;
    const same = existing?.schedule && existing.definition.schedule === text && existing.definition.scheduleTimeZone === def.scheduleTimeZone;
    return same ? existing.schedule : parseSchedule(text, { timeZone: def.scheduleTimeZone || undefined, nowMs: now });
  }

  private required(name: string): JobRecord {
    const job = this.ctx.book.get(name);
    if (!job) throw notFound(`Job '${name}' not found`);
    return job;
  }

  async runNow(name: string, args = ''): Promise<void> {
    const job = this.required(name);
    const decision = planRunNow(job, this.ctx.clock.now(), args);
    if (decision.record === job) {
      this.ctx.logger.info({ job: name }, 'manual run dropped: the job is already queued or running');
      return;
    }
    await this.launcher.commit({ jobs: [decision.record] });
  }

  async deleteJob(name: string): Promise<void> {
    const job = this.required(name);
    const definitions = new Map(this.ctx.book.all().map((j) => [j.definition.name, j.definition]));
    const children = rewireOnDelete(definitions, name).map((def) => this.rewired(def, job));
    await this.ctx.book.commit({ deleted: [name], jobs: children });
    this.killLaunched(job);
    this.ctx.notifier.notify('deleted', job.definition);
  }

  /**
   * A child re-wired by a delete: new parents, or a scheduled job that takes over the deleted
   * parent's schedule where it stands (its next occurrence and the repetitions left), not from its start.
   */
  private rewired(def: JobDefinition, deleted: JobRecord): JobRecord {
    const record = this.ctx.book.get(def.name)!;
    const parentsDone = record.parentsDone.filter((p) => def.parents?.includes(p));
    if (def.parents || !deleted.schedule) return { ...record, definition: def, parentsDone };
    const definition = { ...def, schedule: formatSchedule(deleted.schedule) };
    return { ...record, definition, schedule: deleted.schedule, nextDueMs: deleted.nextDueMs, parentsDone };
  }

  async deleteAll(): Promise<void> {
    const jobs = this.ctx.book.all();
    await this.ctx.book.commit({ deleted: jobs.map((j) => j.definition.name) });
    for (const job of jobs) this.killLaunched(job);
  }

  /** Kills the launched runs (their KILLED updates end them) and drops the queued ones. */
  async killTasks(name: string): Promise<void> {
    const job = this.required(name);
    const now = this.ctx.clock.now();
    const queued = job.active.filter((r) => r.state === 'queued');
    if (queued.length > 0) {
      const finished: RunRecord[] = queued.map((r) => ({ ...historyOf(r), state: 'killed', endedMs: now, message: 'killed before it was launched' }));
      await this.ctx.book.commit({ jobs: [{ ...job, active: job.active.filter((r) => r.state !== 'queued') }], finished });
    }
    this.killLaunched(job);
  }

  async markSuccess(name: string): Promise<void> {
    const job = this.required(name);
    const now = this.ctx.clock.now();
    const marker: RunRecord = { taskId: `manual:${now}:${name}`, jobName: name, dueMs: now, attempt: 0, arguments: '', state: 'success', endedMs: now, message: 'marked successful through the API' };
    const decision = succeeded(job, marker, now);
    const changed = new Map([[name, decision.record]]);
    fireChildren(this.ctx.book, changed, [name], now);
    await this.launcher.commit({ jobs: [...changed.values()], finished: [marker] });
  }

  private killLaunched(job: JobRecord): void {
    for (const run of job.active) {
      if (run.state === 'queued') continue;
      this.ctx.driver()?.kill(run.taskId, run.agentId).catch(logError(this.ctx, `kill of ${run.taskId} failed`));
    }
  }
}
