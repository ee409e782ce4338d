import type { AppDefinition } from './types';

/**
 * The JSON Marathon returns for an app definition (GET /v2/apps/{id} before the service adds tasksRunning,
 * deployments, ...): every normalized field, canonical spellings only (no `ports`, `uris`, `ipAddress`), keys in
 * the order of Marathon's example app.json, fields without a value omitted.
 */

const KEY_ORDER: readonly (keyof AppDefinition)[] = [
  'id',
  'instances',
  'cmd',
  'cpus',
  'disk',
  'mem',
  'gpus',
  'acceptedResourceRoles',
  'args',
  'backoffFactor',
  'backoffSeconds',
  'constraints',
  'container',
  'dependencies',
  'env',
  'executor',
  'healthChecks',
  'check',
  'readinessChecks',
  'labels',
  'maxLaunchDelaySeconds',
  'networks',
  'portDefinitions',
  'requirePorts',
  'upgradeStrategy',
  'fetch',
  'user',
  'secrets',
  'taskKillGracePeriodSeconds',
  'tty',
  'killSelection',
  'unreachableStrategy',
  'residency',
  'role',
  'resourceLimits',
  'executorResources',
  'version',
  'versionInfo',
];

export type AppJson = Record<string, unknown>;

export function appToJson(app: AppDefinition): AppJson {
  const out: AppJson = {};
  for (const key of KEY_ORDER) {
    const value = app[key];
    if (value !== undefined) out[key] = structuredClone(value);
  }
  return out;
}
