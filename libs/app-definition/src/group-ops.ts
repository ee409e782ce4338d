import type { GroupDefinition } from './group';
import { appToJson, type AppJson } from './to-json';
import type { AppDefinition } from './types';
import { stampChange, toIso, type Now } from './version-info';

/** Operations on normalized group trees. */

/** Every app of the tree, depth first (a group's own apps before those of its children). */
export function transitiveApps(group: GroupDefinition): AppDefinition[] {
  return [...group.apps, ...group.groups.flatMap(transitiveApps)];
}

/**
 * `PUT /v2/groups/{id}` with `{"scaleBy": f}`: every app below gets `ceil(instances × f)` instances (a scaling-only
 * change at `now`).
 */
export function scaleGroup(group: GroupDefinition, factor: number, now: Now): GroupDefinition {
  return {
    ...group,
    version: toIso(now),
    apps: group.apps.map((app) => stampChange(app, { ...app, instances: Math.ceil(app.instances * factor) }, now)),
    groups: group.groups.map((g) => scaleGroup(g, factor, now)),
  };
}

/** The JSON of GET /v2/groups (before the service adds status fields to the apps). */
export function groupToJson(group: GroupDefinition): AppJson {
  return {
    id: group.id,
    apps: group.apps.map(appToJson),
    groups: group.groups.map(groupToJson),
    dependencies: [...group.dependencies],
    version: group.version,
    ...(group.enforceRole !== undefined ? { enforceRole: group.enforceRole } : {}),
  };
}
