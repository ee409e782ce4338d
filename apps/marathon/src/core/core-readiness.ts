import type { AppDefinition } from '@strato/app-definition';
import type { ReadinessCheckResult } from '@strato/deployment-planner';
import { ReadinessChecker, type ReadinessInstance, type ReadinessProbe } from '../readiness';
import type { Instance } from '../state';
import type { CoreContext } from './instances';

function toReadinessInstance(instance: Instance, app: AppDefinition): ReadinessInstance {
  return {
    instanceId: instance.instanceId,
    taskId: instance.taskId,
    host: instance.hostname ?? '',
    ports: instance.hostPorts,
    portNames: app.portDefinitions.map((p) => p.name),
    checks: app.readinessChecks,
  };
}

/** Subject to readiness: the app has checks and the instance runs its current config. */
function gated(instance: Instance, app: AppDefinition | undefined): app is AppDefinition {
  return app !== undefined && app.readinessChecks.length > 0 && instance.configVersion === app.versionInfo.lastConfigChangeAt;
}

/**
 * The core's side of `ReadinessChecker`. Checked are the RUNNING instances (goal Running) of the current config of
 * apps with readiness checks while a deployment involves the app, until ready; results stay in memory while the
 * instance is checked (they go when it ends or the deployment is over). A changed result re-evaluates deployments.
 */
export class CoreReadiness {
  private readonly checker: ReadinessChecker;

  constructor(
    private readonly ctx: CoreContext,
    /** Ids of the apps that running deployments affect. */
    private readonly deployingApps: () => Iterable<string>,
    probe?: ReadinessProbe,
  ) {
    this.checker = new ReadinessChecker({ clock: ctx.clock, probe, onChange: () => ctx.requestTick() });
  }

  /** Watch exactly the instances that need readiness now. Call after every change of instances or deployments. */
  sync(): void {
    const watched: ReadinessInstance[] = [];
    for (const appId of new Set(this.deployingApps())) {
      const app = this.ctx.repository.app(appId);
      if (!app || app.readinessChecks.length === 0) continue;
      for (const instance of this.ctx.repository.instances(appId)) {
        if (instance.state === 'TASK_RUNNING' && instance.goal === 'Running' && gated(instance, app)) watched.push(toReadinessInstance(instance, app));
      }
    }
    this.checker.update(watched);
  }

  /**
   * Ready for deployments: true when the app has no readiness checks or the instance runs an older config (never
   * gated); else every check answered ready. An instance that is not RUNNING (so not checked) is not ready.
   */
  ready(instance: Instance): boolean {
    const app = this.ctx.repository.app(instance.appId);
    if (!gated(instance, app)) return true;
    return this.checker.ready(instance.instanceId);
  }

  /** The latest results of the app's checked instances (`readinessCheckResults`). */
  results(appId: string): ReadinessCheckResult[] {
    if (!this.checker.watchingAny()) return [];
    return this.ctx.repository.instances(appId).flatMap((i) => this.checker.results(i.instanceId));
  }

  stop(): void {
    this.checker.stop();
  }
}
