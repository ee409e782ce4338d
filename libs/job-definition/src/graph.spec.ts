import { checkGraph, childrenOf, graphCsv, graphDot, type GraphJob } from './graph';

const byName = (...jobs: GraphJob[]) => new Map(jobs.map((j) => [j.name, j]));

describe('checkGraph', () => {
  it('accepts new roots, new children and replacements that keep a DAG', () => {
    const jobs = byName({ name: 'a' }, { name: 'b', parents: ['a'] });
    expect(checkGraph(jobs, { name: 'c', parents: ['a', 'b'] })).toBeUndefined();
    expect(checkGraph(jobs, { name: 'b', parents: ['a'] })).toBeUndefined();
    expect(checkGraph(jobs, { name: 'a' })).toBeUndefined();
  });

  it('reports an unknown parent', () => {
    expect(checkGraph(byName({ name: 'a' }), { name: 'c', parents: ['a', 'p'] })).toBe("Parent 'p' of job 'c' does not exist");
  });

  it('reports a 3-node cycle, written parent → child and ending at the job', () => {
    // a runs after c, b after a; making c run after b closes the loop.
    const jobs = byName({ name: 'c' }, { name: 'a', parents: ['c'] }, { name: 'b', parents: ['a'] });
    expect(checkGraph(jobs, { name: 'c', parents: ['b'] })).toBe("Adding job 'c' would create a dependency cycle: a -> b -> c -> a");
  });

  it('reports a self-loop', () => {
    expect(checkGraph(byName({ name: 'a' }), { name: 'a', parents: ['a'] })).toBe(
      "Adding job 'a' would create a dependency cycle: a -> a",
    );
  });

  it('does not loop on a stored cycle that does not involve the job', () => {
    const jobs = byName({ name: 'x', parents: ['y'] }, { name: 'y', parents: ['x'] });
    expect(checkGraph(jobs, { name: 'z', parents: ['x'] })).toBeUndefined();
  });
});

describe('childrenOf', () => {
  it('lists direct dependents in input order', () => {
    const jobs = [{ name: 'a' }, { name: 'c', parents: ['a'] }, { name: 'b', parents: ['x', 'a'] }, { name: 'd', parents: ['c'] }];
    expect(childrenOf(jobs, 'a')).toEqual(['c', 'b']);
    expect(childrenOf(jobs, 'd')).toEqual([]);
  });
});

describe('graph exports', () => {
  // Deliberately unsorted, with an edge to a parent that does not exist.
  const jobs: GraphJob[] = [
    { name: 'load', parents: ['transform'] },
    { name: 'extract' },
    { name: 'transform', parents: ['extract', 'gone'] },
    { name: 'report', parents: ['load', 'extract'] },
  ];

  it('writes DOT with ids by name order and edges by (parent, child)', () => {
    expect(graphDot(jobs)).toBe(
      'digraph G {\n' +
        '  1 [label="extract"];\n  2 [label="load"];\n  3 [label="report"];\n  4 [label="transform"];\n' +
        '  1 -> 3;\n  1 -> 4;\n  2 -> 3;\n  4 -> 2;\n' +
        '}\n',
    );
  });

  it('escapes quotes in DOT labels and handles an empty graph', () => {
    expect(graphDot([{ name: 'a"b' }])).toBe('digraph G {\n  1 [label="a\\"b"];\n}\n');
    expect(graphDot([])).toBe('digraph G {\n}\n');
  });

  it("writes Chronos' CSV: node lines with the states, then link lines", () => {
    const states: Record<string, { last: string; current: string }> = {
      extract: { last: 'success', current: 'idle' }, transform: { last: 'failure', current: 'running' },
      load: { last: 'fresh', current: 'queued' }, report: { last: 'fresh', current: 'idle' },
    };
    expect(graphCsv(jobs, (name) => states[name])).toBe(
      'node,extract,success,idle\nnode,load,fresh,queued\nnode,report,fresh,idle\nnode,transform,failure,running\n' +
        'link,extract,report\nlink,extract,transform\nlink,load,report\nlink,transform,load\n',
    );
  });
});
