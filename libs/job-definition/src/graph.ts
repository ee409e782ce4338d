/** The dependency graph between jobs (edges parent → child): validation and the DOT / CSV exports. */

/** Graph over jobs by name. */
export interface GraphJob {
  readonly name: string;
  readonly parents?: readonly string[];
}

/**
 * A path of ancestors from `start` back to `start` (start, parent, grandparent, ...), or undefined.
 * Depth-first in parent order so the reported cycle is deterministic; `seen` also guards against cycles already
 * stored that do not go through `start`.
 */
/** Jobs by name: a Map, or any index the caller keeps (nothing is copied). */
export interface GraphLookup {
  get(name: string): GraphJob | undefined;
}

function cycleThrough(jobs: GraphLookup, start: string): string[] | undefined {
  const seen = new Set<string>();
  const walk = (path: string[]): string[] | undefined => {
    for (const parent of jobs.get(path[path.length - 1])?.parents ?? []) {
      if (parent === start) return path;
      if (seen.has(parent) || !jobs.get(parent)) continue;
      seen.add(parent);
      const found = walk([...path, parent]);
      if (found) return found;
    }
    return undefined;
  };
  return walk([start]);
}

/**
 * Checks that adding or replacing `job` among `jobs` keeps a valid DAG. Only `job`'s own edges are new, so only its
 * parents are checked for existence and only cycles through it are looked for. Returns the message or undefined.
 */
export function checkGraph(jobs: GraphLookup, job: GraphJob): string | undefined {
  // The job as it would be, over the others as they are: O(ancestors), however many jobs there are.
  const graph: GraphLookup = { get: (name) => (name === job.name ? job : jobs.get(name)) };
  const missing = (job.parents ?? []).find((p) => !graph.get(p));
  if (missing !== undefined) return `Parent '${missing}' of job '${job.name}' does not exist`;
  const ancestors = cycleThrough(graph, job.name);
  if (ancestors === undefined) return undefined;
  // Written parent → child and ending at the new job: ancestors are [job, parent, grandparent, ...].
  const [, ...above] = ancestors;
  const order = [...above.reverse(), job.name];
  return `Adding job '${job.name}' would create a dependency cycle: ${[...order, order[0]].join(' -> ')}`;
}

/** Children (direct dependents) of a job, in input order. */
export function childrenOf(jobs: Iterable<GraphJob>, name: string): string[] {
  const children: string[] = [];
  for (const job of jobs) if (job.parents?.includes(name)) children.push(job.name);
  return children;
}

/** Jobs sorted by name and the edges between them; edges to unknown parents are left out, as Chronos' graph does. */
function sortedGraph(jobs: Iterable<GraphJob>): { names: string[]; edges: [string, string][] } {
  const byName = new Map<string, GraphJob>();
  for (const job of jobs) byName.set(job.name, job);
  const names = [...byName.keys()].sort(compare);
  const edges: [string, string][] = [];
  for (const child of names) {
    for (const parent of byName.get(child)!.parents ?? []) if (byName.has(parent)) edges.push([parent, child]);
  }
  edges.sort((a, b) => compare(a[0], b[0]) || compare(a[1], b[1]));
  return { names, edges };
}

/** Code-unit order, so the output does not depend on the host's locale. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function dotLabel(name: string): string {
  return name.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}

/**
 * Graphviz DOT like Chronos' JGraphT DOTExporter: integer vertex ids from 1 (IntegerNameProvider) labelled with the
 * job name, then the edges by id. Jobs sorted by name, edges by (parent, child).
 */
export function graphDot(jobs: Iterable<GraphJob>): string {
  const { names, edges } = sortedGraph(jobs);
  const ids = new Map(names.map((name, i) => [name, i + 1]));
  const lines = ['digraph G {'];
  for (const name of names) lines.push(`  ${ids.get(name)} [label="${dotLabel(name)}"];`);
  for (const [parent, child] of edges) lines.push(`  ${ids.get(parent)} -> ${ids.get(child)};`);
  lines.push('}');
  return lines.map((l) => `${l}\n`).join('');
}

/**
 * Chronos' Exporter CSV: `node,<name>,<lastState>,<currentState>` per job, then `link,<parent>,<child>` per edge.
 * Same order as graphDot.
 */
export function graphCsv(
  jobs: Iterable<GraphJob>,
  state: (name: string) => { readonly last: string; readonly current: string },
): string {
  const { names, edges } = sortedGraph(jobs);
  const lines = names.map((name) => {
    const { last, current } = state(name);
    return `node,${name},${last},${current}\n`;
  });
  for (const [parent, child] of edges) lines.push(`link,${parent},${child}\n`);
  return lines.join('');
}
