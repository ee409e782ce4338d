import { resolvePath, type AppDefinition, type GroupDefinition } from '@strato/app-definition';
import type { KeyValueStore, StoreOp } from '@strato/coordination';
import { InstanceIndex } from './instance-index';
import { VersionReferences } from './version-references';
import { loadState, type LoadedState } from './load';
import { appKey, appVersionKey, deploymentKey, groupKey, instanceKey, rootVersionKey } from './keys';
import { decode, deepFreeze, encode } from './json';
import { buildRootGroup, compareVersions } from './root-group';
import { findGroup, treeOf, versionsOf } from './root-versions';
import {
  DEFAULT_MAX_VERSIONS,
  type DeploymentRecord,
  type GroupRecord,
  type Instance,
  type InstanceChange,
  type RepositoryOptions,
  type AppVersionRef,
  type RootVersion,
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
  private readonly index = new InstanceIndex();
  /** App versions referenced by stored root versions (see `RootVersion`): such versions are never deleted. */
  private readonly references = new VersionReferences();
  private tree?: GroupDefinition;
  /** `apps()` sorted once per change of the app set (cleared by `putApp` / `deleteApp`, like `tree`). */
  private sortedApps?: readonly AppDefinition[];
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly store: KeyValueStore,
    private readonly state: LoadedState,
    options: RepositoryOptions,
  ) {
    this.maxVersions = options.maxVersions ?? DEFAULT_MAX_VERSIONS;
    this.onCleanupError = options.onCleanupError ?? (() => undefined);
    for (const instance of state.instances.values()) this.indexInstance(instance);
    for (const snapshot of state.rootVersions.values()) for (const ref of snapshot.apps) this.references.add(ref);
  }

  /**
   * Reads the whole state once; prunes root versions and app versions beyond `maxVersions` (best effort) and deletes
   * the versions of deleted apps that no root version references.
   */
  static async load(store: KeyValueStore, options: RepositoryOptions = {}): Promise<MarathonRepository> {
    const maxVersions = options.maxVersions ?? DEFAULT_MAX_VERSIONS;
    if (!Number.isInteger(maxVersions) || maxVersions < 1) throw new Error(`maxVersions must be ≥ 1, got ${maxVersions}`);
    const repository = new MarathonRepository(store, await loadState(store), options);
    await repository.pruneRootVersions();
    for (const id of [...repository.state.appVersions.keys()]) await repository.collect(id);
    return repository;
  }

  // ---- apps ----

  app(id: string): AppDefinition | undefined {
    return this.state.apps.get(id) ?? this.state.apps.get(resolvePath(id)); // the canonical id is the hot path
  }

  /** Every current app definition, sorted by id. */
  apps(): AppDefinition[] {
    this.sortedApps ??= [...this.state.apps.values()].sort(byId);
    return [...this.sortedApps];
  }

  /**
   * The stored versions of an app, newest first (`GET /v2/apps/{id}/versions`); undefined for an unknown app, a
   * deleted one included (its versions still referenced by root versions are only reachable through `groupAt`).
   */
  versions(id: string): string[] | undefined {
    const appId = resolvePath(id);
    const versions = this.state.apps.has(appId) ? this.state.appVersions.get(appId) : undefined;
    return versions && [...versions.keys()].sort((a, b) => compareVersions(b, a));
  }

  /** One stored version of an app; undefined for an unknown (or deleted) app. */
  appVersion(id: string, version: string): AppDefinition | undefined {
    const appId = this.state.apps.has(id) ? id : resolvePath(id);
    return this.state.apps.has(appId) ? this.state.appVersions.get(appId)?.get(version) : undefined;
  }

  /** Stores `app` as the current definition of `app.id` and as its version `app.version`, then prunes. */
  putApp(app: AppDefinition): Promise<void> {
    return this.serial(async () => {
      const id = resolvePath(app.id);
      const current = appKey(id);
      const versionKey = appVersionKey(id, app.version);
      const bytes = encode({ ...app, id });
      const versions = this.state.appVersions.get(id);
      // One durable write: both keys or neither.
      await this.store.batch([
        { op: 'put', key: versionKey, value: bytes },
        { op: 'put', key: current, value: bytes },
      ]);
      const value = decode<AppDefinition>(bytes, current);
      this.state.apps.set(id, value);
      this.state.appVersions.set(id, new Map(versions ?? []).set(app.version, value));
      this.tree = undefined;
      this.sortedApps = undefined;
      await this.prune(id);
    });
  }

  /**
   * Removes the app and the versions of it that no root version references; false when there was no such app.
   * The referenced versions stay stored (for `groupAt` and group rollbacks) until the root versions referencing them
   * are pruned. One durable write: the store's delete is recursive, so the batch deletes `apps/<prefix>` with every
   * version below it, then puts the referenced versions back.
   */
  deleteApp(id: string): Promise<boolean> {
    return this.serial(async () => {
      const appId = resolvePath(id);
      if (!this.state.apps.has(appId)) return false;
      const kept = [...(this.state.appVersions.get(appId) ?? [])].filter(([version]) => this.references.has(appId, version));
      const ops: StoreOp[] = [{ op: 'delete', key: appKey(appId) }];
      for (const [version, definition] of kept) ops.push({ op: 'put', key: appVersionKey(appId, version), value: encode(definition) });
      await this.store.batch(ops);
      this.state.apps.delete(appId);
      if (kept.length > 0) this.state.appVersions.set(appId, new Map(kept));
      else this.state.appVersions.delete(appId);
      this.tree = undefined;
      this.sortedApps = undefined;
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

  // ---- root-group versions ----

  /**
   * Stores the current tree as root version `version`: a reference (`{id, version}`) to each app's current version,
   * whose definition stays in the app version store, and every group record. Then keeps the newest `maxVersions`.
   * Called after each write that changed the tree, before the write is answered.
   */
  putRootVersion(version: string): Promise<void> {
    return this.serial(async () => {
      const key = rootVersionKey(version);
      const apps: AppVersionRef[] = this.apps().map((a) => ({ id: a.id, version: a.version }));
      const snapshot: RootVersion = { version, apps, groups: this.groups() };
      const bytes = encode(snapshot);
      await this.store.put(key, bytes);
      const previous = this.state.rootVersions.get(version);
      const stored = decode<RootVersion>(bytes, key);
      this.state.rootVersions.set(version, stored);
      for (const ref of stored.apps) this.references.add(ref);
      const released = previous ? previous.apps.filter((ref) => this.references.remove(ref)) : [];
      await this.collectAll(released);
      await this.pruneRootVersions();
    });
  }

  /** Versions in which group `id` existed (`/` for the root), newest first. */
  groupVersions(id: string): string[] {
    return versionsOf(this.state.rootVersions.values(), resolvePath(id));
  }

  /** Group `id` as it was at root version `version`; undefined when that version or that group is not there. */
  groupAt(id: string, version: string): GroupDefinition | undefined {
    const snapshot = this.state.rootVersions.get(version);
    const definition = (appId: string, v: string) => this.state.appVersions.get(appId)?.get(v);
    return snapshot && findGroup(treeOf(snapshot, definition), resolvePath(id));
  }

  // ---- instances ----

  instance(instanceId: string): Instance | undefined {
    return this.state.instances.get(instanceId);
  }

  /** Instances of one app, or all of them, sorted by instance id. */
  instances(appId?: string): Instance[] {
    if (appId === undefined) return this.index.list();
    return this.index.list(this.index.hasApp(appId) ? appId : resolvePath(appId));
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

  /**
   * Puts and deletes instances with one store batch (one durable write), in order: the last change
   * of an instance wins. For bursts: an offer's new instances, a batch of status updates.
   */
  writeInstances(changes: readonly InstanceChange[]): Promise<void> {
    return this.serial(async () => {
      if (changes.length === 0) return;
      const encoded = changes.map((change) =>
        'put' in change
          ? { key: instanceKey(change.put.instanceId), bytes: encode({ ...change.put, appId: resolvePath(change.put.appId) }) }
          : { key: instanceKey(change.delete), bytes: undefined },
      );
      await this.store.batch(encoded.map(({ key, bytes }) => (bytes ? { op: 'put', key, value: bytes } : { op: 'delete', key })));
      changes.forEach((change, i) => {
        const id = 'put' in change ? change.put.instanceId : change.delete;
        this.unindexInstance(id);
        const bytes = encoded[i].bytes;
        if (!bytes) return void this.state.instances.delete(id);
        const value = decode<Instance>(bytes, encoded[i].key);
        this.state.instances.set(id, value);
        this.indexInstance(value);
      });
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

  /**
   * Keeps the current version plus the newest others, `maxVersions` in all, and every version a root version
   * references. Best effort.
   */
  private async prune(appId: string): Promise<void> {
    const versions = this.state.appVersions.get(appId);
    const current = this.state.apps.get(appId)?.version;
    if (!versions) return;
    const others = [...versions.keys()].filter((v) => v !== current).sort((a, b) => compareVersions(b, a));
    for (const version of others.slice(this.maxVersions - 1)) {
      if (this.references.has(appId, version)) continue;
      if (!(await this.cleanup(appVersionKey(appId, version)))) return;
      versions.delete(version);
    }
  }

  /** `prune` for a live app; for a deleted one, deletes the versions no root version references. Best effort. */
  private async collect(appId: string): Promise<void> {
    if (this.state.apps.has(appId)) return this.prune(appId);
    const versions = this.state.appVersions.get(appId);
    if (!versions) return;
    for (const version of [...versions.keys()]) {
      if (this.references.has(appId, version)) continue;
      if (!(await this.cleanup(appVersionKey(appId, version)))) return;
      versions.delete(version);
    }
    if (versions.size === 0) this.state.appVersions.delete(appId);
  }

  /** `collect` for each app of `refs` (released references), once per app. */
  private async collectAll(refs: Iterable<AppVersionRef>): Promise<void> {
    for (const appId of new Set([...refs].map((ref) => ref.id))) await this.collect(appId);
  }

  /**
   * Keeps the newest `maxVersions` root versions, then deletes the app versions only the pruned ones referenced
   * (unless `prune` keeps them for their live app). Best effort, like `prune`.
   */
  private async pruneRootVersions(): Promise<void> {
    const versions = [...this.state.rootVersions.keys()].sort((a, b) => compareVersions(b, a));
    const released: AppVersionRef[] = [];
    for (const version of versions.slice(this.maxVersions)) {
      if (!(await this.cleanup(rootVersionKey(version)))) break;
      const snapshot = this.state.rootVersions.get(version);
      this.state.rootVersions.delete(version);
      for (const ref of snapshot?.apps ?? []) if (this.references.remove(ref)) released.push(ref);
    }
    await this.collectAll(released);
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
    this.index.add(instance);
  }

  private unindexInstance(instanceId: string): void {
    const old = this.state.instances.get(instanceId);
    if (old) this.index.remove(old);
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
