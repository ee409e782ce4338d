import type { TimerHandle } from '@strato/clock';
import { notFound, unavailable } from '@strato/errors';
import type { Offer, TaskStatus } from '@strato/domain';
import { graphCsv, graphDot, searchJobs, JobValidationError } from '@strato/job-definition';
import { invalidArgument } from '@strato/errors';
import type { ChronosApi, ChronosStats, RunsPage, SearchQuery } from './api';
import { CoreContext, logError } from './context';
import { JobWrites } from './job-writes';
import { Launcher } from './launcher';
import { planDue } from './plan';
import { Serial } from '@strato/service';
import { StatusHandler } from './status-handler';
import type { JobRecord, RunRecord } from './types';
import { currentState, jobJson, runView, summaryJson } from './views';

const TICK_RETRY_MS = 1000;
/** While this instance may not act (see `CoreContext.canAct`), how often it looks again. */
export const GATE_RETRY_MS = 250;
/** How long an API write waits for this instance to be able to act before it is answered 503. */
export const WRITE_WAIT_MS = 5000;

/** The scheduler's side facing the master: the service wires these to the driver's handlers. */
export interface ChronosScheduler {
  offers(offers: readonly Offer[]): Promise<void>;
  updates(statuses: readonly TaskStatus[]): Promise<void>;
  rescinded(offerId: string): void;
  subscribed(): Promise<void>;
}

/**
 * Chronos' scheduler: one timer at the earliest due time turns due occurrences into queued runs
 * (`planDue`), the launcher places them in offers, status updates end them. Everything that
 * changes state runs through one serial queue and is persisted before it is acted on.
 */
export class ChronosCore implements ChronosApi {
  private readonly serial = new Serial();
  private readonly launcher: Launcher;
  private readonly status: StatusHandler;
  private readonly writes: JobWrites;
  private timer?: TimerHandle;
  private timerAt?: number;
  private reconcileTimer?: TimerHandle;
  /** After a failed tick (say, the store refused a write), the next one waits a second. */
  private backoffUntil = 0;
  /** The last tick found this instance unable to act. */
  private deferred = false;
  private stopped = false;

  constructor(
    private readonly ctx: CoreContext,
    private readonly reconciliationIntervalMs: number,
  ) {
    this.launcher = new Launcher(ctx, (job) => this.serial.run(job));
    this.status = new StatusHandler(ctx, this.launcher);
    this.writes = new JobWrites(ctx, this.launcher);
    ctx.metrics.gauge('chronos/jobs', () => ctx.book.size);
    ctx.metrics.gauge('chronos/offers_held', () => this.launcher.heldOffers);
  }

  readonly scheduler: ChronosScheduler = {
    offers: (offers) => this.serial.run(() => this.launcher.offers(offers)).finally(() => this.arm()),
    // Refused while not acting: unacknowledged, the updates come again (to whoever leads then).
    updates: (statuses) =>
      this.serial
        .run(async () => {
          this.mustAct();
          await this.status.updates(statuses);
        })
        .finally(() => this.arm()),
    rescinded: (offerId) => this.launcher.rescinded(offerId),
    subscribed: () => this.serial.run(() => this.onSubscribed()),
  };

  async start(): Promise<void> {
    await this.ctx.book.load();
    await this.serial.run(() => this.tick());
    this.arm();
    this.scheduleReconciliation();
  }

  stop(): void {
    this.stopped = true;
    this.ctx.clock.clearTimeout(this.timer);
    this.ctx.clock.clearTimeout(this.reconcileTimer);
    this.launcher.stop();
  }

  idle(): Promise<void> {
    return this.serial.idle();
  }

  /**
   * Turns every due occurrence into a queued run (or a skip) and launches what the held offers fit, in one
   * durable write. While this instance may not act, nothing is popped: due runs stay due, and the timer
   * looks again every `GATE_RETRY_MS`.
   */
  private async tick(): Promise<void> {
    this.deferred = !this.ctx.canAct();
    if (this.deferred) return;
    const now = this.ctx.clock.now();
    const jobs: JobRecord[] = [];
    const finished: RunRecord[] = [];
    const due = this.ctx.book.popDue(now);
    for (const name of due) {
      const record = this.ctx.book.get(name);
      if (!record) continue;
      const decision = planDue(record, now);
      if (decision.record !== record) jobs.push(decision.record);
      if (decision.skipped) finished.push(decision.skipped);
      if (decision.run) this.ctx.metrics.increment('chronos/runs_due');
    }
    try {
      await this.launcher.commit({ jobs, finished });
    } catch (error) {
      this.ctx.book.rearm(due); // a failed write leaves the jobs due, to be tried again
      throw error;
    }
    await this.launcher.release();
  }

  /** One timer, at the earliest of: the next due occurrence, the next retry that may launch (or soon, while waiting to act). */
  private arm(): void {
    if (this.stopped) return;
    const now = this.ctx.clock.now();
    const retries = this.launcher.launchable(Infinity).filter(({ run }) => run.notBeforeMs > now).map(({ run }) => run.notBeforeMs);
    const nextDue = this.ctx.book.nextDueMs() ?? Infinity;
    // Offers are asked for ahead of a run due soon, so they are held when it comes due.
    if (nextDue <= now + this.ctx.config.offerHoldMs) this.launcher.prefetch();
    let at = Math.min(nextDue, ...retries);
    // Something waits for this instance to be able to act: the next tick re-checks everything then. A
    // timer already armed is kept, so a stream of offers and updates cannot push that tick back for ever.
    if (this.deferred || this.launcher.deferred) at = Math.min(this.timerAt ?? Infinity, now + GATE_RETRY_MS);
    at = Math.max(this.backoffUntil, at);
    if (at === this.timerAt) return;
    this.ctx.clock.clearTimeout(this.timer);
    this.timerAt = at === Infinity ? undefined : at;
    if (at === Infinity) return;
    this.timer = this.ctx.clock.setTimeout(() => {
      this.timerAt = undefined;
      // Ahead of status updates and offers already waiting: a due run's lateness is what users see.
      void this.serial
        .runFirst(() => this.tick())
        .catch((error: unknown) => {
          this.backoffUntil = this.ctx.clock.now() + TICK_RETRY_MS;
          logError(this.ctx, 'scheduling tick failed')(error);
        })
        .finally(() => this.arm());
    }, Math.max(0, at - now));
  }

  /** After every (re)subscription: offers are void; the launched runs are reconciled with the master. */
  private async onSubscribed(): Promise<void> {
    this.launcher.reset();
    const launched = this.ctx.book.activeRuns().filter((r) => r.state !== 'queued').map((r) => ({ taskId: r.taskId, agentId: r.agentId }));
    const driver = this.ctx.driver();
    if (launched.length > 0) await driver?.reconcile(launched).catch(logError(this.ctx, 'explicit reconciliation failed'));
    await driver?.reconcile([]).catch(logError(this.ctx, 'implicit reconciliation failed'));
    if (this.launcher.launchable(Infinity).length > 0) this.launcher.demand();
  }

  private scheduleReconciliation(): void {
    this.reconcileTimer = this.ctx.clock.setTimeout(() => {
      if (this.ctx.canAct()) void this.ctx.driver()?.reconcile([]).catch(logError(this.ctx, 'implicit reconciliation failed'));
      if (!this.stopped) this.scheduleReconciliation();
    }, this.reconciliationIntervalMs);
  }

  /** API writes (job changes, run-now, kills) wait for this instance to be able to act, then run in the serial queue. */
  private async write<T>(job: () => Promise<T>): Promise<T> {
    await this.whenActing();
    return this.serial.run(job).finally(() => this.arm());
  }

  private async whenActing(): Promise<void> {
    const deadline = this.ctx.clock.now() + WRITE_WAIT_MS;
    while (!this.ctx.canAct()) {
      if (this.stopped || this.ctx.clock.now() >= deadline) throw unavailable('Chronos is not leading right now; try again');
      await new Promise<void>((resolve) => this.ctx.clock.setTimeout(resolve, GATE_RETRY_MS));
    }
  }

  private mustAct(): void {
    if (!this.ctx.canAct()) throw unavailable('Chronos is not leading right now');
  }

  // ChronosApi

  upsert(kind: 'iso8601' | 'dependency', body: unknown): Promise<void> {
    return this.write(() => this.writes.upsert(kind, body));
  }

  jobs(): Record<string, unknown>[] {
    return this.sorted().map(jobJson);
  }

  job(name: string): Record<string, unknown> | undefined {
    const record = this.ctx.book.get(name);
    return record && jobJson(record);
  }

  search(query: SearchQuery): Record<string, unknown>[] {
    const records = this.sorted().map((r) => ({ name: r.definition.name, command: r.definition.command, record: r }));
    try {
      return searchJobs(records, query).map((r) => jobJson(r.record));
    } catch (error) {
      if (error instanceof JobValidationError) throw invalidArgument(error.message);
      throw error;
    }
  }

  summary(): Record<string, unknown>[] {
    return this.sorted().map(summaryJson);
  }

  runNow(name: string, args?: string): Promise<void> {
    return this.write(() => this.writes.runNow(name, args));
  }

  deleteJob(name: string): Promise<void> {
    return this.write(() => this.writes.deleteJob(name));
  }

  deleteAll(): Promise<void> {
    return this.write(() => this.writes.deleteAll());
  }

  killTasks(name: string): Promise<void> {
    return this.write(() => this.writes.killTasks(name));
  }

  markSuccess(name: string): Promise<void> {
    return this.write(() => this.writes.markSuccess(name));
  }

  history(name: string): readonly RunRecord[] {
    return this.ctx.book.history(name);
  }

  runs(name: string, offset: number, limit: number): RunsPage {
    const record = this.ctx.book.get(name);
    if (!record) throw notFound(`Job '${name}' not found`);
    const history = this.ctx.book.history(name);
    return {
      jobName: name,
      total: history.length,
      offset,
      limit,
      runs: history.slice(offset, offset + limit).map((r) => runView(r)),
      active: record.active.map((r) => runView(r, this.launcher.waiting.get(r.taskId))),
    };
  }

  graphDot(): string {
    return graphDot(this.sorted().map((r) => r.definition));
  }

  graphCsv(): string {
    return graphCsv(this.sorted().map((r) => r.definition), (name) => {
      const record = this.ctx.book.get(name);
      return { last: record?.lastOutcome ?? 'fresh', current: record ? currentState(record) : 'idle' };
    });
  }

  stats(): ChronosStats {
    const active = this.ctx.book.activeRuns();
    const queued = active.filter((r) => r.state === 'queued');
    const perJob = new Map<string, { success: number; failure: number }>();
    for (const r of this.ctx.book.all()) perJob.set(r.definition.name, { success: r.counters.successCount, failure: r.counters.errorCount });
    return {
      jobs: this.ctx.book.size,
      queued: queued.length,
      highQueued: queued.filter((r) => r.highPriority).length,
      running: active.length - queued.length,
      launched: this.ctx.metrics.counter('chronos/tasks_launched'),
      succeeded: this.ctx.metrics.counter('chronos/runs_success'),
      failed: this.ctx.metrics.counter('chronos/runs_failure'),
      perJob,
    };
  }

  private sorted(): JobRecord[] {
    return this.ctx.book.all().sort((a, b) => (a.definition.name < b.definition.name ? -1 : a.definition.name > b.definition.name ? 1 : 0));
  }
}
