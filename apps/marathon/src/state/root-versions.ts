import { isRoot, isSelfOrDescendantOf, resolvePath, type AppDefinition, type GroupDefinition } from '@strato/app-definition';
import { buildRootGroup, compareVersions } from './root-group';
import type { RootVersion } from './types';

/**
 * Reading root-group snapshots (`RootVersion`): which versions a group existed in, and the tree of one version.
 * Pure functions over the cached snapshots (app references, see `RootVersion`); the repository keeps and prunes them.
 */

/** Whether group `id` exists in the snapshot: the root, an explicit record at or below it, or an app below it. */
export function hasGroup(snapshot: RootVersion, id: string): boolean {
  const groupId = resolvePath(id);
  if (isRoot(groupId)) return true;
  return (
    snapshot.groups.some((g) => isSelfOrDescendantOf(resolvePath(g.id), groupId)) ||
    snapshot.apps.some((a) => a.id !== groupId && isSelfOrDescendantOf(a.id, groupId))
  );
}

/** The versions in which group `id` existed, newest first. */
export function versionsOf(snapshots: Iterable<RootVersion>, id: string): string[] {
  return [...snapshots]
    .filter((s) => hasGroup(s, id))
    .map((s) => s.version)
    .sort((a, b) => compareVersions(b, a));
}

/**
 * The whole tree as the snapshot left it, its app references resolved by `definition`; the root carries the
 * snapshot's version. A reference whose definition is missing (the store lost it: the repository keeps every
 * referenced version) is skipped, as if the app were not in that version.
 */
export function treeOf(
  snapshot: RootVersion,
  definition: (id: string, version: string) => AppDefinition | undefined,
): GroupDefinition {
  const apps = snapshot.apps.flatMap((ref) => definition(ref.id, ref.version) ?? []);
  return { ...buildRootGroup(apps, snapshot.groups), version: snapshot.version };
}

/** Group `id` within `root`, undefined when absent. */
export function findGroup(root: GroupDefinition, id: string): GroupDefinition | undefined {
  if (root.id === id) return root;
  const next = root.groups.find((g) => isSelfOrDescendantOf(id, g.id));
  return next && findGroup(next, id);
}
