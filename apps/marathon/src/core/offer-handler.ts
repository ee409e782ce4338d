import { toInstancePrefix, type AppDefinition } from '@strato/app-definition';
import type { TimerHandle } from '@strato/clock';
import type { Offer, TaskInfo } from '@strato/domain';
import { placeInstances, type PlacedInstance, type Placement, type PlacementBatch } from '@strato/placement';
import type { Instance } from '../state';
import type { QueueEntry } from './launch-queue';
import { wantedInstances, type CoreContext } from './instances';
import { buildTask, placementRequest } from './task-builder';
import { TASK_SUFFIX, type DriverLike } from './types';

interface Launch {
  readonly instance: Instance;
  readonly task: TaskInfo;
}

const DEFAULT_MAX_PER_OFFER = 100;
const DEFAULT_MIN_REVIVE_INTERVAL_MS = 5000;

/**
 * Offers → placement → launch or decline. Apps in the launch queue (not backed off) get each
 * offer in queue order; new instances are persisted (STAGING) before the ACCEPT; every offer an
 * app could not use is counted in its `OfferMatchStats`. Suppresses offers once the queue is
 * empty; `demand()` revives them, at most once per `--min_revive_offers_interval` (a demand inside
 * the window gets one revive at its end).
 */
export class OfferHandler {
  private suppressed = false;
  private lastReviveAt = Number.NEGATIVE_INFINITY;
  private pendingRevive?: TimerHandle;

  constructor(private readonly ctx: CoreContext) {}

  async offers(offers: readonly Offer[]): Promise<void> {
    const driver = this.ctx.driverRef();
    if (!driver) return;
    for (const offer of offers) await this.handle(offer, driver);
    if (this.ctx.queue.isEmpty() && !this.suppressed) {
      this.suppressed = true;
      this.cancelPendingRevive();
      await driver.suppress().catch((error: unknown) => this.warn('suppress failed', error));
    }
  }

  /** New work: ask the master for offers again, now or (rate limited) at the end of the interval. */
  demand(): void {
    if (!this.ctx.driverRef()) return;
    this.suppressed = false;
    if (this.pendingRevive !== undefined) return;
    const interval = this.ctx.config.minReviveOffersIntervalMs ?? DEFAULT_MIN_REVIVE_INTERVAL_MS;
    const wait = this.lastReviveAt + interval - this.ctx.clock.now();
    if (wait <= 0) return this.revive();
    this.pendingRevive = this.ctx.clock.setTimeout(() => {
      this.pendingRevive = undefined;
      // Work may have been placed meanwhile, or be backed off (its poke demands again): revive only for work that can launch now.
      if (this.launchableWork()) this.revive();
    }, wait);
  }

  stop(): void {
    this.cancelPendingRevive();
  }

  private revive(): void {
    const driver = this.ctx.driverRef();
    if (!driver) return;
    this.suppressed = false;
    this.lastReviveAt = this.ctx.clock.now();
    driver.revive().catch((error: unknown) => this.warn('revive failed', error));
  }

  private launchableWork(): boolean {
    return this.ctx.queue.all().some((entry) => {
      const app = this.ctx.repository.app(entry.appId);
      return app !== undefined && this.ctx.queue.ready(app);
    });
  }

  /** Only when the queue is empty (offers are being suppressed): queued work keeps its revive. */
  private cancelPendingRevive(): void {
    this.ctx.clock.clearTimeout(this.pendingRevive);
    this.pendingRevive = undefined;
  }

  private async handle(offer: Offer, driver: DriverLike): Promise<void> {
    const launches = this.match(offer);
    const refuseMs = this.ctx.config.declineOfferDurationMs;
    if (launches.length === 0) {
      driver.decline([offer.id], { refuseMs }).catch((error: unknown) => this.warn('decline failed', error));
      return;
    }
    try {
      await this.ctx.repository.writeInstances(launches.map((launch) => ({ put: launch.instance })));
    } catch (error) {
      this.warn('could not persist new instances: declining the offer', error);
      for (const { instance } of launches) this.ctx.queue.add(instance.appId, 1);
      driver.decline([offer.id], { refuseMs: 0 }).catch(() => undefined);
      return;
    }
    this.ctx.staged(launches.map((launch) => launch.instance));
    // The rest of a used offer is not refused for --decline_offer_duration (that would cap launches at
    // one offer per agent per period); with work still queued it should come back at the next cycle.
    const leftoverRefuseMs = this.ctx.queue.all().length > 0 ? 0 : refuseMs;
    driver.launch(offer.id, launches.map((l) => l.task), { refuseMs: leftoverRefuseMs }).catch((error: unknown) => this.warn('launch failed', error));
    this.ctx.requestTick();
  }

  private match(offer: Offer): Launch[] {
    const max = this.ctx.config.maxInstancesPerOffer ?? DEFAULT_MAX_PER_OFFER;
    const launches: Launch[] = [];
    let rest = offer;
    for (const entry of [...this.ctx.queue.all()].sort((a, b) => a.since - b.since)) {
      const app = this.ctx.repository.app(entry.appId);
      if (!app) {
        this.ctx.queue.clear(entry.appId);
        continue;
      }
      if (launches.length >= max || !this.ctx.queue.ready(app)) continue;
      const ids = Array.from({ length: Math.min(entry.count, max - launches.length) }, () => `${toInstancePrefix(app.id)}.instance-${this.ctx.ids.next()}`);
      const request = placementRequest(app, this.ctx.config.mesosRole);
      const batch = placeInstances(request, rest, this.placed(app), ids.length, { instanceIds: ids });
      this.record(entry, batch, offer);
      batch.placements.forEach((placement, i) => launches.push(this.launch(app, ids[i], offer, placement)));
      this.ctx.queue.remove(app.id, batch.placements.length);
      rest = { ...rest, resources: batch.remaining };
    }
    return launches;
  }

  private placed(app: AppDefinition): PlacedInstance[] {
    return wantedInstances(this.ctx, app.id)
      .filter((i) => i.configVersion === app.versionInfo.lastConfigChangeAt && i.agentId !== undefined)
      .map((i) => ({ instanceId: i.instanceId, agentId: i.agentId!, hostname: i.hostname ?? '', attributes: this.ctx.attributes.get(i.instanceId) ?? [] }));
  }

  private record(entry: QueueEntry, batch: PlacementBatch, offer: Offer): void {
    const now = this.ctx.clock.now();
    const first = batch.placements[0];
    if (first) entry.stats.record({ ok: true, resources: first.resources, hostPorts: first.hostPorts }, offer, now);
    else if (batch.rejection) entry.stats.record({ ok: false, reasons: batch.rejection }, offer, now);
  }

  private launch(app: AppDefinition, instanceId: string, offer: Offer, placement: Placement): Launch {
    const taskId = `${instanceId}${TASK_SUFFIX}`;
    this.ctx.attributes.set(instanceId, offer.attributes);
    const instance: Instance = {
      instanceId,
      appId: app.id,
      taskId,
      agentId: offer.agentId,
      hostname: offer.hostname,
      hostPorts: [...placement.hostPorts],
      state: 'TASK_STAGING',
      goal: 'Running',
      appVersion: app.version,
      configVersion: app.versionInfo.lastConfigChangeAt,
      stagedAt: new Date(this.ctx.clock.now()).toISOString(),
    };
    return { instance, task: buildTask(app, taskId, offer, placement) };
  }

  private warn(message: string, error: unknown): void {
    this.ctx.logger.warn({ error: String(error) }, message);
  }
}
