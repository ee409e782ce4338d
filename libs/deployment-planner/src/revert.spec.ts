import { transitiveApps, transitiveGroups } from './group-tree';
import { plan } from './plan';
import { revert, revertedRoot, revertOnto } from './revert';
import { app, describeSteps, group, PLAN_ID, root, unwrap } from './test-fixtures';
import type { GroupSpec } from './types';

const ROLLBACK = { id: 'rb-1', version: '2024-06-01T12:05:00.000Z' };

describe('revert', () => {
  it('stops what the plan started', () => {
    const p = unwrap(plan(root([app('/kept')]), root([app('/kept'), app('/new', { instances: 3 })]), PLAN_ID));
    const r = unwrap(revert(p, ROLLBACK));
    expect(describeSteps(r)).toEqual(['Stop /new']);
    expect(r.id).toBe('rb-1');
    expect(r.original).toBe(p.target);
    expect(r.target).toBe(p.original);
  });

  it('starts again what the plan stopped, restarts what it restarted, scales back what it scaled', () => {
    const before = root([app('/gone', { instances: 2 }), app('/conf'), app('/size', { instances: 2 })]);
    const after = root([app('/conf', { configVersion: 'c2' }), app('/size', { instances: 6 })]);
    const r = unwrap(revert(unwrap(plan(before, after, PLAN_ID)), ROLLBACK));
    expect(describeSteps(r)).toEqual(['Start /gone:0', 'Restart /conf | Scale /gone:2 | Scale /size:2']);
  });
});

describe('revertedRoot', () => {
  const before = root([app('/a'), app('/b', { instances: 2 })], [group('/g', { apps: [app('/g/x')], dependencies: ['/a'] })]);
  const after = root(
    [app('/a', { configVersion: 'c2' }), app('/b', { instances: 2 })],
    [group('/g', { apps: [], dependencies: ['/b'] }), group('/new', { groups: [group('/new/deep', { apps: [app('/new/deep/y')] })] })],
  );
  const p = unwrap(plan(before, after, PLAN_ID));

  const appIds = (g: GroupSpec) => [...transitiveApps(g).keys()].sort();
  const groupIds = (g: GroupSpec) => [...transitiveGroups(g).keys()].sort();

  it('gives back the original when nothing else changed since', () => {
    const reverted = revertedRoot(p, p.target);
    expect(appIds(reverted)).toEqual(['/a', '/b', '/g/x']);
    expect(transitiveApps(reverted).get('/a')).toBe(transitiveApps(before).get('/a'));
    expect(groupIds(reverted)).toEqual(['/', '/g']);
    expect(transitiveGroups(reverted).get('/g')!.dependencies).toEqual(['/a']);
    expect(unwrap(plan(before, reverted, PLAN_ID)).steps).toEqual([]);
  });

  it('keeps changes other deployments made to other apps since', () => {
    const current = root(
      [...after.apps.filter((a) => a.id !== '/b'), app('/b', { instances: 7 }), app('/other')],
      [...after.groups],
    );
    const reverted = revertedRoot(p, current);
    expect(transitiveApps(reverted).get('/b')!.instances).toBe(7);
    expect(transitiveApps(reverted).has('/other')).toBe(true);
    expect(transitiveApps(reverted).get('/a')!.configVersion).toBe('c1');
  });

  it('keeps a created group that still holds something, and a group dependency changed again since', () => {
    const current: GroupSpec = {
      ...after,
      groups: [
        group('/g', { dependencies: ['/other'] }),
        group('/new', { groups: [group('/new/deep', { apps: [app('/new/deep/y'), app('/new/deep/z')] })] }),
      ],
    };
    const reverted = revertedRoot(p, current);
    expect(appIds(reverted)).toEqual(['/a', '/b', '/g/x', '/new/deep/z']);
    expect(groupIds(reverted)).toEqual(['/', '/g', '/new', '/new/deep']);
    expect(transitiveGroups(reverted).get('/g')!.dependencies).toEqual(['/other']);
  });

  it('recreates the parent groups of an app the plan removed with its group', () => {
    const b2 = root([], [group('/team', { dependencies: ['/x'], groups: [group('/team/svc', { apps: [app('/team/svc/api')] })] })]);
    const p2 = unwrap(plan(b2, root(), PLAN_ID));
    const reverted = revertedRoot(p2, root([app('/x')]));
    expect(appIds(reverted)).toEqual(['/team/svc/api', '/x']);
    expect(transitiveGroups(reverted).get('/team')!.dependencies).toEqual(['/x']);
  });

  it('plans the rollback from the current root with revertOnto', () => {
    const current = root([...after.apps, app('/other')], [...after.groups]);
    const r = unwrap(revertOnto(p, current, ROLLBACK));
    // /g/x comes back after /a: its group depends on /a again.
    expect(describeSteps(r)).toEqual(['Stop /new/deep/y', 'Start /g/x:0', 'Restart /a', 'Scale /g/x:1']);
    expect(r.original).toBe(current);
  });
});
