import type { AppDefinition } from '@strato/app-definition';
import type { ReadinessCheckResult } from '@strato/deployment-planner';
import type { Instance } from '../state';
import type { AppStatus, TaskJson } from './core';
import { isHealthy } from './instances';

/** Marathon's task JSON (`marathon-api/examples/tasks.json`) of one instance. */
export function taskJson(instance: Instance, app: AppDefinition | undefined, healthResults: readonly unknown[] = []): TaskJson {
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
    healthCheckResults: healthResults,
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
  const running = instances.filter((i) => i.state === 'TASK_RUNNING');
  return {
    tasksStaged: instances.filter((i) => i.state === 'TASK_STAGING' || i.state === 'TASK_STARTING').length,
    tasksRunning: running.length,
    tasksHealthy: checked ? running.filter((i) => isHealthy(i, app)).length : 0,
    tasksUnhealthy: checked ? running.filter((i) => i.healthy === false).length : 0,
    deployments: deploymentIds.map((id) => ({ id })),
    tasks: instances.map((i) => taskJson(i, app, healthResults(i.instanceId))),
    ...(lastTaskFailure ? { lastTaskFailure } : {}),
    readinessCheckResults,
  };
}
