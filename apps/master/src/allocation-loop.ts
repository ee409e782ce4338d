import { allocate, AllocatorAgent, AllocatorFramework, OfferFilters } from '@strato/allocator';
import { getErrorMessage } from '@strato/errors';
import { ResourceQuantities } from '@strato/resources';
import { MasterContext } from './context';
import { FrameworkManager } from './framework-manager';
import { OfferRecord } from './model';

/**
 * Runs the pure allocator: every allocation interval, and soon after any event that may free or
 * add resources; a burst of requests coalesces into one run (Mesos `generateOffers`).
 */
export class AllocationLoop {
  readonly filters = new OfferFilters();
  private pending = false;
  private intervalTimer?: ReturnType<MasterContext['clock']['setTimeout']>;
  private stopped = false;
  private offerSequence = 0;

  constructor(
    private readonly ctx: MasterContext,
    private readonly frameworks: FrameworkManager,
    private readonly rescind: (offerIds: Iterable<string>, notify: boolean) => void,
  ) {}

  start(): void {
    const tick = () => {
      if (this.stopped) return;
      this.runSafely();
      this.intervalTimer = this.ctx.clock.setTimeout(tick, this.ctx.config.allocationIntervalMs);
    };
    this.intervalTimer = this.ctx.clock.setTimeout(tick, this.ctx.config.allocationIntervalMs);
  }

  stop(): void {
    this.stopped = true;
    this.ctx.clock.clearTimeout(this.intervalTimer);
  }

  request(): void {
    if (this.pending || this.stopped) return;
    this.pending = true;
    this.ctx.clock.setTimeout(() => {
      this.pending = false;
      if (!this.stopped) this.runSafely();
    }, 0);
  }

  /** A failed cycle is logged and counted; the master keeps serving and the next cycle retries. */
  private runSafely(): void {
    try {
      this.run();
    } catch (error) {
      this.ctx.metrics.increment('allocator/mesos/allocation_run_errors');
      this.ctx.logger.error({ error: getErrorMessage(error) }, 'allocation cycle failed');
    }
  }

  /** One allocation cycle; nothing at all while this master may not act (a standby, or a leader without a lease). */
  run(): void {
    if (!this.ctx.gate.canAct()) {
      this.ctx.metrics.increment('allocator/mesos/allocation_runs_skipped');
      return;
    }
    const { state, clock, metrics, config } = this.ctx;
    const started = performance.now();
    const now = clock.now();
    this.filters.expire(now);
    const frameworks: AllocatorFramework[] = [];
    for (const f of state.frameworks.values()) {
      if (f.state !== 'active' || !f.stream) continue;
      frameworks.push({ id: f.id, roles: f.info.roles, suppressedRoles: f.suppressedRoles, active: true, allocated: f.allocated });
    }
    // No one to offer to (e.g. agents re-registering before their frameworks): no need to look at every agent.
    const agents: AllocatorAgent[] = [];
    let totals = ResourceQuantities.EMPTY;
    for (const a of frameworks.length ? state.agents.values() : []) {
      if (a.state !== 'active' || !a.link) continue;
      totals = totals.add(a.total.quantities());
      agents.push({ id: a.id, hostname: a.hostname, available: a.available, active: true });
    }
    const decisions = agents.length && frameworks.length
      ? allocate({ agents, frameworks, totals, roleWeights: config.roleWeights, filters: this.filters, minAllocatable: config.minAllocatable, random: this.ctx.random }, now)
      : [];
    const byFramework = new Map<string, OfferRecord[]>();
    for (const d of decisions) {
      const offer: OfferRecord = { id: `${this.ctx.masterInfo.id}-O${this.offerSequence++}`, frameworkId: d.frameworkId, agentId: d.agentId, role: d.role, resources: d.resources, createdAt: now };
      state.addOffer(offer);
      if (config.offerTimeoutMs !== undefined) offer.timer = clock.setTimeout(() => this.rescind([offer.id], true), config.offerTimeoutMs);
      byFramework.set(d.frameworkId, [...(byFramework.get(d.frameworkId) ?? []), offer]);
    }
    for (const [frameworkId, offers] of byFramework) this.frameworks.sendOffers(state.frameworks.get(frameworkId)!, offers);
    metrics.increment('allocator/mesos/allocation_runs');
    metrics.set('allocator/mesos/allocation_run_ms', performance.now() - started);
    if (decisions.length) metrics.increment('master/offers_sent', decisions.length);
  }
}
