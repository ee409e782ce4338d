import {
  CommandInfo,
  ContainerInfo,
  HealthCheck,
  Label,
  TaskInfo,
  TaskStatus,
  TaskState,
  TaskStatusReason,
  TaskStatusSource,
} from '@strato/domain';
import * as pb from '@strato/proto';
import { resourcesFromProto, resourcesToProto } from './resources-wire';

export const labelsToProto = (labels: readonly Label[]): pb.Labels | undefined =>
  labels.length ? { labels: labels.map((l) => ({ key: l.key, value: l.value })) } : undefined;
export const labelsFromProto = (labels: pb.Labels | undefined): Label[] =>
  (labels?.labels ?? []).map((l) => ({ key: l.key, value: l.value }));

export function commandToProto(c: CommandInfo): pb.CommandInfo {
  return {
    value: c.value,
    shell: c.shell,
    arguments: [...c.arguments],
    environment: { variables: Object.entries(c.environment).map(([name, value]) => ({ name, value })) },
    uris: c.uris.map((u) => ({ value: u.value, executable: u.executable, extract: u.extract, cache: u.cache, outputFile: u.outputFile ?? '' })),
    user: c.user ?? '',
  };
}

export function commandFromProto(c: pb.CommandInfo): CommandInfo {
  return {
    value: c.value,
    shell: c.shell ?? true,
    arguments: c.arguments,
    environment: Object.fromEntries((c.environment?.variables ?? []).map((v) => [v.name, v.value])),
    uris: c.uris.map((u) => ({
      value: u.value,
      executable: u.executable,
      extract: u.extract ?? true,
      cache: u.cache,
      outputFile: u.outputFile || undefined,
    })),
    user: c.user || undefined,
  };
}

function healthCheckToProto(h: HealthCheck): pb.HealthCheck {
  return {
    type: pb.HealthCheck_Type[h.type],
    delaySeconds: h.delaySeconds,
    intervalSeconds: h.intervalSeconds,
    timeoutSeconds: h.timeoutSeconds,
    consecutiveFailures: h.consecutiveFailures,
    gracePeriodSeconds: h.gracePeriodSeconds,
    command: h.command ? commandToProto(h.command) : undefined,
    http: h.http ? { ...h.http, statuses: [...h.http.statuses] } : undefined,
    tcp: h.tcp,
  };
}

/** Fills Mesos' health-check defaults (delay 15, interval 10, timeout 20, failures 3, grace 10). */
function healthCheckFromProto(h: pb.HealthCheck): HealthCheck | undefined {
  if (h.type === pb.HealthCheck_Type.UNKNOWN || h.type === pb.HealthCheck_Type.UNRECOGNIZED) return undefined;
  return {
    type: h.type as HealthCheck['type'],
    delaySeconds: h.delaySeconds ?? 15,
    intervalSeconds: h.intervalSeconds ?? 10,
    timeoutSeconds: h.timeoutSeconds ?? 20,
    consecutiveFailures: h.consecutiveFailures ?? 3,
    gracePeriodSeconds: h.gracePeriodSeconds ?? 10,
    command: h.command ? commandFromProto(h.command) : undefined,
    http: h.http,
    tcp: h.tcp,
  };
}

function containerToProto(c: ContainerInfo): pb.ContainerInfo {
  return {
    type: pb.ContainerInfo_Type[c.type],
    docker: c.docker ? { ...c.docker, portMappings: [...c.docker.portMappings], parameters: [...c.docker.parameters] } : undefined,
    volumes: [...c.volumes],
    hostname: c.hostname ?? '',
  };
}

function containerFromProto(c: pb.ContainerInfo): ContainerInfo {
  return { type: c.type === pb.ContainerInfo_Type.DOCKER ? 'DOCKER' : 'MESOS', docker: c.docker, volumes: c.volumes, hostname: c.hostname || undefined };
}

export function taskInfoToProto(t: TaskInfo): pb.TaskInfo {
  return {
    taskId: t.taskId,
    name: t.name,
    agentId: t.agentId,
    resources: resourcesToProto(t.resources),
    command: t.command ? commandToProto(t.command) : undefined,
    container: t.container ? containerToProto(t.container) : undefined,
    healthCheck: t.healthCheck ? healthCheckToProto(t.healthCheck) : undefined,
    killPolicy: t.killGracePeriodMs !== undefined ? { gracePeriodSeconds: t.killGracePeriodMs / 1000 } : undefined,
    data: t.data ?? Buffer.alloc(0),
    labels: labelsToProto(t.labels),
    maxCompletionTimeSeconds: t.maxCompletionTimeMs !== undefined ? t.maxCompletionTimeMs / 1000 : undefined,
  };
}

export function taskInfoFromProto(t: pb.TaskInfo): TaskInfo {
  const grace = t.killPolicy?.gracePeriodSeconds;
  return {
    taskId: t.taskId,
    name: t.name,
    agentId: t.agentId,
    resources: resourcesFromProto(t.resources),
    command: t.command ? commandFromProto(t.command) : undefined,
    container: t.container ? containerFromProto(t.container) : undefined,
    healthCheck: t.healthCheck ? healthCheckFromProto(t.healthCheck) : undefined,
    killGracePeriodMs: grace !== undefined ? grace * 1000 : undefined,
    labels: labelsFromProto(t.labels),
    data: t.data.length ? t.data : undefined,
    maxCompletionTimeMs: t.maxCompletionTimeSeconds !== undefined ? t.maxCompletionTimeSeconds * 1000 : undefined,
  };
}

export function taskStatusToProto(s: TaskStatus): pb.TaskStatus {
  return {
    taskId: s.taskId,
    state: pb.TaskState[s.state],
    message: s.message,
    source: pb.TaskStatus_Source[s.source],
    reason: pb.TaskStatus_Reason[s.reason],
    data: s.data ?? Buffer.alloc(0),
    agentId: s.agentId,
    executorId: '',
    timestamp: s.timestamp,
    uuid: s.uuid ?? '',
    healthy: s.healthy,
    labels: labelsToProto(s.labels),
    unreachableTime: s.unreachableTime,
    exitCode: s.exitCode,
  };
}

export function taskStatusFromProto(s: pb.TaskStatus): TaskStatus {
  return {
    taskId: s.taskId,
    state: s.state as TaskState,
    message: s.message,
    source: s.source as TaskStatusSource,
    reason: s.reason as TaskStatusReason,
    agentId: s.agentId,
    timestamp: s.timestamp,
    uuid: s.uuid || undefined,
    healthy: s.healthy,
    exitCode: s.exitCode,
    unreachableTime: s.unreachableTime,
    labels: labelsFromProto(s.labels),
    data: s.data.length ? s.data : undefined,
  };
}
