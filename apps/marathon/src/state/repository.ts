import { resolvePath, type AppDefinition, type GroupDefinition } from '@strato/app-definition';
import type { KeyValueStore } from '@strato/coordination';
import { loadState, type LoadedState } from './load';
import { appKey, appVersionKey, deploymentKey, groupKey, instanceKey } from './keys';
import { decode, deepFreeze, encode } from './json';
import { buildRootGroup, compareVersions } from './root-group';
import {
  DEFAULT_MAX_VERSIONS,
  type DeploymentRecord,
  type GroupRecord,
  type Instance,
  type RepositoryOptions,
} from './types';

/**
 * Marathon's persistent state (apps and their versions, explicit groups, instances, deployments)
 * over a `KeyValueStore`, with everything cached in memory.
 *
 * Cache rule: every write goes to the store first and touches the cache only once the store has
 * acknowledged it, so a write that rejects leaves the cache as it was and a write that resolves is
 * durable (the REST layer answers after it). Writes run one at a time, in call order. Reads are
 * synchronous and never touch the store; they return deeply frozen values.
 */
export class MarathonRepository {
  private readonly maxVersions: number;
  private readonly onCleanupError: (error: unknown, key: string) => void;
  private readonly byAppId = new Map<string, Map<string, Instance>>();
  private tree?: GroupDefinition;
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly store: KeyValueStore,
    private readonly state: LoadedState,
    options: RepositoryOptions,
  ) {
    this.maxVersions = options.maxVersions ?? DEFAULT_MAX_VERSIONS;
    this.onCleanupError = options.onCleanupError ?? (() => undefined);
    for (const instance of state.instances.values()) this.indexInstance(instance);
  }

  /** Reads the whole state once; prunes versions beyond `maxVersions` and half-deleted apps. */
  static async load(store: KeyValueStore, options: RepositoryOptions = {}): Promise<MarathonRepository> {
    const maxVersions = options.maxVersions ?? DEFAULT_MAX_VERSIONS;
    if (!Number.isInteger(maxVersions) || maxVersions < 1) throw new Error(`maxVersions must be ≥ 1, got ${maxVersions}`);
    const repository = new MarathonRepository(store, await loadState(store), options);
    for (const id of repository.state.apps.keys()) await repository.prune(id);
    return repository;
  }

  // ---- apps ----

  app(id: string): AppDefinition | undefined {
    return this.state.apps.get(resolvePath(id));
  }

  /** Every current app definition, sorted by id. */
  apps(): AppDefinition[] {
    return [...this.state.apps.values()].sort(byId);
  }

  /** The stored versions of an app, newest first (`GET /v2/apps/{id}/versions`); undefined for an unknown app. */
  versions(id: string): string[] | undefined {
    const versions = this.state.appVersions.get(resolvePath(id));
    return versions && [...versions.keys()].sort((a, b) => compareVersions(b, a));
  }

  appVersion(id: string, version: string): AppDefinition | undefined {
    return this.state.appVersions.get(resolvePath(id))?.get(version);
  }

  /** Stores `app` as the current definition of `app.id` and as its version `app.version`, then prunes. */
  putApp(app: AppDefinition): Promise<void> {
    return this.serial(async () => {
      const id = resolvePath(app.id);
      const current = appKey(id);
      const versionKey = appVersionKey(id, app.version);
      const bytes = encode({ ...app, id });
      const versions = this.state.appVersions.get(id);
      const hadVersion = versions?.has(app.version) ?? false;
      await this.store.put(versionKey, bytes);
      try {
        await this.store.put(current, bytes);
      } catch (error) {
        if (!hadVersion) await this.store.delete(versionKey).catch(() => undefined);
        throw error;
      }
      const value = decode<AppDefinition>(bytes, current);
      this.state.apps.set(id, value);
      this.state.appVersions.set(id, new Map(versions ?? []).set(app.version, value));
      this.tree = undefined;
      await this.prune(id);
    });
  }

  /** Removes the app and all its versions; false when there was no such app. */
  deleteApp(id: string): Promise<boolean> {
    return this.serial(async () => {
      const appId = resolvePath(id);
      if (!this.state.apps.has(appId)) return false;
      // Once the current definition is gone the app is gone; its versions are then removed one by
      // one (a no-op on stores whose delete is recursive), and any left over are cleaned at load.
      await this.store.delete(appKey(appId));
      const versions = [...(this.state.appVersions.get(appId)?.keys() ?? [])];
      this.state.apps.delete(appId);
      this.state.appVersions.delete(appId);
      this.tree = undefined;
      for (const version of versions) await this.cleanup(appVersionKey(appId, version));
      return true;
    });
  }

  // ---- groups ----

  group(id: string): GroupRecord | undefined {
    return this.state.groups.get(resolvePath(id));
  }

  /** Explicit group records, sorted by id. */
  groups(): GroupRecord[] {
    return [...this.state.groups.values()].sort(byId);
  }

  putGroup(group: GroupRecord): Promise<void> {
    return this.serial(async () => {
      const id = resolvePath(group.id);
      const key = groupKey(id);
      const record: GroupRecord = { id, dependencies: group.dependencies, version: group.version };
      if (group.enforceRole !== undefined) record.enforceRole = group.enforceRole;
      const bytes = encode(record);
      await this.store.put(key, bytes);
      this.state.groups.set(id, decode<GroupRecord>(bytes, key));
      this.tree = undefined;
    });
  }

  /** Removes the explicit record only: apps below the group are deleted by the caller. */
  deleteGroup(id: string): Promise<boolean> {
    return this.serial(async () => {
      const groupId = resolvePath(id);
      if (!this.state.groups.has(groupId)) return false;
      await this.store.delete(groupKey(groupId));
      this.state.groups.delete(groupId);
      this.tree = undefined;
      return true;
    });
  }

  /** The whole tree (`{id: '/', apps, groups, dependencies, version}`), rebuilt after app or group writes. */
  rootGroup(): GroupDefinition {
    this.tree ??= deepFreeze(buildRootGroup(this.state.apps.values(), this.state.groups.values()));
    return this.tree;
  }

  // ---- instances ----

  instance(instanceId: string): Instance | undefined {
    return this.state.instances.get(instanceId);
  }

  /** Instances of one app, or all of them, sorted by instance id. */
  instances(appId?: string): Instance[] {
    const source = appId === undefined ? this.state.instances : this.byAppId.get(resolvePath(appId));
    return [...(source?.values() ?? [])].sort((a, b) => compare(a.instanceId, b.instanceId));
  }

  putInstance(instance: Instance): Promise<void> {
    return this.serial(async () => {
      const key = instanceKey(instance.instanceId);
      const bytes = encode({ ...instance, appId: resolvePath(instance.appId) });
      await this.store.put(key, bytes);
      this.unindexInstance(instance.instanceId);
      const value = decode<Instance>(bytes, key);
      this.state.instances.set(value.instanceId, value);
      this.indexInstance(value);
    });
  }

  deleteInstance(instanceId: string): Promise<boolean> {
    return this.serial(async () => {
      if (!this.state.instances.has(instanceId)) return false;
      await this.store.delete(instanceKey(instanceId));
      this.unindexInstance(instanceId);
      this.state.instances.delete(instanceId);
      return true;
    });
  }

  // ---- deployments ----

  deployment(id: string): DeploymentRecord | undefined {
    return this.state.deployments.get(id);
  }

  /** Running deployments, oldest target version first. */
  deployments(): DeploymentRecord[] {
    return [...this.state.deployments.values()].sort(
      (a, b) => compareVersions(a.plan.version, b.plan.version) || compare(a.plan.id, b.plan.id),
    );
  }

  putDeployment(record: DeploymentRecord): Promise<void> {
    return this.serial(async () => {
      const key = deploymentKey(record.plan.id);
      const bytes = encode(record);
      await this.store.put(key, bytes);
      this.state.deployments.set(record.plan.id, decode<DeploymentRecord>(bytes, key));
    });
  }

  deleteDeployment(id: string): Promise<boolean> {
    return this.serial(async () => {
      if (!this.state.deployments.has(id)) return false;
      await this.store.delete(deploymentKey(id));
      this.state.deployments.delete(id);
      return true;
    });
  }

  // ---- internals ----

  /** Keeps the current version plus the newest others, `maxVersions` in all. Best effort. */
  private async prune(appId: string): Promise<void> {
    const versions = this.state.appVersions.get(appId);
    const current = this.state.apps.get(appId)?.version;
    if (!versions) return;
    const others = [...versions.keys()].filter((v) => v !== current).sort((a, b) => compareVersions(b, a));
    for (const version of others.slice(this.maxVersions - 1)) {
      if (!(await this.cleanup(appVersionKey(appId, version)))) return;
      versions.delete(version);
    }
  }

  /** Deletes a key whose removal is housekeeping: a failure is reported, not thrown. */
  private async cleanup(key: string): Promise<boolean> {
    try {
      await this.store.delete(key);
      return true;
    } catch (error) {
      this.onCleanupError(error, key);
      return false;
    }
  }

  private indexInstance(instance: Instance): void {
    const forApp = this.byAppId.get(instance.appId) ?? new Map<string, Instance>();
    this.byAppId.set(instance.appId, forApp.set(instance.instanceId, instance));
  }

  private unindexInstance(instanceId: string): void {
    const old = this.state.instances.get(instanceId);
    const forApp = old && this.byAppId.get(old.appId);
    if (!old || !forApp) return;
    forApp.delete(instanceId);
    if (forApp.size === 0) this.byAppId.delete(old.appId);
  }

  /** Runs writes one after another, in call order, whether earlier ones failed or not. */
  private serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

function byId(a: { id: string }, b: { id: string }): number {
  return compare(a.id, b.id);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
