import { affectedApps, conflicts, isEmpty, plan } from './plan';
import { app, describeSteps, group, PLAN_ID, root, unwrap } from './test-fixtures';

describe('plan', () => {
  it('starts a new app with 0 instances, then scales it to its instances', () => {
    const p = unwrap(plan(root(), root([app('/a', { instances: 3 })]), PLAN_ID));
    expect(describeSteps(p)).toEqual(['Start /a:0', 'Scale /a:3']);
    expect(p.affectedApps).toEqual(['/a']);
    expect(p.id).toBe('p-1');
    expect(p.version).toBe('2024-06-01T12:00:00.000Z');
  });

  it('stops a removed app in the first step', () => {
    const p = unwrap(plan(root([app('/a'), app('/b')]), root([app('/b')]), PLAN_ID));
    expect(describeSteps(p)).toEqual(['Stop /a']);
  });

  it('puts stops before starts before the layered steps', () => {
    const p = unwrap(plan(root([app('/old'), app('/kept')]), root([app('/new'), app('/kept', { instances: 2 })]), PLAN_ID));
    expect(describeSteps(p)).toEqual(['Stop /old', 'Start /new:0', 'Scale /kept:2 | Scale /new:1']);
    expect(p.affectedApps).toEqual(['/kept', '/new', '/old']);
  });

  it('scales an app whose instances alone changed', () => {
    const p = unwrap(plan(root([app('/a', { instances: 2 })]), root([app('/a', { instances: 5, version: 'v2' })]), PLAN_ID));
    expect(describeSteps(p)).toEqual(['Scale /a:5']);
  });

  it('scales to zero', () => {
    const p = unwrap(plan(root([app('/a', { instances: 2 })]), root([app('/a', { instances: 0 })]), PLAN_ID));
    expect(describeSteps(p)).toEqual(['Scale /a:0']);
  });

  it('restarts an app whose configVersion changed, even if its instances changed too', () => {
    const before = root([app('/a'), app('/b')]);
    const after = root([app('/a', { configVersion: 'c2' }), app('/b', { configVersion: 'c2', instances: 4 })]);
    const p = unwrap(plan(before, after, PLAN_ID));
    expect(describeSteps(p)).toEqual(['Restart /a | Restart /b']);
    expect(p.steps[0]!.actions[0]).toEqual({ action: 'RestartApplication', app: '/a' });
  });

  it('has no steps when nothing that matters changed', () => {
    const before = root([app('/a')], [group('/g', { apps: [app('/g/b')] })]);
    const after = root([app('/a', { version: 'v9' })], [group('/g', { apps: [app('/g/b')] })]);
    const p = unwrap(plan(before, after, PLAN_ID));
    expect(p.steps).toEqual([]);
    expect(isEmpty(p)).toBe(true);
    expect(p.affectedApps).toEqual([]);
  });

  it('attaches the instances to kill to a scale-down (kill and scale)', () => {
    const p = unwrap(
      plan(root([app('/a', { instances: 3 })]), root([app('/a', { instances: 2 })]), { ...PLAN_ID, toKill: { '/a': ['i-2'] } }),
    );
    expect(p.steps[0]!.actions).toEqual([{ action: 'ScaleApplication', app: '/a', scaleTo: 2, killInstances: ['i-2'] }]);
  });

  it('keeps original and target as given', () => {
    const before = root();
    const after = root([app('/a')]);
    const p = unwrap(plan(before, after, PLAN_ID));
    expect(p.original).toBe(before);
    expect(p.target).toBe(after);
  });
});

describe('plan dependency order', () => {
  it('deploys an app after the app it depends on', () => {
    const target = root([app('/web', { dependencies: ['/db'] }), app('/db')]);
    const p = unwrap(plan(root(), target, PLAN_ID));
    expect(describeSteps(p)).toEqual(['Start /db:0 | Start /web:0', 'Scale /db:1', 'Scale /web:1']);
  });

  it('keeps the order through an unchanged app in between', () => {
    const before = root([app('/a', { dependencies: ['/b'] }), app('/b', { dependencies: ['/c'] }), app('/c')]);
    const after = root([
      app('/a', { dependencies: ['/b'], configVersion: 'c2' }),
      app('/b', { dependencies: ['/c'] }),
      app('/c', { configVersion: 'c2' }),
    ]);
    expect(describeSteps(unwrap(plan(before, after, PLAN_ID)))).toEqual(['Restart /c', 'Restart /a']);
  });

  it('runs independent apps of one layer in parallel', () => {
    const target = root([app('/x'), app('/y'), app('/z', { dependencies: ['/x', '/y'] })]);
    const before = root([app('/x'), app('/y'), app('/z', { dependencies: ['/x', '/y'] })].map((a) => ({ ...a, instances: 0 })));
    expect(describeSteps(unwrap(plan(before, target, PLAN_ID)))).toEqual(['Scale /x:1 | Scale /y:1', 'Scale /z:1']);
  });

  it('resolves a dependency on a group to every app under it, nested groups included', () => {
    const infra = group('/infra', {
      apps: [app('/infra/db'), app('/infra/cache', { dependencies: ['/infra/db'] })],
      groups: [group('/infra/mq', { apps: [app('/infra/mq/queue')] })],
    });
    const prod = group('/prod', { apps: [app('/prod/web', { dependencies: ['/infra'] })] });
    const p = unwrap(plan(root(), root([], [prod, infra]), PLAN_ID));
    expect(describeSteps(p).slice(1)).toEqual([
      'Scale /infra/db:1 | Scale /infra/mq/queue:1',
      'Scale /infra/cache:1',
      'Scale /prod/web:1',
    ]);
  });

  it('applies a group dependency to every app inside the group, nested ones too', () => {
    const infra = group('/infra', { apps: [app('/infra/db')] });
    const prod = group('/prod', {
      dependencies: ['/infra'],
      apps: [app('/prod/web')],
      groups: [group('/prod/api', { apps: [app('/prod/api/v1')] })],
    });
    const p = unwrap(plan(root(), root([app('/free')], [infra, prod]), PLAN_ID));
    expect(describeSteps(p).slice(1)).toEqual(['Scale /free:1 | Scale /infra/db:1', 'Scale /prod/api/v1:1 | Scale /prod/web:1']);
  });

  it('lets a group depend on one of its own subgroups without a cycle', () => {
    const prod = group('/prod', {
      dependencies: ['/prod/backend'],
      apps: [app('/prod/web')],
      groups: [group('/prod/backend', { apps: [app('/prod/backend/db')] })],
    });
    const p = unwrap(plan(root(), root([], [prod]), PLAN_ID));
    expect(describeSteps(p).slice(1)).toEqual(['Scale /prod/backend/db:1', 'Scale /prod/web:1']);
  });

  it('ignores dependencies on ids that do not exist and on the app itself', () => {
    const p = unwrap(plan(root(), root([app('/a', { dependencies: ['/nope', '/a'] })]), PLAN_ID));
    expect(describeSteps(p)).toEqual(['Start /a:0', 'Scale /a:1']);
  });
});

describe('plan cycles', () => {
  it('reports an app → app cycle as a typed error', () => {
    const target = root([app('/a', { dependencies: ['/b'] }), app('/b', { dependencies: ['/a'] }), app('/c', { dependencies: ['/a'] })]);
    const result = plan(root(), target, PLAN_ID);
    expect(result).toEqual({
      ok: false,
      error: 'cycle',
      apps: ['/a', '/b'],
      cycles: [['/a', '/b']],
      message: 'Dependency graph has cyclic dependencies: /a <-> /b',
    });
  });

  it('finds a cycle that runs through a group', () => {
    const g = group('/g', { apps: [app('/g/b', { dependencies: ['/a'] }), app('/g/c')] });
    const result = plan(root(), root([app('/a', { dependencies: ['/g'] })], [g]), PLAN_ID);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.apps).toEqual(['/a', '/g/b']);
  });

  it('reports every separate cycle', () => {
    const target = root([
      app('/a', { dependencies: ['/b'] }),
      app('/b', { dependencies: ['/a'] }),
      app('/x', { dependencies: ['/y'] }),
      app('/y', { dependencies: ['/z'] }),
      app('/z', { dependencies: ['/x'] }),
    ]);
    const result = plan(root(), target, PLAN_ID);
    expect(result.ok ? [] : result.cycles).toEqual([
      ['/a', '/b'],
      ['/x', '/y', '/z'],
    ]);
  });
});

describe('affectedApps and conflicts', () => {
  const p1 = unwrap(plan(root(), root([app('/a'), app('/b')]), { id: 'one', version: 'v' }));
  const p2 = unwrap(plan(root([app('/b')]), root([app('/b', { instances: 3 })]), { id: 'two', version: 'v' }));
  const p3 = unwrap(plan(root(), root([app('/c')]), { id: 'three', version: 'v' }));

  it('lists every app named by an action, sorted', () => {
    expect(affectedApps(p1)).toEqual(['/a', '/b']);
    expect(affectedApps({ steps: [] })).toEqual([]);
  });

  it('returns the running plans sharing an app', () => {
    expect(conflicts(p2, [p1, p3])).toEqual(['one']);
    expect(conflicts(p3, [p1, p2])).toEqual([]);
  });

  it('does not count a plan as conflicting with itself', () => {
    expect(conflicts(p1, [p1])).toEqual([]);
  });
});
