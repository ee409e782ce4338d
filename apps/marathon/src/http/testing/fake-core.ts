import type { AppDefinition } from '@strato/app-definition';
import type { DeploymentInfoJson } from '@strato/deployment-planner';
import { StratoError, notFound } from '@strato/errors';
import type {
  AppStatus,
  DeploymentResult,
  KillTasksRequest,
  MarathonCore,
  QueueItemJson,
  TaskJson,
  WriteOptions,
} from '../../core/core';

export type FakeCall =
  | { op: 'createApp'; app: AppDefinition; options: WriteOptions }
  | { op: 'putApp'; app: AppDefinition; options: WriteOptions }
  | { op: 'deleteApp'; id: string; options: WriteOptions }
  | { op: 'restartApp'; id: string; options: WriteOptions }
  | { op: 'killTasks'; appId: string | undefined; request: KillTasksRequest }
  | { op: 'cancelDeployment'; id: string; options: WriteOptions }
  | { op: 'resetDelay'; appId: string };

/**
 * An in-memory `MarathonCore` for route tests: stores apps with their versions, tasks, deployments and queue
 * entries; records every write; deployment ids are `deployment-1`, `deployment-2`, ... Apps listed in `locked`
 * answer writes with the core's 409 (`details.deployments`) unless `force`.
 */
export class FakeCore implements MarathonCore {
  readonly calls: FakeCall[] = [];
  readonly locked = new Map<string, string>();
  readonly statuses = new Map<string, Partial<AppStatus>>();
  readonly queued = new Set<string>();
  deploymentList: DeploymentInfoJson[] = [];
  queueItems: QueueItemJson[] = [];
  taskList: TaskJson[] = [];
  private readonly history = new Map<string, AppDefinition[]>();
  private counter = 0;

  constructor(apps: readonly AppDefinition[] = []) {
    for (const app of apps) this.store(app);
  }

  store(app: AppDefinition): void {
    this.history.set(app.id, [...(this.history.get(app.id) ?? []), app]);
  }

  apps(): readonly AppDefinition[] {
    return [...this.history.values()].map((versions) => versions[versions.length - 1]);
  }

  app(id: string): AppDefinition | undefined {
    const versions = this.history.get(id);
    return versions?.[versions.length - 1];
  }

  appStatus(id: string): AppStatus {
    return {
      tasksStaged: 0,
      tasksRunning: 0,
      tasksHealthy: 0,
      tasksUnhealthy: 0,
      deployments: [],
      tasks: this.tasks(id),
      ...this.statuses.get(id),
    };
  }

  versions(id: string): readonly string[] | undefined {
    return this.history.get(id)?.map((a) => a.version).reverse();
  }

  appVersion(id: string, version: string): AppDefinition | undefined {
    return this.history.get(id)?.find((a) => a.version === version);
  }

  async createApp(app: AppDefinition, options: WriteOptions): Promise<DeploymentResult> {
    this.calls.push({ op: 'createApp', app, options });
    if (this.app(app.id)) throw new StratoError('ALREADY_EXISTS', `An app with id [${app.id}] already exists.`);
    this.checkLock(app.id, options);
    this.store(app);
    return this.deployment(app.version);
  }

  async putApp(app: AppDefinition, options: WriteOptions): Promise<DeploymentResult & { readonly created: boolean }> {
    this.calls.push({ op: 'putApp', app, options });
    this.checkLock(app.id, options);
    const created = !this.app(app.id);
    this.store(app);
    return { ...this.deployment(app.version), created };
  }

  async deleteApp(id: string, options: WriteOptions): Promise<DeploymentResult> {
    this.calls.push({ op: 'deleteApp', id, options });
    if (!this.app(id)) throw notFound(`App '${id}' does not exist`);
    this.checkLock(id, options);
    this.history.delete(id);
    return this.deployment('2024-01-01T00:00:00.000Z');
  }

  async restartApp(id: string, options: WriteOptions): Promise<DeploymentResult> {
    this.calls.push({ op: 'restartApp', id, options });
    this.checkLock(id, options);
    return this.deployment('2024-01-01T00:00:00.000Z');
  }

  tasks(appId?: string): readonly TaskJson[] {
    return this.taskList.filter((t) => appId === undefined || t.appId === appId);
  }

  async killTasks(appId: string | undefined, request: KillTasksRequest): Promise<{ readonly tasks: readonly TaskJson[] } | DeploymentResult> {
    this.calls.push({ op: 'killTasks', appId, request });
    const killed = this.taskList.filter(
      (t) =>
        (appId === undefined || t.appId === appId) &&
        (request.taskIds === undefined || request.taskIds.includes(t.id)) &&
        (request.host === undefined || t.host === request.host),
    );
    if (request.scale) return this.deployment('2024-01-01T00:00:00.000Z');
    return { tasks: killed };
  }

  deployments(): readonly DeploymentInfoJson[] {
    return this.deploymentList;
  }

  async cancelDeployment(id: string, options: WriteOptions): Promise<DeploymentResult | undefined> {
    this.calls.push({ op: 'cancelDeployment', id, options });
    return options.force ? undefined : this.deployment('2024-01-01T00:00:00.000Z');
  }

  queue(): readonly QueueItemJson[] {
    return this.queueItems;
  }

  resetDelay(appId: string): boolean {
    this.calls.push({ op: 'resetDelay', appId });
    return this.queued.has(appId);
  }

  private checkLock(id: string, options: WriteOptions): void {
    const deployment = this.locked.get(id);
    if (deployment === undefined || options.force) return;
    throw new StratoError(
      'CONFLICT',
      `App is locked by one or more deployments. Override with the option '?force=true'. View details at '/v2/deployments/${deployment}'.`,
      { deployments: [{ id: deployment }] },
    );
  }

  private deployment(version: string): DeploymentResult {
    this.counter++;
    return { deploymentId: `deployment-${this.counter}`, version };
  }
}
