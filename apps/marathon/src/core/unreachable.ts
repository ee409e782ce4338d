import type { TimerHandle } from '@strato/clock';
import type { Instance } from '../state';
import { sendKill, unreachableDeadlines, type CoreContext } from './instances';

type Job = (job: () => Promise<void>) => Promise<void>;

/**
 * Marathon's `unreachableStrategy` for TASK_UNREACHABLE instances, on the injected clock. After
 * `inactiveAfterSeconds` the instance is `UnreachableInactive`: it no longer counts toward
 * `instances` (see `wantedInstances`) and the app is scaled back up (no backoff); after
 * `expungeAfterSeconds` it is expunged (deleted and killed, so it is killed if it comes back).
 * `disabled` never does either. Deadlines come from the persisted `unreachableSince`, so `arm`
 * after a restart resumes them; a deadline already past runs at once.
 */
export class UnreachableTimers {
  private readonly timers = new Map<string, TimerHandle[]>();

  constructor(
    private readonly ctx: CoreContext,
    private readonly run: Job,
  ) {}

  /** Arms (or re-arms) the deadlines of an unreachable instance. Call inside the serial queue. */
  async arm(instance: Instance): Promise<void> {
    this.disarm(instance.instanceId);
    const deadlines = unreachableDeadlines(instance, this.ctx.repository.app(instance.appId));
    if (!deadlines) return;
    const now = this.ctx.clock.now();
    const handles: TimerHandle[] = [];
    const at = (when: number, job: () => Promise<void>): Promise<void> | undefined => {
      if (when <= now) return job();
      handles.push(this.ctx.clock.setTimeout(() => void this.run(job).catch((error: unknown) => this.fail(error)), when - now));
      return undefined;
    };
    const { instanceId, unreachableSince } = instance;
    await at(deadlines.inactiveAt, () => this.inactive(instanceId, unreachableSince));
    await at(deadlines.expungeAt, () => this.expunge(instanceId, unreachableSince));
    if (handles.length > 0) this.timers.set(instanceId, handles);
  }

  disarm(instanceId: string): void {
    for (const handle of this.timers.get(instanceId) ?? []) this.ctx.clock.clearTimeout(handle);
    this.timers.delete(instanceId);
  }

  stop(): void {
    for (const id of [...this.timers.keys()]) this.disarm(id);
  }

  /** The same unreachable episode still (not back, not a new one). */
  private current(instanceId: string, since: string | undefined): Instance | undefined {
    const instance = this.ctx.repository.instance(instanceId);
    return instance?.state === 'TASK_UNREACHABLE' && instance.unreachableSince === since ? instance : undefined;
  }

  private async inactive(instanceId: string, since: string | undefined): Promise<void> {
    const instance = this.current(instanceId, since);
    if (!instance) return;
    this.ctx.bus.publish({
      eventType: 'instance_changed_event', instanceId, condition: 'UnreachableInactive', runSpecId: instance.appId,
      agentId: instance.agentId ?? '', host: instance.hostname ?? '', runSpecVersion: instance.appVersion,
    });
    this.ctx.logger.info({ instanceId }, 'unreachable instance is inactive: replacing it');
    if (instance.goal === 'Running') await this.ctx.scaleApp(instance.appId);
  }

  private async expunge(instanceId: string, since: string | undefined): Promise<void> {
    const instance = this.current(instanceId, since);
    if (!instance) return;
    this.timers.delete(instanceId);
    await this.ctx.repository.deleteInstance(instanceId);
    this.ctx.attributes.delete(instanceId);
    this.ctx.logger.info({ instanceId }, 'unreachable instance expunged');
    sendKill(this.ctx, instance, this.ctx.repository.app(instance.appId));
    if (instance.goal === 'Running') await this.ctx.scaleApp(instance.appId);
  }

  private fail(error: unknown): void {
    this.ctx.logger.error({ error: String(error) }, 'unreachable timer failed');
  }
}
