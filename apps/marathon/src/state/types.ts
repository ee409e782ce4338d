import type { DeploymentPlan } from '@strato/deployment-planner';
import type { TaskState } from '@strato/domain';

/** What the orchestrators want an instance to become; the tracker converges reality towards it. */
export type InstanceGoal = 'Running' | 'Stopped' | 'Decommissioned';

/** One scheduled unit of an app (one task), as persisted under `instances/<instanceId>`. Plain JSON. */
/** One change of `MarathonRepository.writeInstances`. */
export type InstanceChange = { readonly put: Instance } | { readonly delete: string };

export interface Instance {
  /** `prod_web.instance-<uuid>`: must be a valid store key segment (`[A-Za-z0-9._:-]+`). */
  instanceId: string;
  /** Absolute app id, e.g. `/prod/web`. */
  appId: string;
  taskId: string;
  agentId?: string;
  hostname?: string;
  hostPorts: number[];
  state: TaskState;
  goal: InstanceGoal;
  /** The app `version` this instance was launched with. */
  appVersion: string;
  /** The app `versionInfo.lastConfigChangeAt` this instance was launched with. */
  configVersion: string;
  stagedAt?: string;
  startedAt?: string;
  unreachableSince?: string;
  healthy?: boolean;
  lastStatusMessage?: string;
}

/**
 * A group created explicitly through /v2/groups: only its own fields, never its apps or subgroups
 * (those are derived from the app ids and the other records, see `buildRootGroup`).
 */
export interface GroupRecord {
  /** Absolute group id; `/` is the root group (its dependencies and version). */
  id: string;
  dependencies: string[];
  /** Only meaningful on top-level groups (children of `/`). */
  enforceRole?: boolean;
  version: string;
}

/** A reference to an app version stored under `apps/<prefix>/versions/<version>`. */
export interface AppVersionRef {
  id: string;
  version: string;
}

/**
 * The whole root group as one write left it (`root-versions/<version>`): a reference to every app's version (the
 * definitions stay in the app version store, kept while referenced) and every explicit group record.
 * `GET /v2/groups[/{id}]/versions[/{v}]` and group rollbacks read these.
 */
export interface RootVersion {
  version: string;
  apps: AppVersionRef[];
  groups: GroupRecord[];
}

/** A running deployment, persisted so a restarted (or newly elected) Marathon resumes it. */
export interface DeploymentRecord {
  plan: DeploymentPlan;
  /** Index of the step being executed (0-based). */
  currentStep: number;
  /** Free-form status of the executor (`running`, `cancelling`, ...). */
  status: string;
}

export interface RepositoryOptions {
  /** Versions kept per app, the current one included, and root-group versions kept (flag `zk_max_versions`, default 50). */
  maxVersions?: number;
  /**
   * Called when removing old app versions (pruning, or after `deleteApp`) fails once the write itself was
   * durable. The write still succeeds; surplus versions are pruned again at the next write of that app or
   * at the next load.
   */
  onCleanupError?: (error: unknown, key: string) => void;
}

export const DEFAULT_MAX_VERSIONS = 50;
