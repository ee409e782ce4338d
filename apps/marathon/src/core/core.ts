import type { AppDefinition, GroupDefinition } from '@strato/app-definition';
import type { DeploymentInfoJson, DeploymentStepJson, ReadinessCheckResult } from '@strato/deployment-planner';

/**
 * The contract between the REST routes (`http/`) and the scheduler core (`core/`). Routes validate
 * input with `@strato/app-definition` and call these; the core plans, persists (before resolving),
 * deploys and launches. Failures are `StratoError`s: NOT_FOUND (404), ALREADY_EXISTS (409),
 * CONFLICT (409, `details: { deployments: [{ id }] }` when an app is locked by a deployment),
 * PERMISSION_DENIED (403, too many deployments), INVALID_ARGUMENT (422, e.g. a dependency cycle).
 */
export interface DeploymentResult {
  readonly deploymentId: string;
  readonly version: string;
}

export interface WriteOptions {
  /** Cancel conflicting deployments instead of answering 409. */
  readonly force: boolean;
  /** Who asked (the HTTP client address) and what (`/v2/apps/x?force=true`), for `api_post_event`. */
  readonly clientIp?: string;
  readonly uri?: string;
}

export interface GroupWriteOptions extends WriteOptions {
  /** Plan only: nothing is persisted or deployed; the answer carries the steps. */
  readonly dryRun?: boolean;
  /** POST /v2/groups: ALREADY_EXISTS when the group exists (explicitly or as the parent of apps). */
  readonly create?: boolean;
}

/** A group write: the deployment (none when `dryRun`) and the planned steps. */
export interface GroupWriteResult extends DeploymentResult {
  readonly steps: readonly DeploymentStepJson[];
}

/** Marathon's task JSON (`marathon-api/examples/tasks.json`). */
export interface TaskJson {
  readonly id: string;
  readonly appId: string;
  readonly host: string;
  readonly ports: readonly number[];
  readonly servicePorts: readonly number[];
  readonly slaveId: string;
  readonly state: string;
  readonly stagedAt?: string;
  readonly startedAt?: string;
  readonly version: string;
  readonly ipAddresses: readonly { ipAddress: string; protocol: 'IPv4' | 'IPv6' }[];
  readonly healthCheckResults: readonly unknown[];
  readonly [extra: string]: unknown;
}

/** The status fields Marathon adds to an app's JSON. */
export interface AppStatus {
  readonly tasksStaged: number;
  readonly tasksRunning: number;
  readonly tasksHealthy: number;
  readonly tasksUnhealthy: number;
  readonly deployments: readonly { id: string }[];
  readonly tasks: readonly TaskJson[];
  readonly lastTaskFailure?: Record<string, unknown>;
  /** Readiness results of the app's instances checked by a running deployment (`embed=app(s).readiness`). */
  readonly readinessCheckResults: readonly ReadinessCheckResult[];
}

/** One entry of `GET /v2/queue` (`marathon-api/examples/queue.json`). */
export type QueueItemJson = Record<string, unknown>;

export interface KillTasksRequest {
  readonly taskIds?: readonly string[];
  /** Kill every task of the app on this agent hostname. */
  readonly host?: string;
  /** Also lower `instances` by the number killed (a deployment). */
  readonly scale: boolean;
  readonly force: boolean;
}

export interface MarathonCore {
  apps(): readonly AppDefinition[];
  app(id: string): AppDefinition | undefined;
  appStatus(id: string): AppStatus;
  /** `appStatus` of each id, in order; lookups shared by every app (deployments by app) are done once. */
  appStatuses(ids: readonly string[]): AppStatus[];
  versions(id: string): readonly string[] | undefined;
  appVersion(id: string, version: string): AppDefinition | undefined;

  /** POST /v2/apps: a new app (ALREADY_EXISTS if it exists). */
  createApp(app: AppDefinition, options: WriteOptions): Promise<DeploymentResult>;
  /** PUT/PATCH /v2/apps/{id} and PUT/PATCH /v2/apps: create or replace with an already-merged definition. */
  putApp(app: AppDefinition, options: WriteOptions): Promise<DeploymentResult & { readonly created: boolean }>;
  deleteApp(id: string, options: WriteOptions): Promise<DeploymentResult>;
  restartApp(id: string, options: WriteOptions): Promise<DeploymentResult>;

  /** The whole tree (`/`), apps and groups sorted by id. */
  rootGroup(): GroupDefinition;
  /** A group of the tree (explicit or implied by app ids); undefined when absent. */
  group(id: string): GroupDefinition | undefined;
  /**
   * POST/PUT /v2/groups[/{id}]: the subtree at `target.id` becomes `target` (apps added, changed and removed,
   * group records replaced) in one deployment. Apps whose definition is unchanged keep their version.
   */
  putGroup(target: GroupDefinition, options: GroupWriteOptions): Promise<GroupWriteResult>;
  /** DELETE /v2/groups[/{id}]: stop every app of the subtree and drop its group records (NOT_FOUND if absent). */
  deleteGroup(id: string, options: WriteOptions): Promise<DeploymentResult>;
  /** GET /v2/groups[/{id}]/versions: stored root versions in which the group existed, newest first; undefined if unknown. */
  groupVersions(id: string): readonly string[] | undefined;
  /** GET /v2/groups/{id}/versions/{version}: the group as it was at that root version. */
  groupVersion(id: string, version: string): GroupDefinition | undefined;
  /** PUT /v2/groups[/{id}] with only `version`: the subtree becomes what it was then (NOT_FOUND if not stored). */
  rollbackGroup(id: string, version: string, options: GroupWriteOptions): Promise<GroupWriteResult>;
  /** PATCH /v2/groups/{id}: sets `enforceRole` of a top-level group, persisted, no deployment. Answers the group. */
  patchGroup(id: string, enforceRole: boolean, options: WriteOptions): Promise<GroupDefinition>;

  tasks(appId?: string): readonly TaskJson[];
  /** DELETE /v2/apps/{id}/tasks[/{taskId}] and POST /v2/tasks/delete (task ids may span apps there). */
  killTasks(appId: string | undefined, request: KillTasksRequest): Promise<{ readonly tasks: readonly TaskJson[] } | DeploymentResult>;

  deployments(): readonly DeploymentInfoJson[];
  /** DELETE /v2/deployments/{id}: `force` stops it (undefined result, 202); otherwise a rollback deployment. */
  cancelDeployment(id: string, options: WriteOptions): Promise<DeploymentResult | undefined>;

  queue(): readonly QueueItemJson[];
  /** DELETE /v2/queue/{appId}/delay: false when the app is not in the queue. */
  resetDelay(appId: string): boolean;
}
