import { isSelfOrDescendantOf, transitiveApps, type AppDefinition, type GroupDefinition } from '@strato/app-definition';
import type { DeploymentInfoJson } from '@strato/deployment-planner';
import { StratoError, notFound } from '@strato/errors';
import type {
  AppStatus,
  DeploymentResult,
  GroupWriteOptions,
  GroupWriteResult,
  KillTasksRequest,
  MarathonCore,
  QueueItemJson,
  TaskJson,
  WriteOptions,
} from '../../core/core';
import { buildRootGroup, type GroupRecord } from '../../state';

export type FakeCall =
  | { op: 'createApp'; app: AppDefinition; options: WriteOptions }
  | { op: 'putApp'; app: AppDefinition; options: WriteOptions }
  | { op: 'deleteApp'; id: string; options: WriteOptions }
  | { op: 'restartApp'; id: string; options: WriteOptions }
  | { op: 'putGroup'; group: GroupDefinition; options: GroupWriteOptions }
  | { op: 'deleteGroup'; id: string; options: WriteOptions }
  | { op: 'rollbackGroup'; id: string; version: string; options: GroupWriteOptions }
  | { op: 'patchGroup'; id: string; enforceRole: boolean; options: WriteOptions }
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
  /** Explicit group records (as the repository keeps them). */
  readonly groupRecords = new Map<string, GroupRecord>();
  /** Root trees by version, for the group versions routes (tests seed them). */
  readonly rootVersions = new Map<string, GroupDefinition>();
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

  appStatuses(ids: readonly string[]): AppStatus[] {
    return ids.map((id) => this.appStatus(id));
  }

  appStatus(id: string): AppStatus {
    return {
      tasksStaged: 0,
      tasksRunning: 0,
      tasksHealthy: 0,
      tasksUnhealthy: 0,
      deployments: [],
      tasks: this.tasks(id),
      readinessCheckResults: [],
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

  rootGroup(): GroupDefinition {
    return buildRootGroup(this.apps(), this.groupRecords.values());
  }

  group(id: string): GroupDefinition | undefined {
    const find = (g: GroupDefinition): GroupDefinition | undefined =>
      g.id === id ? g : g.groups.map(find).find((x) => x !== undefined);
    return find(this.rootGroup());
  }

  /** Replaces the subtree; `dryRun` answers one StartApplication step per app of the target and changes nothing. */
  async putGroup(group: GroupDefinition, options: GroupWriteOptions): Promise<GroupWriteResult> {
    this.calls.push({ op: 'putGroup', group, options });
    if (options.create && this.group(group.id)) {
      throw new StratoError('ALREADY_EXISTS', `Group ${group.id} is already created. Use PUT to change this group.`);
    }
    const apps = transitiveApps(group);
    for (const app of apps) this.checkLock(app.id, options);
    const steps = apps.length === 0 ? [] : [{ actions: apps.map((a) => ({ action: 'StartApplication' as const, app: a.id })) }];
    if (options.dryRun) return { deploymentId: '', version: group.version, steps };
    const keep = new Set(apps.map((a) => a.id));
    for (const id of [...this.history.keys()]) if (isSelfOrDescendantOf(id, group.id) && !keep.has(id)) this.history.delete(id);
    for (const app of apps) this.store(app);
    const record = (g: GroupDefinition): void => {
      this.groupRecords.set(g.id, { id: g.id, dependencies: [...g.dependencies], version: g.version });
      g.groups.forEach(record);
    };
    record(group);
    return { ...this.deployment(group.version), steps };
  }

  async deleteGroup(id: string, options: WriteOptions): Promise<DeploymentResult> {
    this.calls.push({ op: 'deleteGroup', id, options });
    if (!this.group(id)) throw notFound(`Group '${id}' does not exist`);
    for (const appId of [...this.history.keys()]) if (isSelfOrDescendantOf(appId, id)) this.history.delete(appId);
    for (const g of [...this.groupRecords.keys()]) if (isSelfOrDescendantOf(g, id)) this.groupRecords.delete(g);
    return this.deployment('2024-01-01T00:00:00.000Z');
  }

  groupVersions(id: string): readonly string[] | undefined {
    const versions = [...this.rootVersions].filter(([, root]) => findIn(root, id)).map(([v]) => v).sort().reverse();
    return versions.length > 0 || this.group(id) ? versions : undefined;
  }

  groupVersion(id: string, version: string): GroupDefinition | undefined {
    const root = this.rootVersions.get(version);
    return root && findIn(root, id);
  }

  /** Puts the stored subtree back through `putGroup` (so its checks and dryRun apply). */
  async rollbackGroup(id: string, version: string, options: GroupWriteOptions): Promise<GroupWriteResult> {
    this.calls.push({ op: 'rollbackGroup', id, version, options });
    const old = this.groupVersion(id, version);
    if (!old) throw notFound(`Group '${id}' not available in version ${version}`);
    return this.putGroup(old, options);
  }

  async patchGroup(id: string, enforceRole: boolean, options: WriteOptions): Promise<GroupDefinition> {
    this.calls.push({ op: 'patchGroup', id, enforceRole, options });
    const group = this.group(id);
    if (!group) throw notFound(`Group '${id}' does not exist`);
    this.groupRecords.set(id, { id, dependencies: [...group.dependencies], enforceRole, version: '2024-06-01T00:00:00.000Z' });
    return this.group(id)!;
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

function findIn(group: GroupDefinition, id: string): GroupDefinition | undefined {
  return group.id === id ? group : group.groups.map((g) => findIn(g, id)).find((x) => x !== undefined);
}
