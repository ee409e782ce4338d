// The dependency graph: parsed from `GET /scheduler/graph/csv` and laid out in layers (pure, unit-tested).

export interface GraphNode {
  readonly name: string;
  /** Last outcome: success, failure or fresh. */
  readonly last: string;
  /** idle, queued, running... */
  readonly current: string;
}

export interface Graph {
  readonly nodes: GraphNode[];
  /** [parent, child] */
  readonly edges: [string, string][];
}

/** `node,<name>,<last>,<current>` and `link,<parent>,<child>` lines (job names hold no commas). */
export function parseGraphCsv(csv: string): Graph {
  const nodes: GraphNode[] = [];
  const edges: [string, string][] = [];
  for (const line of csv.split('\n')) {
    const [kind, a, b, c] = line.trim().split(',');
    if (kind === 'node' && a) nodes.push({ name: a, last: b ?? '', current: c ?? '' });
    else if (kind === 'link' && a && b) edges.push([a, b]);
  }
  return { nodes, edges };
}

export interface PlacedNode extends GraphNode {
  readonly layer: number;
  readonly x: number;
  readonly y: number;
}

export interface Layout {
  readonly nodes: PlacedNode[];
  readonly edges: { from: PlacedNode; to: PlacedNode }[];
  readonly width: number;
  readonly height: number;
}

export const NODE = { width: 180, height: 40, gapX: 70, gapY: 24, margin: 16 } as const;

/** Layer of each job: 0 for jobs without (known) parents, else one more than its deepest parent. */
export function layers(graph: Graph): Map<string, number> {
  const parents = new Map<string, string[]>(graph.nodes.map((n) => [n.name, []]));
  for (const [parent, child] of graph.edges) if (parents.has(parent)) parents.get(child)?.push(parent);
  const depth = new Map<string, number>();
  const visit = (name: string, path: Set<string>): number => {
    const known = depth.get(name);
    if (known !== undefined) return known;
    // The API refuses cycles; a stored one must still not hang the page.
    if (path.has(name)) return 0;
    path.add(name);
    const d = Math.max(-1, ...(parents.get(name) ?? []).map((p) => visit(p, path))) + 1;
    path.delete(name);
    depth.set(name, d);
    return d;
  };
  for (const node of graph.nodes) visit(node.name, new Set());
  return depth;
}

/**
 * Columns by layer, left to right; in a column, jobs ordered by the mean row of their parents (fewer
 * crossings), then by name. Coordinates are the top-left corners of the node boxes.
 */
export function layout(graph: Graph): Layout {
  const depth = layers(graph);
  const columns: GraphNode[][] = [];
  for (const node of graph.nodes) (columns[depth.get(node.name) ?? 0] ??= []).push(node);
  const row = new Map<string, number>();
  const placed = new Map<string, PlacedNode>();
  columns.forEach((column, layer) => {
    const key = (n: GraphNode): number => {
      const rows = graph.edges.filter(([, c]) => c === n.name).map(([p]) => row.get(p)).filter((r): r is number => r !== undefined);
      return rows.length === 0 ? 0 : rows.reduce((a, b) => a + b, 0) / rows.length;
    };
    const sorted = [...column].sort((a, b) => key(a) - key(b) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    sorted.forEach((node, i) => {
      row.set(node.name, i);
      const x = NODE.margin + layer * (NODE.width + NODE.gapX);
      const y = NODE.margin + i * (NODE.height + NODE.gapY);
      placed.set(node.name, { ...node, layer, x, y });
    });
  });
  const nodes = [...placed.values()];
  const edges = graph.edges.flatMap(([p, c]) => (placed.has(p) && placed.has(c) ? [{ from: placed.get(p)!, to: placed.get(c)! }] : []));
  const tallest = Math.max(0, ...columns.map((c) => c?.length ?? 0));
  return {
    nodes,
    edges,
    width: NODE.margin * 2 + Math.max(1, columns.length) * NODE.width + Math.max(0, columns.length - 1) * NODE.gapX,
    height: NODE.margin * 2 + Math.max(1, tallest) * NODE.height + Math.max(0, tallest - 1) * NODE.gapY,
  };
}

/** A label that fits a node box (about 7 px per character at 12 px): long names end with `…`. */
export function fitLabel(name: string, max = 24): string {
  return name.length <= max ? name : `${name.slice(0, max - 1)}…`;
}
