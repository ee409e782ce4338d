import type { TimerHandle } from '@strato/clock';
import type { TaskState } from '@strato/domain';
import type { Instance } from '../state';
import { bumpBackoff, sendKill, type CoreContext } from './instances';

type Job = (job: () => Promise<void>) => Promise<void>;

const DEFAULT_TASK_LAUNCH_TIMEOUT_MS = 5 * 60_000;

/** Launched but not yet running (Marathon's overdue check looks at these). */
const LAUNCHING: ReadonlySet<TaskState> = new Set<TaskState>(['TASK_STAGING', 'TASK_STARTING']);

export function isLaunching(instance: Instance): boolean {
  return LAUNCHING.has(instance.state);
}

/**
 * Marathon's `--task_launch_timeout`: a task that has not reached TASK_RUNNING within the timeout
 * after `stagedAt` is killed (the goal stays Running, so self-healing replaces it once it ends) and
 * counts as a launch failure for the backoff. Deadlines come from the persisted `stagedAt`, so
 * `resume` after a restart re-arms them; a deadline already past runs at once.
 */
export class LaunchTimeouts {
  private readonly timers = new Map<string, TimerHandle>();
  /** Tasks killed for being overdue: their failure is already in the backoff. */
  private readonly counted = new Set<string>();

  constructor(
    private readonly ctx: CoreContext,
    private readonly run: Job,
  ) {}

  private get timeoutMs(): number {
    return this.ctx.config.taskLaunchTimeoutMs ?? DEFAULT_TASK_LAUNCH_TIMEOUT_MS;
  }

  /** Arms the deadline of a launching instance. Call inside the serial queue. */
  arm(instance: Instance): void {
    this.disarm(instance.instanceId);
    if (!isLaunching(instance) || instance.stagedAt === undefined) return;
    const { instanceId, taskId } = instance;
    const wait = Date.parse(instance.stagedAt) + this.timeoutMs - this.ctx.clock.now();
    if (wait <= 0) return this.overdue(instanceId, taskId);
    const handle = this.ctx.clock.setTimeout(() => {
      this.timers.delete(instanceId);
      void this.run(async () => this.overdue(instanceId, taskId)).catch((error: unknown) =>
        this.ctx.logger.error({ error: String(error) }, 'launch timeout failed'),
      );
    }, wait);
    this.timers.set(instanceId, handle);
  }

  disarm(instanceId: string): void {
    this.ctx.clock.clearTimeout(this.timers.get(instanceId));
    this.timers.delete(instanceId);
  }

  /**
   * Whether the end of `taskId` was already counted as a launch failure (it was killed as overdue), so
   * that ending FAILED does not raise the backoff a second time. Forgets the task.
   */
  takeCounted(taskId: string): boolean {
    return this.counted.delete(taskId);
  }

  /** After a restart: every persisted launching instance gets its deadline back. Call inside the serial queue. */
  resume(): void {
    for (const instance of this.ctx.repository.instances()) this.arm(instance);
  }

  stop(): void {
    for (const id of [...this.timers.keys()]) this.disarm(id);
    this.counted.clear();
  }

  private overdue(instanceId: string, taskId: string): void {
    const instance = this.ctx.repository.instance(instanceId);
    if (!instance || instance.taskId !== taskId || !isLaunching(instance)) return;
    const app = this.ctx.repository.app(instance.appId);
    this.ctx.logger.warn(
      { instanceId, taskId, state: instance.state, stagedAt: instance.stagedAt, timeoutMs: this.timeoutMs },
      'task did not reach TASK_RUNNING within --task_launch_timeout: killing it',
    );
    if (app && instance.goal === 'Running' && instance.configVersion === app.versionInfo.lastConfigChangeAt) {
      bumpBackoff(this.ctx, app);
      this.counted.add(taskId);
    }
    sendKill(this.ctx, instance, app);
  }
}
