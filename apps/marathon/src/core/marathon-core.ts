import type { Offer, TaskStatus } from '@strato/domain';
import type { TimerHandle } from '@strato/clock';
import { AppWrites } from './app-writes';
import { CoreHealth } from './core-health';
import { CoreReadiness } from './core-readiness';
import type { MarathonCore } from './core';
import { CoreService } from './core-service';
import { runAction } from './deployment-actions';
import { DeploymentManager } from './deployment-manager';
import { InstanceTracker } from './instance-tracker';
import { sendKillNow, type CoreContext } from './instances';
import { KillService } from './kill-service';
import { KillRetries } from './kill-retries';
import { LaunchQueue } from './launch-queue';
import { LaunchTimeouts } from './launch-timeouts';
import { OfferHandler } from './offer-handler';
import { Serial } from '@strato/service';
import type { CoreDeps } from './types';
import { UnreachableTimers } from './unreachable';

/** What FrameworkLink's callbacks call (`SchedulerCallbacks` minus the driver argument). */
export interface CoreScheduler {
  offers(offers: readonly Offer[]): Promise<void>;
  /** Resolves once the update is persisted: the SDK acknowledges after it. */
  update(status: TaskStatus): Promise<void>;
  /** A burst of updates (the SDK's `updateBatch`), persisted with one write. */
  updates(statuses: readonly TaskStatus[]): Promise<void>;
  rescinded(offerId: string): void;
  /** After every (re)subscription: reconcile every known task, then implicitly. */
  subscribed(): Promise<void>;
}

export interface MarathonCoreHandle {
  readonly core: MarathonCore;
  readonly scheduler: CoreScheduler;
  /** Resume persisted deployments, run a scale check, start the periodic scale check. */
  start(): Promise<void>;
  stop(): void;
  /** Resolves once every queued job (callbacks, writes, deployment ticks) has settled. For tests and shutdown. */
  idle(): Promise<void>;
  /** Kills in flight and waiting for a slot (`--kill_chunk_size`). */
  killCounts(): { inFlight: number; waiting: number };
  /** May act again after a pause (`canAct` was false): re-evaluate deployments and ask for offers if work is queued. */
  resume(): void;
}

const DEFAULT_SCALE_INTERVAL_MS = 5 * 60_000;
const PAUSED_TICK_RETRY_MS = 1_000;

/** Composition of the scheduler core: one serial queue in front of every state change. */
export function createMarathonCore(coreDeps: CoreDeps): MarathonCoreHandle {
  const canAct = coreDeps.canAct ?? (() => true);
  // The one gate on the driver: while we may not act, launches, kills, declines, revives and
  // reconciliations all see no driver, as before registration (offers are left alone, kill retries stay armed).
  const deps: CoreDeps = { ...coreDeps, canAct, driverRef: () => (canAct() ? coreDeps.driverRef() : undefined) };
  const serial = new Serial();
  let offerHandler: OfferHandler | undefined;
  let tickQueued = false;
  let lastTickAt = Number.NEGATIVE_INFINITY;
  let tickTimer: TimerHandle | undefined;
  const runTick = async (): Promise<void> => {
    tickQueued = false;
    tickTimer = undefined;
    lastTickAt = deps.clock.now();
    if (!canAct()) {
      // Paused (HA: no lease): look again later, so deployments go on once the lease is renewed.
      tickQueued = true;
      tickTimer = deps.clock.setTimeout(tick, PAUSED_TICK_RETRY_MS);
      return;
    }
    readiness.sync();
    await deployments.tick();
    readiness.sync();
  };
  const tick = (): void => void serial.run(runTick).catch((error: unknown) => deps.logger.error({ error: String(error) }, 'deployment tick failed'));
  const requestTick = (): void => {
    if (tickQueued) return;
    tickQueued = true;
    const wait = lastTickAt + (deps.config.tickSpacingMs ?? 0) - deps.clock.now();
    if (wait > 0) tickTimer = deps.clock.setTimeout(tick, wait);
    else tick();
  };
  const queue = new LaunchQueue(() => deps.clock.now(), () => offerHandler?.demand());
  let health: CoreHealth | undefined;
  let kills: KillRetries | undefined;
  let killService: KillService | undefined;
  let launches: LaunchTimeouts | undefined;
  const scaleApp = async (appId: string): Promise<void> => {
    if (!canAct()) return; // the scale check on `resume()` catches up
    const app = deps.repository.app(appId);
    if (app && deployments.forApp(appId).length === 0) await runAction(ctx, { action: 'ScaleApplication', app: appId, scaleTo: app.instances });
    requestTick();
  };
  const ctx: CoreContext = {
    ...deps, queue, requestTick, attributes: new Map(), lastFailures: new Map(), scaleApp,
    healthResults: (instanceId) => health?.results(instanceId) ?? [],
    ready: (instance) => readiness.ready(instance),
    readinessResults: (appId) => readiness.results(appId),
    kill: (instance, app) => killService?.kill(instance, app),
    killSent: (instance) => kills?.killed(instance),
    staged: (instances) => instances.forEach((instance) => launches?.arm(instance)),
  };
  const run = (job: () => Promise<void>): Promise<void> => serial.run(job);
  health = new CoreHealth(ctx, run, deps.healthProbe);
  const checks = health;
  const unreachable = new UnreachableTimers(ctx, run);
  const killRetries = new KillRetries(ctx, run);
  const launchTimeouts = new LaunchTimeouts(ctx, run);
  kills = killRetries;
  launches = launchTimeouts;
  const killing = new KillService(ctx, (instance, app) => sendKillNow(ctx, instance, app));
  killService = killing;
  const deployments = new DeploymentManager(ctx);
  // Synced around every deployment tick (every instance change requests one), so it follows instances and deployments.
  const readiness = new CoreReadiness(ctx, () => deployments.running().flatMap((plan) => plan.affectedApps), deps.readinessProbe);
  offerHandler = new OfferHandler(ctx);
  const handler = offerHandler;
  const tracker = new InstanceTracker(ctx, checks, unreachable, { kills: killRetries, launches: launchTimeouts, killing });
  const writes = new AppWrites(ctx, deployments);
  const core = new CoreService(ctx, serial, writes, deployments);

  const scaleCheck = async (): Promise<void> => {
    if (!canAct()) return;
    const locked = new Set(deployments.running().flatMap((plan) => plan.affectedApps));
    for (const app of deps.repository.apps()) {
      if (!locked.has(app.id)) await runAction(ctx, { action: 'ScaleApplication', app: app.id, scaleTo: app.instances });
    }
  };
  let timer: TimerHandle | undefined;
  const schedule = (): void => {
    const every = deps.config.scaleAppsIntervalMs ?? DEFAULT_SCALE_INTERVAL_MS;
    if (every <= 0) return;
    timer = deps.clock.setTimeout(() => {
      void serial.run(scaleCheck).catch((error: unknown) => deps.logger.error({ error: String(error) }, 'scale check failed'));
      schedule();
    }, every);
  };

  const scheduler: CoreScheduler = {
    offers: (offers) => serial.run(() => handler.offers(offers)),
    update: (status) => serial.run(() => tracker.update(status)),
    updates: (statuses) => serial.run(() => tracker.updateMany(statuses)),
    rescinded: () => undefined,
    subscribed: () =>
      serial.run(async () => {
        const driver = deps.driverRef();
        if (!driver) return;
        const known = deps.repository.instances().map((i) => ({ taskId: i.taskId, agentId: i.agentId }));
        await driver.reconcile(known).catch((error: unknown) => deps.logger.warn({ error: String(error) }, 'explicit reconciliation failed'));
        await driver.reconcile([]).catch((error: unknown) => deps.logger.warn({ error: String(error) }, 'implicit reconciliation failed'));
        if (!queue.isEmpty()) handler.demand();
      }),
  };

  return {
    core,
    scheduler,
    start: async () => {
      await serial.run(async () => {
        checks.sync();
        await tracker.resume();
        killRetries.resume();
        launchTimeouts.resume();
        await deployments.tick();
        await scaleCheck();
      });
      schedule();
    },
    stop: () => {
      deps.clock.clearTimeout(timer);
      deps.clock.clearTimeout(tickTimer);
      checks.stop();
      readiness.stop();
      unreachable.stop();
      killRetries.stop();
      launchTimeouts.stop();
      handler.stop();
    },
    idle: () => serial.idle(),
    killCounts: () => killing.counts(),
    resume: () => {
      void serial.run(scaleCheck).catch((error: unknown) => deps.logger.error({ error: String(error) }, 'scale check failed'));
      requestTick();
      if (!queue.isEmpty()) handler.demand();
    },
  };
}
