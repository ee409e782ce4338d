import type { AppDefinition } from '@strato/app-definition';
import type { KeyValueStore } from '@strato/coordination';
import { decode, deepFreeze } from './json';
import { CATEGORIES } from './keys';
import type { DeploymentRecord, GroupRecord, Instance, RootVersion } from './types';

/** The in-memory mirror of the store, keyed by canonical ids. */
export interface LoadedState {
  apps: Map<string, AppDefinition>;
  /** App id → version → definition (the current one included); also holds the versions of deleted apps still referenced. */
  appVersions: Map<string, Map<string, AppDefinition>>;
  groups: Map<string, GroupRecord>;
  instances: Map<string, Instance>;
  /** By plan id. */
  deployments: Map<string, DeploymentRecord>;
  /** Root-group snapshots (app references) by version. */
  rootVersions: Map<string, RootVersion>;
}

/**
 * Reads every record once. The versions of a deleted app (`apps/<prefix>/versions/*` without `apps/<prefix>`: kept
 * because root versions reference them, or left behind by an interrupted write) are loaded into `appVersions` but
 * not `apps`; the repository then deletes those no root version references. A prefix holding nothing readable is
 * deleted here.
 */
export async function loadState(store: KeyValueStore): Promise<LoadedState> {
  const state: LoadedState = {
    apps: new Map(),
    appVersions: new Map(),
    groups: new Map(),
    instances: new Map(),
    deployments: new Map(),
    rootVersions: new Map(),
  };
  for (const prefix of await store.children(CATEGORIES.apps)) {
    const key = `${CATEGORIES.apps}/${prefix}`;
    const app = await read<AppDefinition>(store, key);
    const versions = new Map<string, AppDefinition>();
    for (const version of await store.children(`${key}/versions`)) {
      const stored = await read<AppDefinition>(store, `${key}/versions/${version}`);
      if (stored) versions.set(version, stored);
    }
    if (!app) {
      const [first] = versions.values();
      if (first) state.appVersions.set(first.id, versions);
      else await deleteTree(store, key);
      continue;
    }
    if (!versions.has(app.version)) versions.set(app.version, app);
    state.apps.set(app.id, app);
    state.appVersions.set(app.id, versions);
  }
  for (const group of await readAll<GroupRecord>(store, CATEGORIES.groups)) state.groups.set(group.id, group);
  for (const i of await readAll<Instance>(store, CATEGORIES.instances)) state.instances.set(i.instanceId, i);
  for (const d of await readAll<DeploymentRecord>(store, CATEGORIES.deployments)) state.deployments.set(d.plan.id, d);
  for (const r of await readAll<RootVersion>(store, CATEGORIES.rootVersions)) {
    // References only (a snapshot written with full app copies reads as references to those versions).
    const apps = r.apps.map(({ id, version }) => ({ id, version }));
    state.rootVersions.set(r.version, deepFreeze({ version: r.version, apps, groups: r.groups }));
  }
  return state;
}

async function read<T>(store: KeyValueStore, key: string): Promise<T | undefined> {
  const bytes = await store.get(key);
  return bytes && decode<T>(bytes, key);
}

async function readAll<T>(store: KeyValueStore, category: string): Promise<T[]> {
  const out: T[] = [];
  for (const name of await store.children(category)) {
    const value = await read<T>(store, `${category}/${name}`);
    if (value !== undefined) out.push(value);
  }
  return out;
}

/** Deletes a key and everything below it, whether or not the store's delete is recursive. */
async function deleteTree(store: KeyValueStore, key: string): Promise<void> {
  for (const child of await store.children(key)) await deleteTree(store, `${key}/${child}`);
  await store.delete(key);
}
