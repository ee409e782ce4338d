import { EPOCH_VERSION, isRoot, parent, resolvePath, type AppDefinition, type GroupDefinition } from '@strato/app-definition';
import type { GroupRecord } from './types';

/**
 * Builds the root group tree from the flat state: every app sits in the group of its parent id,
 * every explicit group record contributes its dependencies, enforceRole and version, and every
 * ancestor of an app or a record exists (implicitly, with no dependencies) even without a record.
 *
 * Versions: a group's version is the newest of its record's version and the versions of its content
 * (apps and subgroups, recursively), as Marathon bumps every group on the path of a change; an empty
 * implicit group has `EPOCH_VERSION`. Deletions leave no trace, so deleting an app does not bump the
 * versions above it (root-group versions are not stored yet, see README.md).
 * Apps and groups are sorted by id so the answer is deterministic.
 */
export function buildRootGroup(apps: Iterable<AppDefinition>, records: Iterable<GroupRecord>): GroupDefinition {
  const nodes = new Map<string, GroupDefinition>();
  const explicit = new Map<string, GroupRecord>();
  const node = (id: string): GroupDefinition => {
    let group = nodes.get(id);
    if (!group) {
      group = { id, apps: [], groups: [], dependencies: [], version: EPOCH_VERSION };
      nodes.set(id, group);
      if (!isRoot(id)) node(parent(id)).groups.push(group);
    }
    return group;
  };
  node('/');
  for (const record of records) {
    const id = resolvePath(record.id);
    explicit.set(id, record);
    node(id);
  }
  for (const app of apps) node(parent(app.id)).apps.push(app);
  return finish(nodes.get('/')!, explicit);
}

function finish(group: GroupDefinition, explicit: Map<string, GroupRecord>): GroupDefinition {
  const groups = group.groups.map((g) => finish(g, explicit)).sort(byId);
  const apps = [...group.apps].sort(byId);
  const record = explicit.get(group.id);
  const out: GroupDefinition = {
    id: group.id,
    apps,
    groups,
    dependencies: record ? [...record.dependencies] : [],
    version: newest([...(record ? [record.version] : []), ...[...apps, ...groups].map((x) => x.version)]),
  };
  if (!isRoot(group.id) && isRoot(parent(group.id))) out.enforceRole = record?.enforceRole ?? false;
  return out;
}

function byId(a: { id: string }, b: { id: string }): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The newest of ISO-8601 timestamps, `EPOCH_VERSION` for none. */
export function newest(versions: readonly string[]): string {
  return versions.reduce((max, v) => (compareVersions(v, max) > 0 ? v : max), EPOCH_VERSION);
}

/** Orders ISO-8601 timestamps by time (string order breaks the tie, and orders unparseable ones). */
export function compareVersions(a: string, b: string): number {
  // Canonical `toISOString()` forms (all that Marathon writes) order as strings: no parsing on the hot path.
  if (a.length === 24 && b.length === 24 && a.endsWith('Z') && b.endsWith('Z')) return a < b ? -1 : a > b ? 1 : 0;
  const ta = Date.parse(a);
  const tb = Date.parse(b);
  if (!Number.isNaN(ta) && !Number.isNaN(tb) && ta !== tb) return ta - tb;
  return a < b ? -1 : a > b ? 1 : 0;
}
