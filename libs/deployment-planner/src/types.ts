/**
 * The planner's own minimal view of Marathon's state: just what deployment decisions need.
 * Richer objects (the service's full app definitions) pass through structurally and come back
 * untouched in `DeploymentPlan.original` / `target`.
 */

export type KillSelection = 'YOUNGEST_FIRST' | 'OLDEST_FIRST';

export interface UpgradeStrategy {
  /** Fraction of `instances` that must stay healthy during a restart, in [0, 1]. */
  readonly minimumHealthCapacity: number;
  /** Fraction of `instances` that may run on top of `instances` during a restart, in [0, 1]. */
  readonly maximumOverCapacity: number;
}

export interface AppSpec {
  /** Absolute path, e.g. `/prod/web`. */
  readonly id: string;
  readonly instances: number;
  /** The app version (changes on every edit, scaling included). Not used for decisions. */
  readonly version: string;
  /** Changes on non-scaling edits and restarts (Marathon `versionInfo.lastConfigChangeAt`). */
  readonly configVersion: string;
  /** Absolute ids of apps or groups this app must come after. */
  readonly dependencies: readonly string[];
  readonly upgradeStrategy: UpgradeStrategy;
  readonly killSelection: KillSelection;
}

export interface GroupSpec {
  /** Absolute path; the root group is `/`. */
  readonly id: string;
  readonly apps: readonly AppSpec[];
  readonly groups: readonly GroupSpec[];
  /** Absolute ids of apps or groups every app in this group (transitively) must come after. */
  readonly dependencies: readonly string[];
}

export type DeploymentActionName = 'StartApplication' | 'StopApplication' | 'ScaleApplication' | 'RestartApplication';

/** Create the app with no instances; a later ScaleApplication brings it to size. */
export interface StartApplication {
  readonly action: 'StartApplication';
  readonly app: string;
  readonly scaleTo: 0;
}

/** Stop every instance and forget the app. */
export interface StopApplication {
  readonly action: 'StopApplication';
  readonly app: string;
}

/** Launch or kill instances until `scaleTo` run; `killInstances` are killed first (kill-and-scale). */
export interface ScaleApplication {
  readonly action: 'ScaleApplication';
  readonly app: string;
  readonly scaleTo: number;
  readonly killInstances?: readonly string[];
}

/** Replace every instance with the new config by the rolling-restart rules (`restartDecision`). */
export interface RestartApplication {
  readonly action: 'RestartApplication';
  readonly app: string;
}

export type DeploymentAction = StartApplication | StopApplication | ScaleApplication | RestartApplication;

/** Actions of one step run in parallel; steps run one after the other. */
export interface DeploymentStep {
  readonly actions: readonly DeploymentAction[];
}

export interface DeploymentPlan<G extends GroupSpec = GroupSpec> {
  readonly id: string;
  /** ISO-8601 timestamp of the target root group. */
  readonly version: string;
  readonly original: G;
  readonly target: G;
  /** Ids of every app named by an action, sorted. */
  readonly affectedApps: readonly string[];
  readonly steps: readonly DeploymentStep[];
}

export interface PlanOptions {
  readonly id: string;
  readonly version: string;
  /** Instances to kill first when an app is scaled (`DELETE .../tasks?scale=true`), by app id. */
  readonly toKill?: Readonly<Record<string, readonly string[]>>;
}

/** A dependency cycle in the target; the API answers 422. */
export interface CycleError {
  readonly ok: false;
  readonly error: 'cycle';
  /** Every app on some cycle, sorted. */
  readonly apps: readonly string[];
  /** Each cycle (strongly connected component) as sorted app ids. */
  readonly cycles: readonly (readonly string[])[];
  readonly message: string;
}

export type PlanResult<G extends GroupSpec = GroupSpec> = { readonly ok: true; readonly plan: DeploymentPlan<G> } | CycleError;
