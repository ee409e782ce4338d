import { dependencyGraph, dependencyLayers, findCycles } from './dependency-graph';
import { transitiveApps } from './group-tree';
import type {
  AppSpec,
  CycleError,
  DeploymentAction,
  DeploymentPlan,
  DeploymentStep,
  GroupSpec,
  PlanOptions,
  PlanResult,
} from './types';

/**
 * The steps that turn `original` into `target` (Marathon `DeploymentPlan.apply`):
 * 1. StopApplication for every app only in `original`;
 * 2. StartApplication (0 instances) for every app only in `target`;
 * 3. one step per dependency layer of the target, dependencies first: new app → ScaleApplication to
 *    its instances; changed `configVersion` → RestartApplication; changed `instances` only →
 *    ScaleApplication; unchanged → nothing.
 * Empty steps are dropped, so a plan without changes has no steps. A dependency cycle in `target`
 * is returned as a `CycleError` (never thrown).
 */
export function plan<G extends GroupSpec>(original: G, target: G, options: PlanOptions): PlanResult<G> {
  const graph = dependencyGraph(target);
  const cycles = findCycles(graph);
  if (cycles.length > 0) return cycleError(cycles);

  const before = transitiveApps(original);
  const after = transitiveApps(target);
  const stops: DeploymentAction[] = sortedIds(before)
    .filter((id) => !after.has(id))
    .map((app) => ({ action: 'StopApplication', app }));
  const starts: DeploymentAction[] = sortedIds(after)
    .filter((id) => !before.has(id))
    .map((app) => ({ action: 'StartApplication', app, scaleTo: 0 }));

  const byLayer = new Map<number, DeploymentAction[]>();
  const layers = dependencyLayers(graph);
  for (const id of sortedIds(after)) {
    const action = actionFor(before.get(id), after.get(id)!, options.toKill?.[id]);
    if (!action) continue;
    const layer = layers.get(id)!;
    byLayer.set(layer, [...(byLayer.get(layer) ?? []), action]);
  }
  const layered = [...byLayer.keys()].sort((a, b) => a - b).map((layer) => byLayer.get(layer)!);

  const steps: DeploymentStep[] = [stops, starts, ...layered].filter((a) => a.length > 0).map((actions) => ({ actions }));
  const { id, version } = options;
  return { ok: true, plan: { id, version, original, target, affectedApps: affectedApps({ steps }), steps } };
}

function actionFor(old: AppSpec | undefined, next: AppSpec, toKill: readonly string[] | undefined): DeploymentAction | undefined {
  if (!old) return { action: 'ScaleApplication', app: next.id, scaleTo: next.instances };
  if (old.configVersion !== next.configVersion) return { action: 'RestartApplication', app: next.id };
  if (old.instances !== next.instances) {
    const kill = toKill && toKill.length > 0 ? { killInstances: [...toKill] } : {};
    return { action: 'ScaleApplication', app: next.id, scaleTo: next.instances, ...kill };
  }
  return undefined;
}

function cycleError(cycles: string[][]): CycleError {
  const apps = [...new Set(cycles.flat())].sort();
  const message = `Dependency graph has cyclic dependencies: ${cycles.map((c) => c.join(' <-> ')).join('; ')}`;
  return { ok: false, error: 'cycle', apps, cycles, message };
}

const sortedIds = (apps: ReadonlyMap<string, AppSpec>): string[] => [...apps.keys()].sort();

/** A plan with no steps changes nothing and is not deployed. */
export function isEmpty(plan: DeploymentPlan<GroupSpec>): boolean {
  return plan.steps.length === 0;
}

/** Ids of every app named by an action of the plan, sorted. */
export function affectedApps(plan: Pick<DeploymentPlan<GroupSpec>, 'steps'>): string[] {
  return [...new Set(plan.steps.flatMap((step) => step.actions.map((a) => a.app)))].sort();
}

/**
 * Ids of the running plans that share an affected app with `plan` (Marathon `isAffectedBy`):
 * non-empty means the API answers 409 unless `force=true`, which cancels them first.
 */
export function conflicts(plan: DeploymentPlan<GroupSpec>, running: readonly DeploymentPlan<GroupSpec>[]): string[] {
  const mine = new Set(affectedApps(plan));
  return running.filter((other) => other.id !== plan.id && affectedApps(other).some((app) => mine.has(app))).map((p) => p.id);
}
