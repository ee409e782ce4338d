import fc from 'fast-check';
import { parentId, transitiveApps } from './group-tree';
import { plan } from './plan';
import { prunePlan, revertedRoot } from './revert';
import { app, group, PLAN_ID } from './test-fixtures';
import type { AppSpec, DeploymentPlan, GroupSpec } from './types';

const GROUP_IDS = ['/', '/g0', '/g1', '/g0/h0', '/g0/h1', '/g1/h0'] as const;

/** One app on both sides of a plan: present or not, instances and config per side. */
const appSide = fc.record({
  present: fc.boolean(),
  instances: fc.integer({ min: 0, max: 3 }),
  config: fc.constantFrom('c1', 'c2'),
});
const universe = fc.record({
  apps: fc.array(
    fc.record({
      parent: fc.constantFrom(...GROUP_IDS),
      before: appSide,
      after: appSide,
      deps: fc.array(fc.oneof(fc.nat({ max: 11 }).map((i) => ({ app: i })), fc.constantFrom(...GROUP_IDS.slice(1)).map((g) => ({ group: g }))), {
        maxLength: 2,
      }),
    }),
    { maxLength: 12 },
  ),
  groupDeps: fc.array(fc.tuple(fc.constantFrom(...GROUP_IDS.slice(1)), fc.constantFrom(...GROUP_IDS.slice(1))), { maxLength: 2 }),
});
type Universe = typeof universe extends fc.Arbitrary<infer U> ? U : never;

const appId = (u: Universe, i: number): string => {
  const parent = u.apps[i]!.parent;
  return `${parent === '/' ? '' : parent}/a${i}`;
};

/** Builds one side of the universe as a group tree (every group of GROUP_IDS exists). */
function tree(u: Universe, side: 'before' | 'after'): GroupSpec {
  const build = (id: string): GroupSpec =>
    group(id, {
      apps: u.apps
        .map((a, i) => ({ a, i }))
        .filter(({ a }) => a.parent === id && a[side].present)
        .map(({ a, i }) =>
          app(appId(u, i), {
            instances: a[side].instances,
            configVersion: a[side].config,
            dependencies: a.deps.map((d) => ('app' in d ? (d.app < u.apps.length ? appId(u, d.app) : `/missing${d.app}`) : d.group)),
          }),
        ),
      groups: GROUP_IDS.filter((g) => g !== '/' && parentId(g) === id).map(build),
      dependencies: u.groupDeps.filter(([g]) => g === id).map(([, dep]) => dep),
    });
  return build('/');
}

/** Test oracle: app → apps it directly depends on, by path prefixes (independent of the lib). */
function oracleEdges(target: GroupSpec): Map<string, Set<string>> {
  const apps = [...transitiveApps(target).values()];
  const groupDeps = (id: string): string[] => {
    const out: string[] = [];
    const walk = (g: GroupSpec) => {
      if (g.id === '/' || id.startsWith(`${g.id}/`)) out.push(...g.dependencies);
      g.groups.forEach(walk);
    };
    walk(target);
    return out;
  };
  const resolve = (dep: string) => apps.filter((a) => a.id === dep || a.id.startsWith(`${dep}/`)).map((a) => a.id);
  return new Map(apps.map((a) => [a.id, new Set([...a.dependencies, ...groupDeps(a.id)].flatMap(resolve).filter((d) => d !== a.id))]));
}

function reach(edges: Map<string, Set<string>>, from: string): Set<string> {
  const seen = new Set<string>();
  const todo = [...(edges.get(from) ?? [])];
  while (todo.length > 0) {
    const next = todo.pop()!;
    if (seen.has(next)) continue;
    seen.add(next);
    todo.push(...(edges.get(next) ?? []));
  }
  return seen;
}

/** Index of the layered step holding the Scale/Restart action of each app. */
function layeredStepOf(p: DeploymentPlan<GroupSpec>): Map<string, number> {
  const out = new Map<string, number>();
  p.steps.forEach((step, i) =>
    step.actions.forEach((a) => {
      if (a.action === 'ScaleApplication' || a.action === 'RestartApplication') {
        expect(out.has(a.app)).toBe(false);
        out.set(a.app, i);
      }
    }),
  );
  return out;
}

function expectedAction(before: AppSpec | undefined, after: AppSpec): string | undefined {
  if (!before) return `ScaleApplication:${after.instances}`;
  if (before.configVersion !== after.configVersion) return 'RestartApplication';
  if (before.instances !== after.instances) return `ScaleApplication:${after.instances}`;
  return undefined;
}

describe('plan properties', () => {
  it('succeeds exactly when the target is acyclic, and then orders every app after all it depends on', () => {
    fc.assert(
      fc.property(universe, (u) => {
        const original = tree(u, 'before');
        const target = tree(u, 'after');
        const edges = oracleEdges(target);
        const onCycle = [...edges.keys()].filter((a) => reach(edges, a).has(a)).sort();
        const result = plan(original, target, PLAN_ID);
        if (!result.ok) {
          expect(result.apps).toEqual(onCycle);
          return;
        }
        expect(onCycle).toEqual([]);
        const stepOf = layeredStepOf(result.plan);
        for (const [a, i] of stepOf) {
          for (const dep of reach(edges, a)) if (stepOf.has(dep)) expect(stepOf.get(dep)!).toBeLessThan(i);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('stops removed apps first, starts new ones second, and acts on each changed app once', () => {
    fc.assert(
      fc.property(universe, (u) => {
        const original = tree(u, 'before');
        const target = tree(u, 'after');
        const result = plan(original, target, PLAN_ID);
        fc.pre(result.ok);
        if (!result.ok) return;
        const before = transitiveApps(original);
        const after = transitiveApps(target);
        const all = result.plan.steps.flatMap((s, i) => s.actions.map((a) => ({ ...a, step: i })));
        const stops = all.filter((a) => a.action === 'StopApplication');
        const starts = all.filter((a) => a.action === 'StartApplication');
        expect(stops.map((a) => a.app).sort()).toEqual([...before.keys()].filter((id) => !after.has(id)).sort());
        expect(starts.map((a) => a.app).sort()).toEqual([...after.keys()].filter((id) => !before.has(id)).sort());
        expect(stops.every((a) => a.step === 0)).toBe(true);
        expect(starts.every((a) => a.step === (stops.length > 0 ? 1 : 0))).toBe(true);
        const acted = new Map(
          all
            .filter((a) => a.action === 'ScaleApplication' || a.action === 'RestartApplication')
            .map((a) => [a.app, a.action === 'ScaleApplication' ? `${a.action}:${a.scaleTo}` : a.action]),
        );
        for (const [id, spec] of after) expect(acted.get(id)).toBe(expectedAction(before.get(id), spec));
        expect(result.plan.steps.every((s) => s.actions.length > 0)).toBe(true);
      }),
    );
  });

  it('plans nothing from a root to itself', () => {
    fc.assert(
      fc.property(universe, (u) => {
        const t = tree(u, 'after');
        const result = plan(t, t, PLAN_ID);
        if (result.ok) expect(result.plan.steps).toEqual([]);
      }),
    );
  });

  it('rolls back to a root with the same apps as the original when nothing else changed', () => {
    fc.assert(
      fc.property(universe, (u) => {
        const original = tree(u, 'before');
        const result = plan(original, tree(u, 'after'), PLAN_ID);
        fc.pre(result.ok);
        if (!result.ok) return;
        const reverted = revertedRoot(result.plan, result.plan.target);
        const back = plan(original, reverted, PLAN_ID);
        if (back.ok) expect(back.plan.steps).toEqual([]);
        const changed = new Set(result.plan.affectedApps);
        const before = transitiveApps(original);
        for (const [id, spec] of transitiveApps(reverted)) if (changed.has(id)) expect(spec).toBe(before.get(id));
        expect([...transitiveApps(reverted).keys()].sort()).toEqual([...before.keys()].sort());
      }),
    );
  });

  it('reverts a pruned plan (affected apps only, as stored) exactly like the full one, onto any current root', () => {
    fc.assert(
      fc.property(universe, universe, (u, other) => {
        const result = plan(tree(u, 'before'), tree(u, 'after'), PLAN_ID);
        fc.pre(result.ok);
        if (!result.ok) return;
        const pruned = prunePlan(result.plan);
        const kept = new Set(result.plan.affectedApps);
        expect([...transitiveApps(pruned.original).keys(), ...transitiveApps(pruned.target).keys()].every((id) => kept.has(id))).toBe(true);
        for (const current of [result.plan.target, tree(other, 'after')]) expect(revertedRoot(pruned, current)).toEqual(revertedRoot(result.plan, current));
      }),
    );
  });
});

