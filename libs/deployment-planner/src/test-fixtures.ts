import type { AppSpec, DeploymentPlan, GroupSpec, PlanResult } from './types';

/** An app with Marathon's defaults; `id` absolute. */
export function app(id: string, overrides: Partial<AppSpec> = {}): AppSpec {
  return {
    id,
    instances: 1,
    version: '2024-01-01T00:00:00.000Z',
    configVersion: 'c1',
    dependencies: [],
    upgradeStrategy: { minimumHealthCapacity: 1, maximumOverCapacity: 1 },
    killSelection: 'YOUNGEST_FIRST',
    ...overrides,
  };
}

export function group(id: string, content: { apps?: AppSpec[]; groups?: GroupSpec[]; dependencies?: string[] } = {}): GroupSpec {
  return { id, apps: content.apps ?? [], groups: content.groups ?? [], dependencies: content.dependencies ?? [] };
}

/** The root group `/` holding `apps` and `groups`. */
export function root(apps: AppSpec[] = [], groups: GroupSpec[] = []): GroupSpec {
  return group('/', { apps, groups });
}

export const PLAN_ID = { id: 'p-1', version: '2024-06-01T12:00:00.000Z' };

/** The plan of a successful result; fails the test on a cycle error. */
export function unwrap<G extends GroupSpec>(result: PlanResult<G>): DeploymentPlan<G> {
  if (!result.ok) throw new Error(`unexpected cycle error: ${result.message}`);
  return result.plan;
}

/** Steps as compact strings, e.g. `['Start /a:0', 'Scale /a:3']` per step joined by ' | '. */
export function describeSteps(plan: DeploymentPlan<GroupSpec>): string[] {
  return plan.steps.map((step) =>
    step.actions
      .map((a) => {
        const verb = a.action.replace('Application', '');
        return 'scaleTo' in a ? `${verb} ${a.app}:${a.scaleTo}` : `${verb} ${a.app}`;
      })
      .join(' | '),
  );
}
