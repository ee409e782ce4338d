import type { TimerHandle } from '@strato/clock';
import type { Offer, TaskInfo } from '@strato/domain';
import { OfferPool } from '@strato/framework-sdk';
import { CoreContext, logError, withRun } from './context';
import type { BookChange } from './job-book';
import { cannotRunReason, constraintRefusal, taskRequest } from './task-request';
import type { JobRecord, Run } from './types';

/** A change about to be committed, by job name. */
interface PendingChange {
  readonly jobs: Map<string, JobRecord>;
  readonly deleted: ReadonlySet<string>;
}

interface Placed {
  readonly run: Run;
  readonly offer: Offer;
  readonly task: TaskInfo;
}

/**
 * Turns queued runs into launched tasks. Offers are held while runs are due within
 * `offerHoldMs`, so a run is launched the moment it is due; otherwise they are declined and offers
 * suppressed until a run waits again (then revived, at most every `minReviveOffersIntervalMs`).
 */
export class Launcher {
  private readonly held = new Map<string, { readonly offer: Offer; readonly receivedMs: number }>();
  /** Why a queued run (by task id) could not be placed in the last offers. */
  readonly waiting = new Map<string, string>();
  private releaseTimer?: TimerHandle;
  private reviveTimer?: TimerHandle;
  private lastReviveMs = -Infinity;
  /** Launchable runs were left queued because this instance could not act (see `CoreContext.canAct`). */
  deferred = false;
  private suppressed = false;
  private stopped = false;

  constructor(
    private readonly ctx: CoreContext,
    private readonly serial: <T>(job: () => Promise<T>) => Promise<T>,
  ) {}

  get heldOffers(): number {
    return this.held.size;
  }

  async offers(offers: readonly Offer[]): Promise<void> {
    const now = this.ctx.clock.now();
    for (const offer of offers) this.held.set(offer.id, { offer, receivedMs: now });
    await this.commit();
    await this.release();
  }

  rescinded(offerId: string): void {
    this.held.delete(offerId);
  }

  /**
   * Queued runs whose time has come, most urgent first: high priority, then the earliest due. Not
   * those of disabled jobs (Chronos drops them), of jobs no agent can run, or of a job that is not
   * `concurrent` while one of its runs is launched (the next one waits for it to end). `pending`
   * holds records about to be committed; they stand in for the book's.
   */
  launchable(nowMs: number, pending?: PendingChange): { job: JobRecord; run: Run }[] {
    const out: { job: JobRecord; run: Run }[] = [];
    for (const job of this.queuedJobs(pending)) {
      const def = job.definition;
      if (def.disabled || cannotRunReason(def)) continue;
      const busy = !def.concurrent && job.active.some((r) => r.state !== 'queued');
      for (const run of job.active) {
        if (run.state !== 'queued' || run.notBeforeMs > nowMs || busy) continue;
        out.push({ job, run });
        if (!def.concurrent) break;
      }
    }
    return out.sort((a, b) => Number(b.run.highPriority) - Number(a.run.highPriority) || a.run.dueMs - b.run.dueMs);
  }

  /**
   * Commits `change` together with the launch of every run (queued before or by the change) that the
   * held offers fit: one durable write, then the launches go to the master. A run due now therefore
   * waits for one disk sync, not two. Runs left over ask for offers.
   */
  async commit(change: BookChange = {}): Promise<void> {
    const now = this.ctx.clock.now();
    const pending: PendingChange = { jobs: new Map((change.jobs ?? []).map((j) => [j.definition.name, j])), deleted: new Set(change.deleted) };
    this.noteUnrunnable(pending);
    const candidates = this.launchable(now, pending);
    // Not leading within a lease (frozen, cut off from ZooKeeper): runs stay queued, the core retries soon.
    const acting = this.ctx.canAct();
    this.deferred = !acting && candidates.length > 0;
    const placed = acting && candidates.length > 0 ? this.place(candidates) : [];
    // Runs that no offer fits ask for more, but only as often as an unused offer is refused.
    if (acting && placed.length < candidates.length) this.demand(this.held.size > 0 ? this.ctx.config.declineOfferDurationMs : undefined);
    for (const p of placed) {
      const job = pending.jobs.get(p.run.jobName) ?? this.ctx.book.get(p.run.jobName)!;
      const run: Run = { ...p.run, state: 'staging', launchedMs: now, agentId: p.offer.agentId, hostname: p.offer.hostname };
      pending.jobs.set(run.jobName, withRun(job, run));
      this.waiting.delete(run.taskId);
    }
    if (pending.jobs.size > 0 || (change.finished?.length ?? 0) > 0 || pending.deleted.size > 0) {
      await this.ctx.book.commit({ ...change, jobs: [...pending.jobs.values()] });
    }
    // The write that recorded the launches went through this leader's own ZooKeeper session, which
    // proves it still led when the write was acknowledged: sending now cannot duplicate a new leader's launch.
    this.stampSent(placed, now);
    this.send(placed);
  }

  /**
   * The launch time shown (and measured) is when the request leaves, after the sync, not when the run
   * was placed. Only memory is amended: should Chronos stop first, the placement time stays recorded.
   */
  private stampSent(placed: readonly Placed[], placedMs: number): void {
    const sentMs = this.ctx.clock.now();
    if (placed.length === 0 || sentMs === placedMs) return;
    const amended = new Map<string, JobRecord>();
    for (const { run } of placed) {
      const job = amended.get(run.jobName) ?? this.ctx.book.get(run.jobName);
      const current = job?.active.find((r) => r.taskId === run.taskId);
      if (job && current) amended.set(run.jobName, withRun(job, { ...current, launchedMs: sentMs }));
    }
    this.ctx.book.amend([...amended.values()]);
  }

  /** The jobs with a queued run, as they will be once `pending` is committed. */
  private queuedJobs(pending?: PendingChange): JobRecord[] {
    const queued = this.ctx.book.queuedJobs();
    if (!pending || (pending.jobs.size === 0 && pending.deleted.size === 0)) return queued;
    const byName = new Map(queued.map((j) => [j.definition.name, j]));
    for (const [name, job] of pending.jobs) byName.set(name, job);
    for (const name of pending.deleted) byName.delete(name);
    return [...byName.values()];
  }

  /** Keeps `waiting` to the runs still queued, and says why runs of jobs no agent can run wait. */
  private noteUnrunnable(pending: PendingChange): void {
    const queued = new Set<string>();
    for (const job of this.queuedJobs(pending)) {
      const reason = cannotRunReason(job.definition);
      for (const run of job.active) {
        if (run.state !== 'queued') continue;
        queued.add(run.taskId);
        if (reason) this.waiting.set(run.taskId, reason);
      }
    }
    for (const taskId of this.waiting.keys()) if (!queued.has(taskId)) this.waiting.delete(taskId);
  }

  private place(candidates: readonly { job: JobRecord; run: Run }[]): Placed[] {
    if (this.held.size === 0) {
      for (const { run } of candidates) this.waiting.set(run.taskId, 'waiting for offers');
      return [];
    }
    const pool = new OfferPool([...this.held.values()].map((h) => h.offer));
    const placed: Placed[] = [];
    for (const { job, run } of candidates) {
      const def = job.definition;
      const fit = pool.place(taskRequest(def, run, ''), (offer) => constraintRefusal(def, offer) === undefined);
      if (!fit.ok) {
        this.waiting.set(run.taskId, fit.message);
        continue;
      }
      const command = fit.task.command && { ...fit.task.command, environment: { ...fit.task.command.environment, HOST: fit.offer.hostname } };
      placed.push({ run, offer: fit.offer, task: { ...fit.task, command } });
    }
    return placed;
  }

  private send(placed: readonly Placed[]): void {
    const byOffer = new Map<string, Placed[]>();
    for (const p of placed) byOffer.set(p.offer.id, [...(byOffer.get(p.offer.id) ?? []), p]);
    const driver = this.ctx.driver();
    for (const [offerId, group] of byOffer) {
      this.held.delete(offerId);
      this.ctx.metrics.increment('chronos/tasks_launched', group.length);
      // What the tasks leave of the offer comes back at the next allocation (no refusal filter).
      // A failed ACCEPT may still have reached the master: ask it, and relaunch only what it does not
      // know (TASK_GONE/TASK_UNKNOWN for a run that never started requeues it), never a duplicate.
      driver?.launch(offerId, group.map((p) => p.task), { refuseMs: 0 }).catch((error: unknown) => {
        logError(this.ctx, 'launch failed; asking the master about its tasks')(error);
        void driver.reconcile(group.map((p) => ({ taskId: p.run.taskId, agentId: p.offer.agentId }))).catch(logError(this.ctx, 'reconciliation failed'));
      });
    }
  }

  /** Keeps offers while runs are due soon; declines (and suppresses) when nothing is. */
  async release(): Promise<void> {
    this.ctx.clock.clearTimeout(this.releaseTimer);
    this.releaseTimer = undefined;
    if (this.held.size === 0 || this.stopped) return;
    const now = this.ctx.clock.now();
    const { offerHoldMs, declineOfferDurationMs } = this.ctx.config;
    const busy = this.launchable(now + offerHoldMs).length > 0 || (this.ctx.book.nextDueMs() ?? Infinity) <= now + offerHoldMs;
    const expired = [...this.held.values()].filter((h) => !busy || now - h.receivedMs >= offerHoldMs).map((h) => h.offer.id);
    for (const id of expired) this.held.delete(id);
    const driver = this.ctx.driver();
    if (expired.length > 0) await driver?.decline(expired, { refuseMs: busy ? 0 : declineOfferDurationMs }).catch(logError(this.ctx, 'decline failed'));
    if (!busy && !this.suppressed && this.launchable(Infinity).length === 0) {
      this.suppressed = true;
      await driver?.suppress().catch(logError(this.ctx, 'suppress failed'));
    }
    const oldest = Math.min(...[...this.held.values()].map((h) => h.receivedMs));
    if (this.held.size > 0) this.releaseTimer = this.ctx.clock.setTimeout(() => void this.serial(() => this.release()), oldest + offerHoldMs - now);
  }

  /** Runs wait and no held offer fits them: revive offers, at most once every `intervalMs`. */
  demand(intervalMs = this.ctx.config.minReviveOffersIntervalMs): void {
    if (this.reviveTimer || this.stopped) return;
    const wait = this.lastReviveMs + intervalMs - this.ctx.clock.now();
    const revive = () => {
      this.reviveTimer = undefined;
      this.lastReviveMs = this.ctx.clock.now();
      this.suppressed = false;
      this.ctx.driver()?.revive().catch(logError(this.ctx, 'revive failed'));
    };
    if (wait <= 0) revive();
    else this.reviveTimer = this.ctx.clock.setTimeout(revive, wait);
  }

  /** A run is due soon: without offers in hand, ask for some now rather than when it is due. */
  prefetch(): void {
    if (this.held.size === 0) this.demand();
  }

  /** After a (re)subscription every offer held is void (the driver keeps the suppression). */
  reset(): void {
    this.held.clear();
  }

  stop(): void {
    this.stopped = true;
    this.ctx.clock.clearTimeout(this.releaseTimer);
    this.ctx.clock.clearTimeout(this.reviveTimer);
  }
}
