import { isTerminal } from '@strato/domain';
import type { TimerHandle } from '@strato/clock';
import type { Instance } from '../state';
import { sendKill, type CoreContext } from './instances';

type Job = (job: () => Promise<void>) => Promise<void>;

const DEFAULT_KILL_RETRY_TIMEOUT_MS = 30_000;

/**
 * Marathon's `--kill_retry_timeout`: a task Marathon killed that has not ended (the same task of the
 * instance is still stored and not terminal) gets the Mesos kill sent again after the timeout, and
 * again every timeout until it ends. Every `sendKill` (re)arms the instance's timer; the tracker
 * disarms it when the task ends. After a restart `resume` re-arms instances whose goal is not Running.
 */
export class KillRetries {
  private readonly timers = new Map<string, TimerHandle>();

  constructor(
    private readonly ctx: CoreContext,
    private readonly run: Job,
  ) {}

  private get timeoutMs(): number {
    return this.ctx.config.killRetryTimeoutMs ?? DEFAULT_KILL_RETRY_TIMEOUT_MS;
  }

  /** A kill of the instance's task was sent: retry it after the timeout unless the task ends first. */
  killed(instance: Instance): void {
    this.disarm(instance.instanceId);
    const { instanceId, taskId } = instance;
    const handle = this.ctx.clock.setTimeout(() => {
      this.timers.delete(instanceId);
      void this.run(async () => this.retry(instanceId, taskId)).catch((error: unknown) =>
        this.ctx.logger.error({ error: String(error) }, 'kill retry failed'),
      );
    }, this.timeoutMs);
    this.timers.set(instanceId, handle);
  }

  disarm(instanceId: string): void {
    this.ctx.clock.clearTimeout(this.timers.get(instanceId));
    this.timers.delete(instanceId);
  }

  /** After a restart: instances being killed (goal not Running) get their retries back. */
  resume(): void {
    for (const instance of this.ctx.repository.instances()) {
      if (instance.goal !== 'Running' && !isTerminal(instance.state)) this.killed(instance);
    }
  }

  stop(): void {
    for (const id of [...this.timers.keys()]) this.disarm(id);
  }

  /** Pending retries (for tests and metrics). */
  size(): number {
    return this.timers.size;
  }

  private retry(instanceId: string, taskId: string): void {
    const instance = this.ctx.repository.instance(instanceId);
    if (!instance || instance.taskId !== taskId || isTerminal(instance.state)) return;
    this.ctx.logger.warn({ instanceId, taskId, state: instance.state }, 'task has not ended since it was killed: killing it again');
    sendKill(this.ctx, instance, this.ctx.repository.app(instance.appId));
  }
}
