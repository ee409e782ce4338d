/**
 * The pure decisions of Marathon deployments: which steps turn one root group into another
 * (`plan`), what a rolling restart does next (`restartDecision`), which instances a scale kills
 * (`scaleDecision`), and the JSON `/v2/deployments` and the deployment events show.
 * No I/O, clock or randomness: ids and timestamps are passed in.
 */
export type {
  AppSpec,
  CycleError,
  DeploymentAction,
  DeploymentActionName,
  DeploymentPlan,
  DeploymentStep,
  GroupSpec,
  KillSelection,
  PlanOptions,
  PlanResult,
  RestartApplication,
  ScaleApplication,
  StartApplication,
  StopApplication,
  UpgradeStrategy,
} from './types';
export { plan, isEmpty, affectedApps, conflicts } from './plan';
export { prunePlan, revert, revertOnto, revertedRoot } from './revert';
export { dependencyGraph, dependencyLayers, findCycles, type DependencyGraph } from './dependency-graph';
export { findApp, parentId, transitiveApps, transitiveGroups, ROOT_ID } from './group-tree';
export { restartBounds, type RestartBounds } from './capacity';
export {
  restartDecision,
  type NewInstance,
  type OldInstance,
  type RestartDecision,
  type RestartState,
  type RestartStrategy,
} from './restart';
export { scaleDecision, type ScaleDecision, type ScaleInstance } from './scale';
export { killOrder, killRank, type InstanceCondition, type KillCandidate } from './kill-order';
export { readinessSatisfied, type ReadinessCheckResult } from './readiness';
export {
  deploymentInfo,
  deploymentOutcomeEvent,
  deploymentStepEvent,
  planJson,
  stepJson,
  type CurrentActionJson,
  type DeploymentActionJson,
  type DeploymentInfoJson,
  type DeploymentOutcomeEvent,
  type DeploymentStepEvent,
  type DeploymentStepEventType,
  type DeploymentStepJson,
  type PlanJson,
} from './deployment-info';
