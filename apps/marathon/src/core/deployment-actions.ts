import type { AppDefinition } from '@strato/app-definition';
import { restartDecision, scaleDecision, type DeploymentAction, type ScaleApplication, type ScaleInstance } from '@strato/deployment-planner';
import { condition, goalRunning, isHealthy, isInactive, killInstance, liveInstances, startedMs, wantedInstances, type CoreContext } from './instances';

const QUEUED = 'queued-';

/**
 * One level-triggered pass over one deployment action: apply what the pure decision says for the
 * instances as they are now, and tell whether the action is done. Called after every change.
 */
export async function runAction(ctx: CoreContext, action: DeploymentAction): Promise<boolean> {
  switch (action.action) {
    case 'StartApplication':
      return true;
    case 'StopApplication':
      return stop(ctx, action.app);
    case 'ScaleApplication':
      return scale(ctx, action);
    case 'RestartApplication':
      return restart(ctx, action.app);
  }
}

async function stop(ctx: CoreContext, appId: string): Promise<boolean> {
  ctx.queue.clear(appId);
  const app = ctx.repository.app(appId);
  for (const instance of goalRunning(ctx, appId)) await killInstance(ctx, instance, app);
  const done = liveInstances(ctx, appId).length === 0;
  if (done && !app) ctx.bus.publish({ eventType: 'app_terminated_event', appId });
  return done;
}

function queued(ctx: CoreContext, appId: string): string[] {
  return Array.from({ length: ctx.queue.count(appId) }, (_, k) => `${QUEUED}${k}`);
}

/** Kills the given ids: queued placeholders leave the queue, instances are decommissioned. */
async function kill(ctx: CoreContext, app: AppDefinition, ids: readonly string[]): Promise<void> {
  ctx.queue.remove(app.id, ids.filter((id) => id.startsWith(QUEUED)).length);
  for (const id of ids) {
    const instance = ctx.repository.instance(id);
    if (instance) await killInstance(ctx, instance, app);
  }
}

async function scale(ctx: CoreContext, action: ScaleApplication): Promise<boolean> {
  const app = ctx.repository.app(action.app);
  if (!app) return true;
  const checked = app.healthChecks.length > 0;
  const current: ScaleInstance[] = [
    ...wantedInstances(ctx, app.id).map((i) => ({ id: i.instanceId, state: condition(i.state), healthy: checked ? i.healthy : undefined, startedAt: startedMs(i) })),
    ...queued(ctx, app.id).map((id): ScaleInstance => ({ id, state: 'Scheduled' })),
  ];
  const decision = scaleDecision(current, action.scaleTo, app.killSelection, action.killInstances ?? []);
  await kill(ctx, app, decision.kill);
  ctx.queue.add(app.id, decision.launch);
  const wanted = wantedInstances(ctx, app.id);
  const leaving = liveInstances(ctx, app.id).filter((i) => i.goal !== 'Running').length;
  return ctx.queue.count(app.id) === 0 && leaving === 0 && wanted.length === action.scaleTo && wanted.every((i) => isHealthy(i, app) && ctx.ready(i));
}

async function restart(ctx: CoreContext, appId: string): Promise<boolean> {
  const app = ctx.repository.app(appId);
  if (!app) return true;
  const configVersion = app.versionInfo.lastConfigChangeAt;
  const live = liveInstances(ctx, appId).filter((i) => !isInactive(ctx, i, app));
  const old = live
    .filter((i) => i.configVersion !== configVersion)
    .map((i) => ({ id: i.instanceId, healthy: isHealthy(i, app), startedAt: startedMs(i), killing: i.goal !== 'Running' }));
  const fresh = [
    ...live.filter((i) => i.configVersion === configVersion && i.goal === 'Running').map((i) => ({ id: i.instanceId, healthyAndReady: isHealthy(i, app) && ctx.ready(i), launched: true })),
    ...queued(ctx, appId).map((id) => ({ id, healthyAndReady: false, launched: false })),
  ];
  const decision = restartDecision({ targetInstances: app.instances, old, new: fresh }, { ...app.upgradeStrategy, killSelection: app.killSelection });
  await kill(ctx, app, [...decision.killOld, ...decision.killNew]);
  ctx.queue.add(appId, decision.launchNew);
  return decision.done;
}
