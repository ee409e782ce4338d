import { transitiveApps, transitiveGroups } from './group-tree';
import type { GroupSpec } from './types';

/** App-level dependency graph: each app id → the app ids it must come after. */
export interface DependencyGraph {
  /** Every app id, sorted. */
  readonly apps: readonly string[];
  readonly dependsOn: ReadonlyMap<string, ReadonlySet<string>>;
}

/**
 * Resolves app→app, app→group, group→app and group→group dependencies to app→app edges
 * (Marathon `RootGroup.applicationDependencies`): a group id stands for every app under it, and a
 * group's dependencies apply to every app under it. Unknown ids are ignored (validation reports
 * them). Self-edges are dropped: an app cannot wait for itself, e.g. when its own group depends on
 * a subgroup holding it.
 */
export function dependencyGraph(root: GroupSpec): DependencyGraph {
  const groups = transitiveGroups(root);
  const apps = transitiveApps(root);
  const appsUnder = new Map<string, string[]>();
  for (const group of groups.values()) appsUnder.set(group.id, [...transitiveApps(group).keys()]);
  const resolve = (id: string): readonly string[] => (apps.has(id) ? [id] : (appsUnder.get(id) ?? []));

  const ids = [...apps.keys()].sort();
  const edges = new Map<string, Set<string>>(ids.map((id) => [id, new Set<string>()]));
  const addEdges = (from: string, deps: readonly string[]) => {
    for (const dep of deps) {
      for (const to of resolve(dep)) if (to !== from) edges.get(from)!.add(to);
    }
  };
  for (const app of apps.values()) addEdges(app.id, app.dependencies);
  for (const group of groups.values()) {
    if (group.dependencies.length === 0) continue;
    for (const appId of appsUnder.get(group.id)!) addEdges(appId, group.dependencies);
  }
  const dependsOn = new Map<string, ReadonlySet<string>>();
  for (const id of ids) dependsOn.set(id, new Set([...edges.get(id)!].sort()));
  return { apps: ids, dependsOn };
}

/**
 * Strongly connected components (iterative Tarjan), each sorted. A component comes after every
 * component it depends on, so this is also a dependency-first order.
 */
export function stronglyConnected(graph: DependencyGraph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: string[][] = [];
  const frames: { node: string; next: Iterator<string> }[] = [];
  const enter = (node: string) => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    onStack.add(node);
    frames.push({ node, next: (graph.dependsOn.get(node) ?? new Set<string>()).values() });
  };
  const leave = (node: string) => {
    frames.pop();
    const parent = frames[frames.length - 1];
    if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(node)!));
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    for (let member = stack.pop()!; ; member = stack.pop()!) {
      onStack.delete(member);
      component.push(member);
      if (member === node) break;
    }
    out.push(component.sort());
  };
  for (const start of graph.apps) {
    if (index.has(start)) continue;
    enter(start);
    while (frames.length > 0) {
      const frame = frames[frames.length - 1]!;
      const step = frame.next.next();
      if (step.done) leave(frame.node);
      else if (!index.has(step.value)) enter(step.value);
      else if (onStack.has(step.value)) low.set(frame.node, Math.min(low.get(frame.node)!, index.get(step.value)!));
    }
  }
  return out;
}

/** The dependency cycles of the graph: components of more than one app (self-edges never exist). */
export function findCycles(graph: DependencyGraph): string[][] {
  return stronglyConnected(graph)
    .filter((component) => component.length > 1)
    .sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
}

/**
 * Layer of every app: the number of apps on the longest dependency path starting at it
 * (1 = depends on nothing). Marathon `runSpecsGroupedByLongestPath`. The graph must be acyclic.
 */
export function dependencyLayers(graph: DependencyGraph): Map<string, number> {
  const layers = new Map<string, number>();
  for (const component of stronglyConnected(graph)) {
    if (component.length > 1) throw new Error(`dependency cycle: ${component.join(', ')}`);
    const app = component[0]!;
    let layer = 1;
    for (const dep of graph.dependsOn.get(app) ?? []) layer = Math.max(layer, layers.get(dep)! + 1);
    layers.set(app, layer);
  }
  return layers;
}
