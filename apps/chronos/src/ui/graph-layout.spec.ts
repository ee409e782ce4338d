import { fitLabel, layers, layout, NODE, parseGraphCsv } from './graph-layout';

const CSV = 'node,a,success,idle\nnode,b,fresh,idle\nnode,c,failure,running\nnode,d,fresh,queued\nlink,a,c\nlink,b,c\nlink,c,d\nlink,a,d\n';

describe('dependency graph layout', () => {
  it('parses the CSV export', () => {
    const graph = parseGraphCsv(CSV);
    expect(graph.nodes).toEqual([
      { name: 'a', last: 'success', current: 'idle' },
      { name: 'b', last: 'fresh', current: 'idle' },
      { name: 'c', last: 'failure', current: 'running' },
      { name: 'd', last: 'fresh', current: 'queued' },
    ]);
    expect(graph.edges).toEqual([['a', 'c'], ['b', 'c'], ['c', 'd'], ['a', 'd']]);
    expect(parseGraphCsv('')).toEqual({ nodes: [], edges: [] });
  });

  it('puts each job one layer right of its deepest parent', () => {
    expect(Object.fromEntries(layers(parseGraphCsv(CSV)))).toEqual({ a: 0, b: 0, c: 1, d: 2 });
    // A cycle (refused by the API) still ends.
    const cycle = { nodes: [{ name: 'x', last: '', current: '' }, { name: 'y', last: '', current: '' }], edges: [['x', 'y'], ['y', 'x']] as [string, string][] };
    expect([...layers(cycle).keys()].sort()).toEqual(['x', 'y']);
  });

  it('places nodes in columns and edges between them', () => {
    const placed = layout(parseGraphCsv(CSV));
    const at = (name: string) => placed.nodes.find((n) => n.name === name)!;
    expect([at('a').x, at('b').x, at('c').x, at('d').x]).toEqual([16, 16, 16 + 250, 16 + 500]);
    expect([at('a').y, at('b').y]).toEqual([16, 16 + NODE.height + NODE.gapY]);
    expect(placed.edges.map((e) => `${e.from.name}->${e.to.name}`)).toEqual(['a->c', 'b->c', 'c->d', 'a->d']);
    expect(placed.width).toBe(32 + 3 * 180 + 2 * 70);
    expect(placed.height).toBe(32 + 2 * 40 + 24);
    expect(layout({ nodes: [], edges: [] })).toMatchObject({ nodes: [], edges: [], width: 212, height: 72 });
  });

  it('shortens long labels', () => {
    expect(fitLabel('short')).toBe('short');
    expect(fitLabel('a-very-long-job-name-that-goes-on')).toBe('a-very-long-job-name-th…');
  });
});
