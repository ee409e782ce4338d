import type { AppDefinition } from '@strato/app-definition';
import type { CommandInfo, CommandUri, Label, Offer, TaskInfo } from '@strato/domain';
import { parseConstraints, type ContainerRuntime, type Placement, type PlacementRequest } from '@strato/placement';
import { mesosHealthCheck } from './mesos-health-check';

/** What one instance of `app` needs from an offer. */
export function placementRequest(app: AppDefinition, defaultRole: string): PlacementRequest {
  const portCount = app.portDefinitions.length;
  const fixed = app.requirePorts ? app.portDefinitions.map((p) => p.port) : undefined;
  return {
    cpus: app.cpus,
    mem: app.mem,
    disk: app.disk,
    gpus: app.gpus,
    ports: portCount,
    fixedPorts: fixed,
    acceptedResourceRoles: app.acceptedResourceRoles,
    role: app.role ?? defaultRole,
    constraints: parseConstraints(app.constraints),
    container: containerRuntime(app),
  };
}

/** What the app runs in: DOCKER → `docker`, a MESOS container with an image → `image`, otherwise a `process`. */
export function containerRuntime(app: AppDefinition): ContainerRuntime {
  const container = app.container;
  if (container?.type === 'DOCKER') return 'docker';
  if (container?.docker?.image || container?.appc?.image) return 'image';
  return 'process';
}

/** The task of one new instance: command, environment, labels and kill grace from the app. */
export function buildTask(app: AppDefinition, taskId: string, offer: Offer, placement: Placement): TaskInfo {
  const grace = app.taskKillGracePeriodSeconds;
  return {
    taskId,
    name: app.id.slice(1).split('/').reverse().join('.'),
    agentId: offer.agentId,
    resources: placement.resources,
    command: command(app, taskId, offer, placement.hostPorts),
    killGracePeriodMs: grace === undefined ? undefined : grace * 1000,
    healthCheck: mesosHealthCheck(app, placement.hostPorts),
    labels: Object.entries(app.labels).map(([key, value]): Label => ({ key, value })),
  };
}

function command(app: AppDefinition, taskId: string, offer: Offer, hostPorts: readonly number[]): CommandInfo {
  const environment = taskEnv(app, taskId, offer, hostPorts);
  const uris = app.fetch.map((f): CommandUri => ({ value: f.uri, executable: f.executable, extract: f.extract, cache: f.cache, outputFile: f.destPath }));
  if (app.cmd !== undefined || !app.args) {
    return { value: app.cmd ?? '', shell: true, arguments: [], environment, uris, user: app.user };
  }
  return { value: app.args[0] ?? '', shell: false, arguments: app.args, environment, uris, user: app.user };
}

/** Marathon's task environment (docs/task-environment-vars.md); the app's own `env` wins. */
export function taskEnv(app: AppDefinition, taskId: string, offer: Offer, hostPorts: readonly number[]): Record<string, string> {
  const env: Record<string, string> = {
    MARATHON_APP_ID: app.id,
    MARATHON_APP_VERSION: app.version,
    MARATHON_APP_RESOURCE_CPUS: String(app.cpus),
    MARATHON_APP_RESOURCE_MEM: String(app.mem),
    MARATHON_APP_RESOURCE_DISK: String(app.disk),
    MARATHON_APP_RESOURCE_GPUS: String(app.gpus),
    MARATHON_APP_LABELS: Object.keys(app.labels).join(' '),
    MESOS_TASK_ID: taskId,
    HOST: offer.hostname,
  };
  for (const [key, value] of Object.entries(app.labels)) env[`MARATHON_APP_LABEL_${sanitize(key)}`] = value;
  if (app.container?.docker) env.MARATHON_APP_DOCKER_IMAGE = app.container.docker.image;
  hostPorts.forEach((port, i) => {
    env[`PORT${i}`] = String(port);
    const name = app.portDefinitions[i]?.name;
    if (name) env[`PORT_${sanitize(name)}`] = String(port);
  });
  if (hostPorts.length > 0) {
    env.PORT = String(hostPorts[0]);
    env.PORTS = hostPorts.join(',');
  }
  for (const [key, value] of Object.entries(app.env)) if (typeof value === 'string') env[key] = value;
  return env;
}

function sanitize(name: string): string {
  return name.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
}
