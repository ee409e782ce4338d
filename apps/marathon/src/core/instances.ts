import type { AppDefinition } from '@strato/app-definition';
import type { ReadinessCheckResult } from '@strato/deployment-planner';
import type { Attribute } from '@strato/resources';
import { isTerminal, type TaskState } from '@strato/domain';
import type { InstanceCondition } from '../events';
import type { Instance } from '../state';
import type { LaunchQueue } from './launch-queue';
import type { CoreDeps } from './types';

/** What the parts of the core share: the injected deps, the launch queue and in-memory facts. */
export interface CoreContext extends CoreDeps {
  readonly queue: LaunchQueue;
  /** Re-evaluate the running deployments (after any change of instances or the queue). */
  readonly requestTick: () => void;
  /** Agent attributes of instances launched by this process (for constraints). */
  readonly attributes: Map<string, readonly Attribute[]>;
  /** `lastTaskFailure` per app id. */
  readonly lastFailures: Map<string, Record<string, unknown>>;
  /** Marathon's `healthCheckResults` of an instance ([] when it is not health checked). */
  readonly healthResults: (instanceId: string) => readonly unknown[];
  /** Ready by the app's readiness checks (true when it has none or the instance runs an older config). */
  readonly ready: (instance: Instance) => boolean;
  /** The latest readiness results of the app's checked instances (only while a deployment involves it). */
  readonly readinessResults: (appId: string) => readonly ReadinessCheckResult[];
  /**
   * Bring the app's instance count back to `instances` (launch or kill by killSelection) unless a
   * deployment owns the app (it re-evaluates on the tick requested here). Call inside the serial queue.
   */
  readonly scaleApp: (appId: string) => Promise<void>;
  /** Kills the instance's task through the kill service (`--kill_chunk_size`); see `sendKill`. */
  readonly kill: (instance: Instance, app: AppDefinition | undefined) => void;
  /** A Mesos kill of the instance's task was sent: arms its kill retry (`--kill_retry_timeout`). */
  readonly killSent: (instance: Instance) => void;
  /** New instances were persisted in STAGING: arms their launch timeout (`--task_launch_timeout`). */
  readonly staged: (instances: readonly Instance[]) => void;
}

const CONDITIONS: Record<TaskState, InstanceCondition> = {
  TASK_STAGING: 'Staging',
  TASK_STARTING: 'Starting',
  TASK_RUNNING: 'Running',
  TASK_KILLING: 'Killing',
  TASK_FINISHED: 'Finished',
  TASK_FAILED: 'Failed',
  TASK_KILLED: 'Killed',
  TASK_ERROR: 'Error',
  TASK_LOST: 'Gone',
  TASK_DROPPED: 'Dropped',
  TASK_UNREACHABLE: 'Unreachable',
  TASK_GONE: 'Gone',
  TASK_GONE_BY_OPERATOR: 'Gone',
  TASK_UNKNOWN: 'Unknown',
};

export function condition(state: TaskState): InstanceCondition {
  return CONDITIONS[state];
}

/** Instances that hold (or will hold) resources: not terminal. */
export function liveInstances(ctx: CoreContext, appId: string): Instance[] {
  return ctx.repository.instances(appId).filter((i) => !isTerminal(i.state));
}

/** Live instances with goal Running, including unreachable inactive ones (for stop). */
export function goalRunning(ctx: CoreContext, appId: string): Instance[] {
  return liveInstances(ctx, appId).filter((i) => i.goal === 'Running');
}

/** ms since the epoch when an unreachable instance turns inactive and when it is expunged; undefined if never. */
export function unreachableDeadlines(instance: Instance, app: AppDefinition | undefined): { inactiveAt: number; expungeAt: number } | undefined {
  if (instance.state !== 'TASK_UNREACHABLE' || instance.unreachableSince === undefined) return undefined;
  const strategy = app?.unreachableStrategy;
  if (!strategy || strategy === 'disabled') return undefined;
  const since = Date.parse(instance.unreachableSince);
  return { inactiveAt: since + strategy.inactiveAfterSeconds * 1000, expungeAt: since + strategy.expungeAfterSeconds * 1000 };
}

/** Unreachable for longer than `inactiveAfterSeconds` (`UnreachableInactive`): no longer counts toward `instances`. */
export function isInactive(ctx: CoreContext, instance: Instance, app: AppDefinition | undefined): boolean {
  const deadlines = unreachableDeadlines(instance, app);
  return deadlines !== undefined && ctx.clock.now() >= deadlines.inactiveAt;
}

/** Live instances the orchestrators still want running and that count toward `instances`. */
export function wantedInstances(ctx: CoreContext, appId: string): Instance[] {
  const app = ctx.repository.app(appId);
  return goalRunning(ctx, appId).filter((i) => !isInactive(ctx, i, app));
}

/** One more launch failure of the app's config (Marathon's backoff), with a poke once the delay runs out. */
export function bumpBackoff(ctx: CoreContext, app: AppDefinition): void {
  const until = ctx.queue.failed(app).delayedUntil;
  if (until !== undefined) ctx.clock.setTimeout(() => ctx.queue.poke(), Math.max(0, until - ctx.clock.now()));
}

/** Healthy for deployments: running, and healthy by its checks when the app has any. */
export function isHealthy(instance: Instance, app: AppDefinition | undefined): boolean {
  if (instance.state !== 'TASK_RUNNING') return false;
  if (!app || app.healthChecks.length === 0) return true;
  return instance.healthy === true;
}

/** Parsed once per stored instance value (they are immutable): every deployment tick asks for all of them. */
const started = new WeakMap<Instance, number | undefined>();

export function startedMs(instance: Instance): number | undefined {
  if (started.has(instance)) return started.get(instance);
  const at = instance.startedAt ?? instance.stagedAt;
  const ms = at === undefined ? undefined : Date.parse(at);
  started.set(instance, ms);
  return ms;
}

/**
 * Decommission and kill (idempotent on the goal; the kill is re-sent). An unreachable instance will
 * not report its end, so it is expunged at once (Marathon); if it ever comes back it is an unknown
 * task and gets killed.
 */
export async function killInstance(ctx: CoreContext, instance: Instance, app: AppDefinition | undefined): Promise<void> {
  if (instance.state === 'TASK_UNREACHABLE') {
    await ctx.repository.deleteInstance(instance.instanceId);
    ctx.attributes.delete(instance.instanceId);
  } else if (instance.goal !== 'Decommissioned') await ctx.repository.putInstance({ ...instance, goal: 'Decommissioned' });
  sendKill(ctx, instance, app);
}

/** Only the Mesos kill (retried until the task ends); the goal stays (a health kill: the instance is replaced when it ends). */
export function sendKill(ctx: CoreContext, instance: Instance, app: AppDefinition | undefined): void {
  ctx.kill(instance, app);
}

/** Sends the Mesos kill now (the kill service calls this when the kill's turn has come) and arms its retry. */
export function sendKillNow(ctx: CoreContext, instance: Instance, app: AppDefinition | undefined): void {
  ctx.killSent(instance);
  const grace = app?.taskKillGracePeriodSeconds;
  const driver = ctx.driverRef();
  if (!driver) return;
  driver.kill(instance.taskId, instance.agentId, grace === undefined ? undefined : grace * 1000).catch((error: unknown) =>
    ctx.logger.warn({ taskId: instance.taskId, error: String(error) }, 'kill failed'),
  );
}
