import {
  deploymentInfo,
  deploymentOutcomeEvent,
  deploymentStepEvent,
  planJson,
  stepJson,
  type DeploymentInfoJson,
} from './deployment-info';
import deploymentsExample from './fixtures/deployments.json';
import stepsExample from './fixtures/deployment_steps.json';
import { plan } from './plan';
import { app, group, root, unwrap } from './test-fixtures';

// Marathon's own examples (docs/docs/rest-api/public/api/v2/examples), copied into ./fixtures.
const [example] = deploymentsExample as unknown as [DeploymentInfoJson & { steps: { actions: Record<string, string>[] }[] }];

/** The example without what we do not support (pods): its pod step dropped, affectedPods empty. */
const exampleWithoutPods = {
  ...example,
  affectedPods: [],
  steps: example.steps.filter((step) => step.actions.every((a) => 'app' in a)),
};

describe('deploymentInfo', () => {
  const scaleFoo = unwrap(
    plan(root([app('/foo', { instances: 1 })]), root([app('/foo', { instances: 2 })]), {
      id: example.id,
      version: example.version,
    }),
  );

  it('reproduces the GET /v2/deployments example of Marathon', () => {
    const readiness = example.currentActions[0]!.readinessCheckResults;
    const info = deploymentInfo(scaleFoo, 1, { '/foo': readiness });
    expect(info).toEqual(exampleWithoutPods);
    expect(Object.keys(info)).toEqual(Object.keys(example));
  });

  it('shows no current actions before the first step (0), and the actions of the running step after', () => {
    const p = unwrap(plan(root(), root([app('/a')]), { id: 'd', version: 'v' }));
    expect(deploymentInfo(p, 0)).toMatchObject({ currentStep: 0, totalSteps: 2, currentActions: [] });
    expect(deploymentInfo(p, 2)).toMatchObject({
      currentStep: 2,
      currentActions: [{ action: 'ScaleApplication', app: '/a', readinessCheckResults: [] }],
    });
  });

  it('refuses a step outside the plan', () => {
    expect(() => deploymentInfo(scaleFoo, 2)).toThrow(RangeError);
    expect(() => deploymentInfo(scaleFoo, -1)).toThrow(RangeError);
    expect(() => deploymentInfo(scaleFoo, 0.5)).toThrow(RangeError);
  });
});

describe('stepJson', () => {
  it('writes steps as the dryRun example does: action and app only', () => {
    const target = root([], [group('/tools', { apps: [app('/tools/oauth-server', { instances: 3 })] })]);
    const p = unwrap(plan(root(), target, { id: 'd', version: 'v' }));
    expect({ steps: p.steps.map(stepJson) }).toEqual(stepsExample);
  });
});

describe('deployment events', () => {
  const before = root([app('/a')]);
  const after = root([app('/a', { configVersion: 'c2' })]);
  const p = unwrap(plan(before, after, { id: 'dep-1', version: '2024-06-01T12:00:00.000Z' }));
  const at = '2024-06-01T12:00:01.000Z';

  it('carries the plan as {id, original, target, steps, version}', () => {
    expect(planJson(p)).toEqual({
      id: 'dep-1',
      original: before,
      target: after,
      steps: [{ actions: [{ action: 'RestartApplication', app: '/a' }] }],
      version: '2024-06-01T12:00:00.000Z',
    });
  });

  it('renders the groups with the given function', () => {
    expect(planJson(p, (g) => g.apps.map((a) => a.id))).toMatchObject({ original: ['/a'], target: ['/a'] });
  });

  it('builds deployment_info / deployment_step_success with the current step', () => {
    expect(deploymentStepEvent('deployment_info', p, 1, at)).toEqual({
      eventType: 'deployment_info',
      timestamp: at,
      plan: planJson(p),
      currentStep: { actions: [{ action: 'RestartApplication', app: '/a' }] },
    });
    expect(deploymentStepEvent('deployment_step_success', p, 1, at).eventType).toBe('deployment_step_success');
  });

  it('builds deployment_success and deployment_failed (with a reason)', () => {
    expect(deploymentOutcomeEvent('deployment_success', p, at)).toEqual({
      eventType: 'deployment_success',
      timestamp: at,
      id: 'dep-1',
      plan: planJson(p),
    });
    expect(deploymentOutcomeEvent('deployment_failed', p, at, { reason: 'cancelled' })).toMatchObject({
      eventType: 'deployment_failed',
      reason: 'cancelled',
    });
  });
});
