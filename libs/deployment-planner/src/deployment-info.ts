import type { ReadinessCheckResult } from './readiness';
import type { DeploymentActionName, DeploymentPlan, DeploymentStep, GroupSpec } from './types';

export interface DeploymentActionJson {
  readonly action: DeploymentActionName;
  readonly app: string;
}

export interface DeploymentStepJson {
  readonly actions: readonly DeploymentActionJson[];
}

export interface CurrentActionJson extends DeploymentActionJson {
  readonly readinessCheckResults: readonly ReadinessCheckResult[];
}

/** One element of `GET /v2/deployments` (Marathon `deploymentEventsInfo.raml`, examples/deployments.json). */
export interface DeploymentInfoJson {
  readonly id: string;
  readonly version: string;
  readonly affectedApps: readonly string[];
  readonly affectedPods: readonly string[];
  readonly steps: readonly DeploymentStepJson[];
  readonly currentActions: readonly CurrentActionJson[];
  /** 1-based; 0 before the first step has started. */
  readonly currentStep: number;
  readonly totalSteps: number;
}

/** A step as Marathon writes it: `{actions: [{action, app}]}` (no instance counts). */
export function stepJson(step: DeploymentStep): DeploymentStepJson {
  return { actions: step.actions.map(({ action, app }) => ({ action, app })) };
}

/**
 * The `GET /v2/deployments` entry of `plan` while it runs step `currentStep` (1-based, 0 = not started).
 * `readinessByApp` holds the latest readiness results of the new instances of each app.
 */
export function deploymentInfo(
  plan: DeploymentPlan<GroupSpec>,
  currentStep: number,
  readinessByApp: Readonly<Record<string, readonly ReadinessCheckResult[]>> = {},
): DeploymentInfoJson {
  const current = stepAt(plan, currentStep);
  return {
    id: plan.id,
    version: plan.version,
    affectedApps: [...plan.affectedApps],
    affectedPods: [],
    steps: plan.steps.map(stepJson),
    currentActions: current.actions.map(({ action, app }) => ({
      action,
      app,
      readinessCheckResults: [...(readinessByApp[app] ?? [])],
    })),
    currentStep,
    totalSteps: plan.steps.length,
  };
}

function stepAt(plan: DeploymentPlan<GroupSpec>, currentStep: number): DeploymentStepJson {
  if (!Number.isInteger(currentStep) || currentStep < 0 || currentStep > plan.steps.length) {
    throw new RangeError(`step ${currentStep} is not in 0..${plan.steps.length} of deployment ${plan.id}`);
  }
  return currentStep === 0 ? { actions: [] } : stepJson(plan.steps[currentStep - 1]!);
}

/** The `plan` of deployment events: `{id, original, target, steps, version}`; groups as `renderGroup` writes them. */
export interface PlanJson<R = unknown> {
  readonly id: string;
  readonly original: R;
  readonly target: R;
  readonly steps: readonly DeploymentStepJson[];
  readonly version: string;
}

export function planJson<G extends GroupSpec, R = G>(plan: DeploymentPlan<G>, renderGroup?: (group: G) => R): PlanJson<R> {
  const render = renderGroup ?? ((group: G) => group as unknown as R);
  return {
    id: plan.id,
    original: render(plan.original),
    target: render(plan.target),
    steps: plan.steps.map(stepJson),
    version: plan.version,
  };
}

export type DeploymentStepEventType = 'deployment_info' | 'deployment_step_success' | 'deployment_step_failure';

export interface DeploymentStepEvent<R = unknown> {
  readonly eventType: DeploymentStepEventType;
  readonly timestamp: string;
  readonly plan: PlanJson<R>;
  readonly currentStep: DeploymentStepJson;
}

/** `deployment_info` (a step starts), `deployment_step_success` / `deployment_step_failure` (it ended). */
export function deploymentStepEvent<G extends GroupSpec, R = G>(
  eventType: DeploymentStepEventType,
  plan: DeploymentPlan<G>,
  currentStep: number,
  timestamp: string,
  renderGroup?: (group: G) => R,
): DeploymentStepEvent<R> {
  return { eventType, timestamp, plan: planJson(plan, renderGroup), currentStep: stepAt(plan, currentStep) };
}

export interface DeploymentOutcomeEvent<R = unknown> {
  readonly eventType: 'deployment_success' | 'deployment_failed';
  readonly timestamp: string;
  readonly id: string;
  readonly plan: PlanJson<R>;
  readonly reason?: string;
}

/** `deployment_success` / `deployment_failed` (with an optional reason) for the whole plan. */
export function deploymentOutcomeEvent<G extends GroupSpec, R = G>(
  eventType: 'deployment_success' | 'deployment_failed',
  plan: DeploymentPlan<G>,
  timestamp: string,
  options: { readonly reason?: string; readonly renderGroup?: (group: G) => R } = {},
): DeploymentOutcomeEvent<R> {
  const reason = options.reason === undefined ? {} : { reason: options.reason };
  return { eventType, timestamp, id: plan.id, plan: planJson(plan, options.renderGroup), ...reason };
}
