import { parentId, ROOT_ID, transitiveApps, transitiveGroups } from './group-tree';
import { plan } from './plan';
import type { AppSpec, DeploymentPlan, GroupSpec, PlanOptions, PlanResult } from './types';

/**
 * The rollback plan of `DELETE /v2/deployments/{id}` (without force): `plan(target → original)`.
 * It stops what the plan started, restarts what it restarted, scales back what it scaled.
 */
export function revert<G extends GroupSpec>(deployment: DeploymentPlan<G>, options: PlanOptions): PlanResult<G> {
  return plan(deployment.target, deployment.original, options);
}

/**
 * Like `revert`, but onto the root as it is now: `plan(current → revertedRoot(deployment, current))`.
 * Use it when other deployments may have changed other apps since `deployment` started, so that
 * rolling this one back keeps their changes (Marathon `DeploymentPlanReverter`).
 */
export function revertOnto(deployment: DeploymentPlan<GroupSpec>, current: GroupSpec, options: PlanOptions): PlanResult<GroupSpec> {
  return plan(current, revertedRoot(deployment, current), options);
}

/**
 * `current` with the changes of `deployment` undone and everything else kept: its affected apps get
 * their original definition back (or are removed if it added them); groups it removed come back,
 * groups it created are removed once empty, and group dependencies it changed are restored unless
 * changed again since.
 */
export function revertedRoot(deployment: DeploymentPlan<GroupSpec>, current: GroupSpec): GroupSpec {
  const originalApps = transitiveApps(deployment.original);
  const originalGroups = transitiveGroups(deployment.original);
  const targetGroups = transitiveGroups(deployment.target);
  const groups = transitiveGroups(current);
  const apps = transitiveApps(current);

  const ensureGroup = (id: string): void => {
    if (groups.has(id)) return;
    if (id !== ROOT_ID) ensureGroup(parentId(id));
    groups.set(id, originalGroups.get(id) ?? { id, apps: [], groups: [], dependencies: [] });
  };
  for (const id of deployment.affectedApps) {
    const app = originalApps.get(id);
    if (!app) {
      apps.delete(id);
      continue;
    }
    ensureGroup(parentId(id));
    apps.set(id, app);
  }
  for (const id of originalGroups.keys()) if (!targetGroups.has(id)) ensureGroup(id);
  for (const [id, was] of originalGroups) {
    const now = targetGroups.get(id);
    const live = groups.get(id);
    if (now && live && !sameSet(was.dependencies, now.dependencies) && sameSet(live.dependencies, now.dependencies)) {
      groups.set(id, { ...live, dependencies: was.dependencies });
    }
  }
  dropCreatedEmptyGroups(groups, apps, (id) => targetGroups.has(id) && !originalGroups.has(id));
  return rebuild(ROOT_ID, groups, apps);
}

function dropCreatedEmptyGroups(groups: Map<string, GroupSpec>, apps: Map<string, AppSpec>, created: (id: string) => boolean): void {
  const deepestFirst = [...groups.keys()].sort((a, b) => depth(b) - depth(a));
  const used = new Set([...apps.keys()].map(parentId));
  for (const id of deepestFirst) {
    if (id === ROOT_ID) continue;
    if (created(id) && !used.has(id)) groups.delete(id);
    else used.add(parentId(id));
  }
}

function rebuild(id: string, groups: ReadonlyMap<string, GroupSpec>, apps: ReadonlyMap<string, AppSpec>): GroupSpec {
  const self = groups.get(id)!;
  const children = [...groups.keys()].filter((child) => child !== ROOT_ID && parentId(child) === id);
  return {
    ...self,
    apps: [...apps.values()].filter((app) => parentId(app.id) === id),
    groups: children.map((child) => rebuild(child, groups, apps)),
  };
}

const depth = (id: string): number => (id === ROOT_ID ? 0 : id.split('/').length - 1);

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((x) => right.has(x));
}

/**
 * The plan with `original` and `target` cut down to what a rollback needs: every group (ids,
 * dependencies, subgroups) but only the affected apps. A stored plan then grows with the apps it
 * touches, not with the whole root (with 1,000 apps, every write stored two full roots).
 * `revertedRoot` gives the same answer for the cut plan as for the full one.
 */
export function prunePlan<G extends GroupSpec>(deployment: DeploymentPlan<G>): DeploymentPlan<G> {
  const affected = new Set(deployment.affectedApps);
  const prune = (group: G): G => ({ ...group, apps: group.apps.filter((app) => affected.has(app.id)), groups: group.groups.map((g) => prune(g as G)) });
  return { ...deployment, original: prune(deployment.original), target: prune(deployment.target) };
}
