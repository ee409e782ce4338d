import type { AppDefinition } from '@strato/app-definition';
import type { ReadinessCheckResult } from '@strato/deployment-planner';
import type { Instance } from '../state';
import type { AppStatus, TaskJson } from './core';
import { isHealthy } from './instances';

interface CachedTask {
  readonly app: AppDefinition | undefined;
  readonly healthResults: readonly unknown[];
  readonly json: TaskJson;
}

/**
 * Task JSON per stored instance, for listings that ask for every task on every request.
 *
 * Caching rule: the repository's instances and app definitions are frozen and replaced (never changed) on
 * every write, and health results stay the same objects until a check records a new result
 * (`HealthTracker.toJson`). So a cached value is reused only for the same frozen instance with the same (frozen)
 * app object and the same health result objects; anything else builds (and caches) a new one. Values are frozen,
 * their `healthCheckResults` array too.
 */
const taskJsons = new WeakMap<Instance, CachedTask>();

/** Marathon's task JSON (`marathon-api/examples/tasks.json`) of one instance (frozen; see `taskJsons`). */
export function taskJson(instance: Instance, app: AppDefinition | undefined, healthResults: readonly unknown[] = []): TaskJson {
  const cached = taskJsons.get(instance);
  if (cached && cached.app === app && sameItems(cached.healthResults, healthResults)) return cached.json;
  const json = Object.freeze(buildTaskJson(instance, app, healthResults));
  if (Object.isFrozen(instance) && (app === undefined || Object.isFrozen(app))) taskJsons.set(instance, { app, healthResults, json });
  return json;
}

function sameItems(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}

function buildTaskJson(instance: Instance, app: AppDefinition | undefined, healthResults: readonly unknown[]): TaskJson {
  return {
    id: instance.taskId,
    appId: instance.appId,
    host: instance.hostname ?? '',
    ports: instance.hostPorts,
    servicePorts: app?.portDefinitions.map((p) => p.port) ?? [],
    slaveId: instance.agentId ?? '',
    state: instance.state,
    stagedAt: instance.stagedAt,
    startedAt: instance.startedAt,
    version: instance.appVersion,
    ipAddresses: [],
    healthCheckResults: Object.freeze([...healthResults]),
    localVolumes: [],
    role: app?.role ?? '*',
  };
}

/** The status fields of an app's JSON. */
export function appStatus(
  app: AppDefinition | undefined,
  instances: readonly Instance[],
  deploymentIds: readonly string[],
  lastTaskFailure: Record<string, unknown> | undefined,
  healthResults: (instanceId: string) => readonly unknown[] = () => [],
  readinessCheckResults: readonly ReadinessCheckResult[] = [],
): AppStatus {
  const checked = (app?.healthChecks.length ?? 0) > 0;
  const counts = { tasksStaged: 0, tasksRunning: 0, tasksHealthy: 0, tasksUnhealthy: 0 };
  for (const i of instances) {
    if (i.state === 'TASK_STAGING' || i.state === 'TASK_STARTING') counts.tasksStaged += 1;
    if (i.state !== 'TASK_RUNNING') continue;
    counts.tasksRunning += 1;
    if (checked && isHealthy(i, app)) counts.tasksHealthy += 1;
    if (checked && i.healthy === false) counts.tasksUnhealthy += 1;
  }
  return {
    ...counts,
    deployments: deploymentIds.map((id) => ({ id })),
    tasks: instances.map((i) => taskJson(i, app, healthResults(i.instanceId))),
    ...(lastTaskFailure ? { lastTaskFailure } : {}),
    readinessCheckResults,
  };
}
