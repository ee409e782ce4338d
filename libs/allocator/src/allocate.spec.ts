import { ResourceQuantities } from '@strato/resources';
import { allocate } from './allocate';
import { OfferFilters } from './offer-filters';
import type { OfferDecision } from './snapshot';
import { agent, framework, qty, res, seededRandom, snapshot } from './test-fixtures';

/** Decisions as "framework@agent(role)=resources" lines, easy to compare. */
const show = (ds: readonly OfferDecision[]): string[] =>
  ds.map((d) => `${d.frameworkId}@${d.agentId}(${d.role})=${d.resources.toString()}`);

const SMALL = 'cpus:2;mem:1024';

describe('allocate', () => {
  it('offers each agent whole to one framework', () => {
    const ds = allocate(snapshot([agent('a1', 'cpus:2;mem:1024;ports:[31000-31009]')], [framework('f1')]), 0);
    expect(show(ds)).toEqual(['f1@a1(*)=cpus:2;mem:1024;ports:[31000-31009]']);
  });

  it('serves the framework with the smallest share first and re-sorts after every offer', () => {
    const agents = ['a1', 'a2', 'a3', 'a4'].map((id) => agent(id, SMALL));
    const frameworks = [framework('f1', { allocated: { '*': 'cpus:1' } }), framework('f2')];
    const ds = allocate(snapshot(agents, frameworks), 0);
    expect(ds.map((d) => d.frameworkId)).toEqual(['f2', 'f1', 'f2', 'f1']);
  });

  it('serves roles by weighted share before their frameworks', () => {
    const agents = ['a1', 'a2', 'a3'].map((id) => agent(id, SMALL));
    const frameworks = [
      framework('fa', { roles: ['a'], allocated: { a: 'cpus:2;mem:1024' } }),
      framework('fb', { roles: ['b'], allocated: { b: 'cpus:1;mem:512' } }),
    ];
    const ds = allocate(snapshot(agents, frameworks, { roleWeights: new Map([['a', 4]]) }), 0);
    expect(ds.map((d) => d.role)).toEqual(['a', 'b', 'a']);
    const unweighted = allocate(snapshot(agents, frameworks), 0);
    expect(unweighted.map((d) => d.role)).toEqual(['b', 'a', 'b']);
  });

  it('counts what inactive frameworks hold in their role share', () => {
    const frameworks = [
      framework('idle', { roles: ['a'], active: false, allocated: { a: 'cpus:2;mem:1024' } }),
      framework('fa', { roles: ['a'] }),
      framework('fb', { roles: ['b'], allocated: { b: 'cpus:1' } }),
    ];
    const ds = allocate(snapshot([agent('a1', SMALL)], frameworks), 0);
    expect(show(ds)).toEqual(['fb@a1(b)=cpus:2;mem:1024']);
  });

  it('skips inactive agents and inactive frameworks', () => {
    const ds = allocate(
      snapshot([agent('off', SMALL, false), agent('on', SMALL)], [framework('f0', { active: false }), framework('f1')]),
      0,
    );
    expect(show(ds)).toEqual(['f1@on(*)=cpus:2;mem:1024']);
  });

  it('gives a suppressed role nothing until the framework revives it', () => {
    const agents = [agent('a1', 'cpus:2;mem:1024;cpus(web):1'), agent('a2', SMALL)];
    const suppressed = framework('f1', { roles: ['*', 'web'], suppressed: ['web'] });
    expect(show(allocate(snapshot(agents, [suppressed]), 0))).toEqual([
      'f1@a1(*)=cpus:2;mem:1024',
      'f1@a2(*)=cpus:2;mem:1024',
    ]);
    const revived = framework('f1', { roles: ['*', 'web'] });
    expect(show(allocate(snapshot(agents, [revived]), 0))).toEqual([
      'f1@a1(*)=cpus:2;mem:1024',
      'f1@a1(web)=cpus(web):1',
      'f1@a2(web)=cpus:2;mem:1024', // web's share (0.2) is now below *'s (0.5)
    ]);
    const allSuppressed = framework('f1', { suppressed: ['*'] });
    expect(allocate(snapshot(agents, [allSuppressed]), 0)).toEqual([]);
  });

  it('offers reserved resources only to frameworks of their role', () => {
    const agents = [agent('a1', 'cpus:2;mem:1024;cpus(web):4;mem(web):2048'), agent('a2', 'cpus(db):8;mem(db):8192')];
    const frameworks = [framework('any', { roles: ['*'] }), framework('w', { roles: ['web'] })];
    expect(show(allocate(snapshot(agents, frameworks), 0))).toEqual([
      'any@a1(*)=cpus:2;mem:1024',
      'w@a1(web)=cpus(web):4;mem(web):2048',
    ]);
    // With the web framework first, it takes the unreserved part too: allocatableTo(web).
    const webFirst = [framework('any', { roles: ['*'], allocated: { '*': 'cpus:1' } }), framework('w', { roles: ['web'] })];
    expect(show(allocate(snapshot(agents, webFirst), 0))).toEqual(['w@a1(web)=cpus:2;mem:1024;cpus(web):4;mem(web):2048']);
  });

  it('offers nothing below the minimum allocatable resources', () => {
    const agents = [agent('tiny', 'cpus:0.009;mem:31;disk:100'), agent('cpu', 'cpus:0.01'), agent('mem', 'mem:32')];
    expect(show(allocate(snapshot(agents, [framework('f1')]), 0))).toEqual(['f1@cpu(*)=cpus:0.01', 'f1@mem(*)=mem:32']);
    const custom = snapshot(agents, [framework('f1')], { minAllocatable: [qty('disk:50')] });
    expect(show(allocate(custom, 0))).toEqual(['f1@tiny(*)=cpus:0.009;mem:31;disk:100']);
    const anything = snapshot(agents, [framework('f1')], { minAllocatable: [] });
    expect(allocate(anything, 0)).toHaveLength(3);
  });

  it("honours a framework's own per-role minimum", () => {
    const picky = framework('picky', { minAllocatable: { '*': [qty('mem:512')] } });
    const ds = allocate(snapshot([agent('small', 'cpus:1;mem:256'), agent('big', SMALL)], [picky, framework('zeta')]), 0);
    expect(show(ds)).toEqual(['zeta@small(*)=cpus:1;mem:256', 'picky@big(*)=cpus:2;mem:1024']);
  });

  it('passes over filtered frameworks until the agent has more to give', () => {
    const filters = new OfferFilters();
    filters.add({ frameworkId: 'f1', agentId: 'a1', role: '*', refused: res(SMALL), now: 0, allocationIntervalMs: 1000 });
    const frameworks = [framework('f1'), framework('f2', { allocated: { '*': 'cpus:1' } })];
    const filtered = snapshot([agent('a1', SMALL)], frameworks, { filters });
    expect(show(allocate(filtered, 1000))).toEqual(['f2@a1(*)=cpus:2;mem:1024']);
    expect(show(allocate(filtered, 5000))).toEqual(['f1@a1(*)=cpus:2;mem:1024']);
    const grown = snapshot([agent('a1', 'cpus:3;mem:1024')], frameworks, { filters });
    expect(show(allocate(grown, 1000))).toEqual(['f1@a1(*)=cpus:3;mem:1024']);
    filters.clear('f1');
    expect(show(allocate(filtered, 1000))).toEqual(['f1@a1(*)=cpus:2;mem:1024']);
  });

  it('shuffles the agents with the injected random source', () => {
    const agents = Array.from({ length: 20 }, (_, i) => agent(`a${i}`, SMALL));
    const order = (seed?: number): string[] =>
      allocate(snapshot(agents, [framework('f1')], seed === undefined ? {} : { random: seededRandom(seed) }), 0).map(
        (d) => d.agentId,
      );
    expect(order()).toEqual(agents.map((a) => a.id));
    expect(order(1)).toEqual(order(1));
    expect(order(1)).not.toEqual(order());
    expect([...order(1)].sort()).toEqual([...order()].sort());
  });

  it('is pure: the same snapshot gives the same decisions', () => {
    const s = snapshot(
      ['a1', 'a2', 'a3'].map((id) => agent(id, SMALL)),
      [framework('f1'), framework('f2', { roles: ['*', 'x'] })],
    );
    expect(show(allocate(s, 0))).toEqual(show(allocate(s, 0)));
    expect(s.frameworks[0].allocated.size).toBe(0);
  });

  it('can leave resources out of the shares', () => {
    const frameworks = [framework('gpu', { allocated: { '*': 'gpus:4' } }), framework('cpu', { allocated: { '*': 'cpus:1' } })];
    const s = snapshot([agent('a1', 'cpus:4;mem:1024;gpus:4')], frameworks);
    expect(allocate(s, 0)[0].frameworkId).toBe('cpu');
    expect(allocate(s, 0, { excludedFromShares: ['gpus'] })[0].frameworkId).toBe('gpu');
  });

  it('supports random sorters, which need a random source', () => {
    const s = snapshot([agent('a1', SMALL)], [framework('f1'), framework('f2')]);
    expect(() => allocate(s, 0, { frameworkSorter: 'random' })).toThrow(/random/);
    const ds = allocate({ ...s, random: seededRandom(9) }, 0, { roleSorter: 'random', frameworkSorter: 'random' });
    expect(ds).toHaveLength(1);
  });

  it('counts offered resources with the totals it was given', () => {
    const s = snapshot([agent('a1', SMALL)], [framework('f1')], { totals: ResourceQuantities.EMPTY });
    expect(allocate(s, 0)).toHaveLength(1);
  });
});
