import type { HealthCheck } from '@strato/app-definition';
import { HealthChecker, type HealthEvent, type HealthInstance, type HealthProbe } from '../health';
import type { UnstampedEvent } from '../events';
import type { Instance } from '../state';
import { bumpBackoff, sendKill, type CoreContext } from './instances';

type Job = (job: () => Promise<void>) => Promise<void>;

function toHealthInstance(instance: Instance, now: number): HealthInstance {
  return {
    instanceId: instance.instanceId,
    taskId: instance.taskId,
    appId: instance.appId,
    version: instance.appVersion,
    host: instance.hostname ?? '',
    ports: instance.hostPorts,
    startedAt: instance.startedAt ?? now,
    agentId: instance.agentId,
  };
}

function busEvent(event: HealthEvent): UnstampedEvent {
  switch (event.eventType) {
    case 'health_status_changed_event':
      return { eventType: event.eventType, appId: event.appId, instanceId: event.instanceId, version: event.version, alive: event.alive };
    case 'failed_health_check_event':
      return { eventType: event.eventType, appId: event.appId, instanceId: event.instanceId, healthCheck: event.healthCheck };
    case 'unhealthy_instance_kill_event':
      return {
        eventType: event.eventType, appId: event.appId, taskId: event.taskId, instanceId: event.instanceId,
        version: event.version, reason: event.reason, host: event.host, slaveId: event.slaveId ?? '',
      };
  }
}

/**
 * The core's side of `HealthChecker`: RUNNING instances of apps with health checks are watched
 * (Marathon-run HTTP/HTTPS/TCP probed here; agent-run MESOS_* / COMMAND fed from status updates), the
 * verdict is persisted as `Instance.healthy`, events go to the bus, and an instance past
 * `maxConsecutiveFailures` is killed (goal stays Running, so it is replaced) with the backoff bumped.
 */
export class CoreHealth {
  private readonly checker: HealthChecker;

  constructor(
    private readonly ctx: CoreContext,
    private readonly run: Job,
    probe?: HealthProbe,
  ) {
    this.checker = new HealthChecker({
      clock: ctx.clock,
      healthChecks: (i) => this.checksOf(i.appId, i.version),
      probe,
      onEvent: (event) => this.onEvent(event),
      onKill: (instance, reason) => void this.run(() => this.kill(instance, reason)).catch((error: unknown) => this.fail(error)),
    });
  }

  /** Watch exactly the RUNNING instances that have health checks. Call after every change of instances. */
  sync(): void {
    const now = this.ctx.clock.now();
    const checked = new Map<string, boolean>(); // per app version: runs on every change, over every instance
    const watched: HealthInstance[] = [];
    for (const i of this.ctx.repository.instances()) {
      if (i.state !== 'TASK_RUNNING') continue;
      const key = `${i.appId} ${i.appVersion}`;
      let has = checked.get(key);
      if (has === undefined) checked.set(key, (has = this.checksOf(i.appId, i.appVersion).length > 0));
      if (has) watched.push(toHealthInstance(i, now));
    }
    this.checker.update(watched);
  }

  /** `sync` for just these instances (the ones a batch of updates changed): a burst of updates must not rescan every instance. */
  syncInstances(instanceIds: Iterable<string>): void {
    const now = this.ctx.clock.now();
    for (const id of instanceIds) {
      const i = this.ctx.repository.instance(id);
      const watch = i && i.state === 'TASK_RUNNING' && this.checksOf(i.appId, i.appVersion).length > 0;
      this.checker.updateOne(id, watch ? toHealthInstance(i, now) : undefined);
    }
  }

  /** The `healthy` flag of a status update (agent-run checks). */
  recordStatus(instanceId: string, healthy: boolean, message: string): void {
    this.checker.recordStatusHealth(instanceId, healthy, message || undefined);
  }

  results(instanceId: string): readonly unknown[] {
    return this.checker.results(instanceId);
  }

  /** Health by the checks: undefined while no check has a result yet (neither healthy nor unhealthy). */
  verdict(instanceId: string): boolean | undefined {
    const results = this.checker.results(instanceId);
    if (results.length === 0 || results.every((r) => r.lastSuccess === null && r.lastFailure === null)) return undefined;
    return results.every((r) => r.alive);
  }

  /** Persist the checker's verdict on the instance when it changed. Call inside the serial queue. */
  async refresh(instanceId: string): Promise<void> {
    const instance = this.ctx.repository.instance(instanceId);
    if (!instance || instance.state !== 'TASK_RUNNING') return;
    const healthy = this.verdict(instanceId);
    if (healthy === undefined || healthy === instance.healthy) return;
    await this.ctx.repository.putInstance({ ...instance, healthy });
    this.ctx.requestTick();
  }

  stop(): void {
    this.checker.stop();
  }

  private checksOf(appId: string, version: string): readonly HealthCheck[] {
    return (this.ctx.repository.appVersion(appId, version) ?? this.ctx.repository.app(appId))?.healthChecks ?? [];
  }

  private onEvent(event: HealthEvent): void {
    this.ctx.bus.publish(busEvent(event));
    if (event.eventType === 'health_status_changed_event' || event.eventType === 'failed_health_check_event') {
      const { instanceId } = event;
      void this.run(() => this.refresh(instanceId)).catch((error: unknown) => this.fail(error));
    }
  }

  private async kill(target: HealthInstance, reason: string): Promise<void> {
    const instance = this.ctx.repository.instance(target.instanceId);
    if (!instance || instance.taskId !== target.taskId || instance.goal !== 'Running') return;
    const app = this.ctx.repository.app(instance.appId);
    this.ctx.logger.warn({ taskId: instance.taskId, reason }, 'killing unhealthy instance');
    if (app && instance.configVersion === app.versionInfo.lastConfigChangeAt) bumpBackoff(this.ctx, app);
    if (instance.healthy !== false) await this.ctx.repository.putInstance({ ...instance, healthy: false });
    sendKill(this.ctx, instance, app);
  }

  private fail(error: unknown): void {
    this.ctx.logger.error({ error: String(error) }, 'health check handling failed');
  }
}
