import { isRoot, resolvePath, toInstancePrefix } from '@strato/app-definition';

/**
 * The key layout of Marathon's state in a `KeyValueStore` (see README.md). App and group ids are
 * stored by their instance prefix (`/prod/web` → `prod_web`): id segments never contain `_`, so the
 * prefix is unambiguous and a valid key segment. `framework/id` belongs to `FrameworkLink`.
 */
export const CATEGORIES = {
  apps: 'apps',
  groups: 'groups',
  instances: 'instances',
  deployments: 'deployments',
  rootVersions: 'root-versions',
} as const;

/** The root group's key segment: `_` can never be the prefix of a non-root id. */
const ROOT_SEGMENT = '_';
const VERSIONS = 'versions';

export function appKey(appId: string): string {
  return `${CATEGORIES.apps}/${idSegment(appId)}`;
}

export function appVersionsKey(appId: string): string {
  return `${appKey(appId)}/${VERSIONS}`;
}

/** Versions are ISO-8601 timestamps (`2026-01-01T00:00:00.000Z`): `:` and `.` are valid key characters. */
export function appVersionKey(appId: string, version: string): string {
  return `${appVersionsKey(appId)}/${version}`;
}

export function groupKey(groupId: string): string {
  return `${CATEGORIES.groups}/${isRoot(groupId) ? ROOT_SEGMENT : idSegment(groupId)}`;
}

/** A snapshot of the whole root group (`RootVersion`), one per write that changed the tree. */
export function rootVersionKey(version: string): string {
  return `${CATEGORIES.rootVersions}/${singleSegment(version, 'root version')}`;
}

export function instanceKey(instanceId: string): string {
  return `${CATEGORIES.instances}/${singleSegment(instanceId, 'instance id')}`;
}

export function deploymentKey(deploymentId: string): string {
  return `${CATEGORIES.deployments}/${singleSegment(deploymentId, 'deployment id')}`;
}

const SEGMENT = /^[A-Za-z0-9._:-]+$/;

/** Ids used verbatim as one key segment: a `/` would silently nest the record elsewhere. */
function singleSegment(id: string, what: string): string {
  if (!SEGMENT.test(id) || id === '.' || id === '..') throw new Error(`invalid ${what} '${id}'`);
  return id;
}

function idSegment(id: string): string {
  const prefix = toInstancePrefix(resolvePath(id));
  if (prefix === '') throw new Error(`the root '/' has no app key`);
  return prefix;
}
