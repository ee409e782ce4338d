import { isSelfOrDescendantOf, resolvePath, restart, sameConfig, stampChange, transitiveApps, type AppDefinition, type GroupDefinition } from '@strato/app-definition';
import type { DeploymentInfoJson } from '@strato/deployment-planner';
import { notFound, StratoError } from '@strato/errors';
import type { GroupRecord, Instance } from '../state';
import type { AppWrites } from './app-writes';
import type { AppStatus, DeploymentResult, GroupWriteOptions, GroupWriteResult, KillTasksRequest, MarathonCore, QueueItemJson, TaskJson, WriteOptions } from './core';
import type { DeploymentManager } from './deployment-manager';
import { instanceIdOf } from './instance-tracker';
import { liveInstances, sendKill, type CoreContext } from './instances';
import { queueItemJson } from './queue-json';
import type { Serial } from '@strato/service';
import { appStatus, taskJson } from './task-json';

/** `MarathonCore` over the parts: reads from the repository cache, writes through the serial queue. */
export class CoreService implements MarathonCore {
  constructor(
    private readonly ctx: CoreContext,
    private readonly serial: Serial,
    private readonly writes: AppWrites,
    private readonly deploymentManager: DeploymentManager,
  ) {}

  apps(): readonly AppDefinition[] {
    return this.ctx.repository.apps();
  }

  app(id: string): AppDefinition | undefined {
    return this.ctx.repository.app(id);
  }

  appStatus(id: string): AppStatus {
    return this.statusOf(id, this.deploymentManager.forApp(id));
  }

  appStatuses(ids: readonly string[]): AppStatus[] {
    const deployments = this.deploymentManager.byApp();
    return ids.map((id) => this.statusOf(id, deployments.get(id) ?? []));
  }

  versions(id: string): readonly string[] | undefined {
    return this.ctx.repository.versions(id);
  }

  appVersion(id: string, version: string): AppDefinition | undefined {
    return this.ctx.repository.appVersion(id, version);
  }

  createApp(app: AppDefinition, options: WriteOptions): Promise<DeploymentResult> {
    return this.serial.run(() => {
      if (this.ctx.repository.app(app.id)) throw new StratoError('ALREADY_EXISTS', `An app with id [${app.id}] already exists.`);
      return this.writes.write({ put: [app], version: app.version }, options);
    });
  }

  putApp(app: AppDefinition, options: WriteOptions): Promise<DeploymentResult & { readonly created: boolean }> {
    return this.serial.run(async () => {
      const created = !this.ctx.repository.app(app.id);
      return { ...(await this.writes.write({ put: [app], version: app.version }, options)), created };
    });
  }

  deleteApp(id: string, options: WriteOptions): Promise<DeploymentResult> {
    return this.serial.run(() => {
      this.existing(id);
      return this.writes.write({ remove: [id], version: this.nowIso() }, options);
    });
  }

  restartApp(id: string, options: WriteOptions): Promise<DeploymentResult> {
    return this.serial.run(() => {
      const next = restart(this.existing(id), this.ctx.clock.now());
      return this.writes.write({ put: [next], version: next.version }, options);
    });
  }

  rootGroup(): GroupDefinition {
    return this.ctx.repository.rootGroup();
  }

  group(id: string): GroupDefinition | undefined {
    return findGroup(this.ctx.repository.rootGroup(), resolvePath(id));
  }

  putGroup(target: GroupDefinition, options: GroupWriteOptions): Promise<GroupWriteResult> {
    return this.serial.run(() => {
      const id = resolvePath(target.id);
      if (options.create && this.group(id)) throw new StratoError('ALREADY_EXISTS', `Group ${id} is already created. Use PUT to change this group.`);
      return this.replaceSubtree(target, options);
    });
  }

  groupVersions(id: string): readonly string[] | undefined {
    const versions = this.ctx.repository.groupVersions(id);
    return versions.length > 0 || this.group(id) ? versions : undefined;
  }

  groupVersion(id: string, version: string): GroupDefinition | undefined {
    return this.ctx.repository.groupAt(id, version);
  }

  rollbackGroup(id: string, version: string, options: GroupWriteOptions): Promise<GroupWriteResult> {
    return this.serial.run(() => {
      const groupId = resolvePath(id);
      const old = this.ctx.repository.groupAt(groupId, version);
      if (!old) throw notFound(`Group '${groupId}' not available in version ${version}`);
      const now = this.ctx.clock.now();
      const stored = new Set(this.ctx.repository.apps().map((app) => app.id));
      return this.replaceSubtree(revived(old, stored, now), options);
    });
  }

  patchGroup(id: string, enforceRole: boolean, options: WriteOptions): Promise<GroupDefinition> {
    return this.serial.run(async () => {
      const groupId = resolvePath(id);
      const existing = this.group(groupId);
      if (!existing) throw notFound(`Group '${groupId}' does not exist`);
      const version = this.nowIso();
      const record: GroupRecord = { id: groupId, dependencies: [...existing.dependencies], enforceRole, version };
      await this.writes.write({ putGroups: [record], groupId, version }, options);
      return this.group(groupId)!;
    });
  }

  deleteGroup(id: string, options: WriteOptions): Promise<DeploymentResult> {
    return this.serial.run(async () => {
      const groupId = resolvePath(id);
      const existing = this.group(groupId);
      if (!existing) throw notFound(`Group '${groupId}' does not exist`);
      const remove = transitiveApps(existing).map((app) => app.id);
      const removeGroups = this.ctx.repository.groups().map((g) => g.id).filter((g) => isSelfOrDescendantOf(g, groupId));
      const { deploymentId, version } = await this.writes.write({ remove, removeGroups, groupId, version: this.nowIso() }, options);
      return { deploymentId, version };
    });
  }

  tasks(appId?: string): readonly TaskJson[] {
    const instances = appId === undefined ? this.ctx.repository.instances() : this.ctx.repository.instances(appId);
    return instances.map((i) => taskJson(i, this.ctx.repository.app(i.appId), this.ctx.healthResults(i.instanceId)));
  }

  killTasks(appId: string | undefined, request: KillTasksRequest): Promise<{ readonly tasks: readonly TaskJson[] } | DeploymentResult> {
    return this.serial.run(async () => {
      const victims = this.victims(appId, request);
      if (request.scale) return this.killAndScale(victims, request.force);
      // The goal stays Running: each is replaced once it ends (the kill is retried until then).
      for (const instance of victims) sendKill(this.ctx, instance, this.ctx.repository.app(instance.appId));
      return { tasks: victims.map((i) => taskJson(i, this.ctx.repository.app(i.appId), this.ctx.healthResults(i.instanceId))) };
    });
  }

  deployments(): readonly DeploymentInfoJson[] {
    return this.deploymentManager.info();
  }

  cancelDeployment(id: string, options: WriteOptions): Promise<DeploymentResult | undefined> {
    return this.serial.run(async () => {
      if (!this.ctx.repository.deployment(id)) throw notFound(`DeploymentPlan ${id} does not exist`);
      if (!options.force) return this.writes.rollback(id);
      await this.deploymentManager.stop(id, 'cancelled');
      return undefined;
    });
  }

  queue(): readonly QueueItemJson[] {
    const now = this.ctx.clock.now();
    return this.ctx.queue.all().flatMap((entry) => {
      const app = this.ctx.repository.app(entry.appId);
      return app ? [queueItemJson(entry, app, this.ctx.queue, now, this.ctx.config.mesosRole)] : [];
    });
  }

  resetDelay(appId: string): boolean {
    const app = this.ctx.repository.app(appId);
    if (!app || !this.ctx.queue.entry(appId)) return false;
    this.ctx.queue.resetDelay(app);
    this.ctx.queue.poke();
    return true;
  }

  /** The subtree at `target.id` becomes `target`: unchanged apps keep their version, changed ones are stamped. */
  private replaceSubtree(target: GroupDefinition, options: GroupWriteOptions): Promise<GroupWriteResult> {
    const id = resolvePath(target.id);
    const version = target.version;
    const stored = new Map(this.ctx.repository.apps().map((app) => [app.id, app]));
    const wanted = transitiveApps(target);
    const put = wanted.flatMap((app) => {
      const previous = stored.get(app.id);
      if (!previous) return [app];
      if (previous.instances === app.instances && sameConfig(previous, app)) return [];
      return [stampChange(previous, app, Date.parse(version))];
    });
    const keep = new Set(wanted.map((app) => app.id));
    const remove = [...stored.keys()].filter((appId) => isSelfOrDescendantOf(appId, id) && !keep.has(appId));
    const putGroups = groupRecords(target);
    const removeGroups = this.ctx.repository.groups().map((g) => g.id).filter((g) => isSelfOrDescendantOf(g, id));
    return this.writes.write({ put, remove, putGroups, removeGroups, groupId: id, version }, options);
  }

  private statusOf(id: string, deploymentIds: readonly string[]): AppStatus {
    const app = this.ctx.repository.app(id);
    const { lastFailures, healthResults, readinessResults } = this.ctx;
    return appStatus(app, liveInstances(this.ctx, id), deploymentIds, lastFailures.get(id), healthResults, readinessResults(id));
  }

  private existing(id: string): AppDefinition {
    const app = this.ctx.repository.app(id);
    if (!app) throw notFound(`App '${id}' does not exist`);
    return app;
  }

  private victims(appId: string | undefined, request: KillTasksRequest): Instance[] {
    if (appId !== undefined) this.existing(appId);
    const pool = appId === undefined ? this.ctx.repository.instances() : liveInstances(this.ctx, appId);
    if (request.taskIds) {
      const wanted = new Set(request.taskIds);
      return pool.filter((i) => wanted.has(i.taskId) || wanted.has(instanceIdOf(i.taskId)));
    }
    if (request.host !== undefined) return pool.filter((i) => i.hostname === request.host);
    return appId === undefined ? [] : pool;
  }

  private async killAndScale(victims: readonly Instance[], force: boolean): Promise<DeploymentResult> {
    const byApp = new Map<string, string[]>();
    for (const i of victims) byApp.set(i.appId, [...(byApp.get(i.appId) ?? []), i.instanceId]);
    const version = this.nowIso();
    const put = [...byApp].flatMap(([id, killed]) => {
      const app = this.ctx.repository.app(id);
      if (!app) return [];
      return [{ ...app, instances: Math.max(0, app.instances - killed.length), version, versionInfo: { ...app.versionInfo, lastScalingAt: version } }];
    });
    const toKill = Object.fromEntries(byApp);
    return this.writes.write({ put, toKill, version }, { force });
  }

  private nowIso(): string {
    return new Date(this.ctx.clock.now()).toISOString();
  }
}

function findGroup(group: GroupDefinition, id: string): GroupDefinition | undefined {
  if (group.id === id) return group;
  const next = group.groups.find((g) => isSelfOrDescendantOf(id, g.id));
  return next && findGroup(next, id);
}

/** A past subtree made current at `now`: the group gets version `now`, and apps deleted since are new again. */
function revived(group: GroupDefinition, stored: ReadonlySet<string>, now: number): GroupDefinition {
  return {
    ...group,
    version: new Date(now).toISOString(),
    apps: group.apps.map((app) => (stored.has(app.id) ? app : restart(app, now))),
    groups: group.groups.map((g) => revived(g, stored, now)),
  };
}

/** The records of `target` and every group below it (their own fields only). */
function groupRecords(group: GroupDefinition): GroupRecord[] {
  const record: GroupRecord = { id: group.id, dependencies: [...group.dependencies], version: group.version };
  if (group.enforceRole !== undefined) record.enforceRole = group.enforceRole;
  return [record, ...group.groups.flatMap(groupRecords)];
}
