import type { AppDefinition } from '@strato/app-definition';
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

/** Live instances the orchestrators still want running. */
export function wantedInstances(ctx: CoreContext, appId: string): Instance[] {
  return liveInstances(ctx, appId).filter((i) => i.goal === 'Running');
}

/** Healthy for deployments: running, and healthy by its checks when the app has any. */
export function isHealthy(instance: Instance, app: AppDefinition | undefined): boolean {
  if (instance.state !== 'TASK_RUNNING') return false;
  if (!app || app.healthChecks.length === 0) return true;
  return instance.healthy === true;
}

export function startedMs(instance: Instance): number | undefined {
  const at = instance.startedAt ?? instance.stagedAt;
  return at === undefined ? undefined : Date.parse(at);
}

/** Decommission and kill (idempotent on the goal; the kill is re-sent). */
export async function killInstance(ctx: CoreContext, instance: Instance, app: AppDefinition | undefined): Promise<void> {
  if (instance.goal !== 'Decommissioned') await ctx.repository.putInstance({ ...instance, goal: 'Decommissioned' });
  const grace = app?.taskKillGracePeriodSeconds;
  const driver = ctx.driverRef();
  if (!driver) return;
  driver.kill(instance.taskId, instance.agentId, grace === undefined ? undefined : grace * 1000).catch((error: unknown) =>
    ctx.logger.warn({ taskId: instance.taskId, error: String(error) }, 'kill failed'),
  );
}
