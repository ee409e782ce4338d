import { isTerminal, type TaskState, type TaskStatus } from '@strato/domain';
import type { Instance, InstanceChange } from '../state';
import type { CoreHealth } from './core-health';
import { bumpBackoff, condition, isInactive, type CoreContext } from './instances';
import type { KillRetries } from './kill-retries';
import type { KillService } from './kill-service';
import { isLaunching, type LaunchTimeouts } from './launch-timeouts';
import type { UnreachableTimers } from './unreachable';
import { TASK_SUFFIX } from './types';

/** End states that count as a launch failure for the backoff (not a kill by us). */
const FAILURES: ReadonlySet<TaskState> = new Set<TaskState>(['TASK_FAILED', 'TASK_FINISHED', 'TASK_ERROR', 'TASK_LOST', 'TASK_DROPPED', 'TASK_GONE', 'TASK_UNKNOWN']);

interface Planned {
  readonly status: TaskStatus;
  /** The instance before and after the update; both absent for a task Marathon does not know. */
  readonly before?: Instance;
  readonly next?: Instance;
  readonly wasInactive?: boolean;
  readonly change?: InstanceChange;
}

export function instanceIdOf(taskId: string): string {
  const at = taskId.indexOf(TASK_SUFFIX);
  return at < 0 ? taskId : taskId.slice(0, at);
}

/**
 * Status updates → instance state (persisted before the SDK acknowledges), events, and
 * self-healing: a terminal instance whose goal is Running is replaced through the launch queue
 * (with backoff on failures); a terminal decommissioned one is forgotten.
 */
export class InstanceTracker {
  constructor(
    private readonly ctx: CoreContext,
    private readonly health: CoreHealth,
    private readonly unreachable: UnreachableTimers,
    private readonly timers: { readonly kills: KillRetries; readonly launches: LaunchTimeouts; readonly killing: KillService },
  ) {}

  update(status: TaskStatus): Promise<void> {
    return this.updateMany([status]);
  }

  /**
   * A burst of updates, in order: every instance change is persisted with one write (before the SDK
   * acknowledges any of them), then events, health, self-healing and the unreachable strategy run
   * update by update on the stored state, as if the updates had come one at a time.
   */
  async updateMany(statuses: readonly TaskStatus[]): Promise<void> {
    const planned = this.plan(statuses);
    await this.ctx.repository.writeInstances(planned.flatMap((p) => p.change ?? []));
    this.health.syncInstances(new Set(planned.flatMap((p) => (p.before ? [p.before.instanceId] : []))));
    for (const p of planned) {
      // Every change is already stored: one update's failing effect must not cost the others theirs.
      await this.effects(p).catch((error: unknown) =>
        this.ctx.logger.error({ taskId: p.status.taskId, error: String(error) }, 'status update effects failed'),
      );
    }
    this.ctx.requestTick();
  }

  /** What each update does to its instance, each applied on top of the previous ones of the batch. */
  private plan(statuses: readonly TaskStatus[]): Planned[] {
    const working = new Map<string, Instance | undefined>();
    return statuses.map((status): Planned => {
      const id = instanceIdOf(status.taskId);
      const current = working.has(id) ? working.get(id) : this.ctx.repository.instance(id);
      if (!current || current.taskId !== status.taskId) return { status };
      const next = this.apply(current, status);
      const wasInactive = isInactive(this.ctx, current, this.ctx.repository.app(current.appId));
      const terminal = isTerminal(status.state);
      working.set(id, terminal ? undefined : next);
      return { status, before: current, next, wasInactive, change: terminal ? { delete: id } : { put: next } };
    });
  }

  private async effects({ status, before, next, wasInactive }: Planned): Promise<void> {
    if (!before || !next) return this.unknown(status);
    if (isTerminal(status.state)) this.terminal(next, status, wasInactive === true);
    this.disarm(next);
    this.publish(next, status);
    if (status.state === 'TASK_RUNNING' && status.healthy !== undefined) this.health.recordStatus(next.instanceId, status.healthy, status.message);
    await this.unreachableChange(before, next);
  }

  /** A task that ended needs no kill retry; one that runs (or ended) no launch timeout. */
  private disarm(instance: Instance): void {
    if (isTerminal(instance.state)) {
      this.timers.kills.disarm(instance.instanceId);
      this.timers.killing.ended(instance.instanceId);
    }
    if (!isLaunching(instance)) this.timers.launches.disarm(instance.instanceId);
  }

  /** A new unreachable episode arms the strategy's timers; coming back disarms them and trims any surplus. */
  private async unreachableChange(before: Instance, after: Instance): Promise<void> {
    const was = before.state === 'TASK_UNREACHABLE';
    const is = after.state === 'TASK_UNREACHABLE';
    if (is && !was) await this.unreachable.arm(after);
    if (was && !is) {
      this.unreachable.disarm(after.instanceId);
      if (!isTerminal(after.state) && after.goal === 'Running') await this.ctx.scaleApp(after.appId);
    }
  }

  /** After a restart: resume the strategy's timers of persisted unreachable instances. */
  async resume(): Promise<void> {
    for (const instance of this.ctx.repository.instances()) {
      if (instance.state === 'TASK_UNREACHABLE') await this.unreachable.arm(instance);
    }
  }

  private apply(instance: Instance, status: TaskStatus): Instance {
    const now = new Date(this.ctx.clock.now()).toISOString();
    const startedAt = instance.startedAt ?? (status.state === 'TASK_RUNNING' ? now : undefined);
    const unreachableSince = status.state === 'TASK_UNREACHABLE' ? (instance.unreachableSince ?? now) : undefined;
    const healthy = status.healthy ?? instance.healthy;
    return { ...instance, state: status.state, startedAt, unreachableSince, healthy, lastStatusMessage: status.message || instance.lastStatusMessage };
  }

  /** `wasInactive`: an unreachable inactive instance was already replaced, so its end is not. The instance is already deleted. */
  private terminal(instance: Instance, status: TaskStatus, wasInactive: boolean): void {
    this.ctx.attributes.delete(instance.instanceId);
    const app = this.ctx.repository.app(instance.appId);
    if (FAILURES.has(status.state)) this.recordFailure(instance, status);
    const counted = this.timers.launches.takeCounted(instance.taskId); // killed as overdue: already in the backoff
    if (instance.goal !== 'Running' || !app || wasInactive) return;
    if (FAILURES.has(status.state) && !counted && instance.configVersion === app.versionInfo.lastConfigChangeAt) bumpBackoff(this.ctx, app);
    this.ctx.queue.add(app.id, 1);
  }

  private recordFailure(instance: Instance, status: TaskStatus): void {
    this.ctx.lastFailures.set(instance.appId, {
      appId: instance.appId,
      host: instance.hostname ?? '',
      message: status.message,
      state: status.state,
      taskId: instance.taskId,
      timestamp: new Date(status.timestamp * 1000).toISOString(),
      version: instance.appVersion,
      slaveId: instance.agentId ?? status.agentId,
    });
  }

  /** Marathon kills tasks it does not know (`KillService.killUnknownTask`). */
  private async unknown(status: TaskStatus): Promise<void> {
    if (isTerminal(status.state)) return;
    this.ctx.logger.warn({ taskId: status.taskId, state: status.state }, 'status update for an unknown task: killing it');
    await this.ctx.driverRef()?.kill(status.taskId, status.agentId).catch(() => undefined);
  }

  private publish(instance: Instance, status: TaskStatus): void {
    const host = instance.hostname ?? '';
    const taskStatus = status.state === 'TASK_LOST' || status.state === 'TASK_GONE_BY_OPERATOR' ? 'TASK_GONE' : status.state;
    this.ctx.bus.publish({
      eventType: 'status_update_event', slaveId: status.agentId, taskId: status.taskId, taskStatus, message: status.message,
      appId: instance.appId, host, ipAddresses: [], ports: instance.hostPorts, version: instance.appVersion,
    });
    this.ctx.bus.publish({
      eventType: 'instance_changed_event', instanceId: instance.instanceId, condition: condition(status.state),
      runSpecId: instance.appId, agentId: instance.agentId ?? status.agentId, host, runSpecVersion: instance.appVersion,
    });
  }
}
