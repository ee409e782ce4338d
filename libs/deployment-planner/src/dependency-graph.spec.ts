import { dependencyGraph, dependencyLayers, findCycles, stronglyConnected } from './dependency-graph';
import { app, group, root } from './test-fixtures';

const edges = (g: ReturnType<typeof dependencyGraph>) => Object.fromEntries([...g.dependsOn].map(([k, v]) => [k, [...v]]));

describe('dependencyGraph', () => {
  it('resolves app, group and nested-group dependencies to apps', () => {
    const tree = root(
      [app('/a', { dependencies: ['/g'] })],
      [
        group('/g', { apps: [app('/g/x')], groups: [group('/g/h', { apps: [app('/g/h/y')] })] }),
        group('/k', { dependencies: ['/a', '/g/h'], apps: [app('/k/z', { dependencies: ['/g/x'] })] }),
      ],
    );
    expect(edges(dependencyGraph(tree))).toEqual({
      '/a': ['/g/h/y', '/g/x'],
      '/g/h/y': [],
      '/g/x': [],
      '/k/z': ['/a', '/g/h/y', '/g/x'],
    });
  });

  it('drops self-edges and unknown ids', () => {
    const tree = root([], [group('/g', { dependencies: ['/g', '/missing'], apps: [app('/g/a', { dependencies: ['/g/a'] })] })]);
    expect(edges(dependencyGraph(tree))).toEqual({ '/g/a': [] });
  });
});

describe('dependencyLayers', () => {
  it('is the length of the longest dependency path from each app', () => {
    const tree = root([
      app('/a'),
      app('/b', { dependencies: ['/a'] }),
      app('/c', { dependencies: ['/a', '/b'] }),
      app('/d', { dependencies: ['/a'] }),
    ]);
    expect(Object.fromEntries(dependencyLayers(dependencyGraph(tree)))).toEqual({ '/a': 1, '/b': 2, '/c': 3, '/d': 2 });
  });

  it('refuses a cyclic graph', () => {
    const tree = root([app('/a', { dependencies: ['/b'] }), app('/b', { dependencies: ['/a'] })]);
    expect(() => dependencyLayers(dependencyGraph(tree))).toThrow('dependency cycle: /a, /b');
  });
});

describe('stronglyConnected / findCycles', () => {
  it('emits components dependencies first', () => {
    const tree = root([app('/top', { dependencies: ['/mid'] }), app('/mid', { dependencies: ['/low'] }), app('/low')]);
    expect(stronglyConnected(dependencyGraph(tree))).toEqual([['/low'], ['/mid'], ['/top']]);
  });

  it('finds only the apps on a cycle, not the ones hanging off it', () => {
    const tree = root([
      app('/in', { dependencies: ['/a'] }),
      app('/a', { dependencies: ['/b'] }),
      app('/b', { dependencies: ['/c'] }),
      app('/c', { dependencies: ['/a', '/out'] }),
      app('/out'),
    ]);
    expect(findCycles(dependencyGraph(tree))).toEqual([['/a', '/b', '/c']]);
  });

  it('handles a long chain without deep recursion', () => {
    const n = 20_000;
    const apps = Array.from({ length: n }, (_, i) => app(`/a${i}`, { dependencies: i === 0 ? [] : [`/a${i - 1}`] }));
    const layers = dependencyLayers(dependencyGraph(root(apps)));
    expect(layers.get(`/a${n - 1}`)).toBe(n);
  });
});
