import { isTerminal, TaskStatus } from '@strato/domain';
import { Attribute, attributesToJSON, Resources } from '@strato/resources';
import type { CompletedTask } from './completed-tasks';
import { latestState, TaskRecord } from './task-record';

/** Mesos /state JSON of one status. */
export function statusJSON(s: TaskStatus): Record<string, unknown> {
  return {
    state: s.state,
    timestamp: s.timestamp,
    source: s.source,
    reason: s.reason,
    ...(s.message ? { message: s.message } : {}),
    ...(s.exitCode !== undefined ? { exit_code: s.exitCode } : {}),
    ...(s.uuid ? { uuid: s.uuid } : {}),
  };
}

/** Mesos /state JSON of one task (with `sandbox`, a Strato convenience). */
export function taskJSON(r: TaskRecord): Record<string, unknown> {
  return {
    id: r.task.taskId,
    name: r.task.name,
    framework_id: r.frameworkId,
    executor_id: r.task.taskId,
    slave_id: r.agentId,
    state: latestState(r),
    resources: r.task.resources.toJSON(),
    statuses: r.statuses.map(statusJSON),
    labels: r.task.labels.map((l) => ({ key: l.key, value: l.value })),
    container_id: r.containerId,
    sandbox: r.sandbox ?? null,
  };
}

export interface AgentStateInput {
  readonly agentId?: string;
  readonly hostname: string;
  readonly ip: string;
  readonly port: number;
  readonly version: string;
  readonly startTimeMs: number;
  readonly resources: Resources;
  readonly used: Resources;
  readonly attributes: readonly Attribute[];
  readonly masterHostname?: string;
  readonly records: readonly TaskRecord[];
  readonly completed: readonly CompletedTask[];
  readonly flags: Readonly<Record<string, unknown>>;
}

function reservedByRole(resources: Resources): Record<string, unknown> {
  const roles = [...new Set(resources.toList().map((r) => r.role))].filter((role) => role !== '*');
  return Object.fromEntries(roles.map((role) => [role, resources.reservedTo(role).toJSON()]));
}

interface FrameworkJSON {
  id: string;
  name: string;
  user: string;
  roles: string[];
  hostname: string;
  executors: Record<string, unknown>[];
  completed_executors: Record<string, unknown>[];
}

function frameworkEntry(map: Map<string, FrameworkJSON>, id: string, name: string, info?: TaskRecord['framework']): FrameworkJSON {
  let fw = map.get(id);
  if (!fw) {
    fw = { id, name, user: info?.user ?? '', roles: info?.roles ?? [], hostname: info?.hostname ?? '', executors: [], completed_executors: [] };
    map.set(id, fw);
  }
  return fw;
}

function executorJSON(id: string, directory: string | null, container: string, tasks: unknown[], completed: unknown[]) {
  return { id, name: `Command Executor (Task: ${id})`, source: id, container, directory, tasks, queued_tasks: [], completed_tasks: completed };
}

/** Mesos-like agent `/state`: live tasks under their framework's executors, finished ones as completed. */
export function agentStateJSON(s: AgentStateInput): Record<string, unknown> {
  const live = new Map<string, FrameworkJSON>();
  for (const r of s.records) {
    const fw = frameworkEntry(live, r.frameworkId, r.framework.name, r.framework);
    const json = taskJSON(r);
    const done = isTerminal(latestState(r));
    fw.executors.push(executorJSON(r.task.taskId, r.sandbox ?? null, r.containerId, done ? [] : [json], done ? [json] : []));
  }
  const finished = new Map<string, FrameworkJSON>();
  for (const c of s.completed) {
    const fw = live.get(c.frameworkId) ?? frameworkEntry(finished, c.frameworkId, c.frameworkName);
    fw.completed_executors.push(executorJSON(String(c.json.id), c.sandbox, String(c.json.container_id), [], [c.json]));
  }
  return {
    id: s.agentId ?? '',
    pid: `slave(1)@${s.ip}:${s.port}`,
    hostname: s.hostname,
    version: s.version,
    start_time: s.startTimeMs / 1000,
    master_hostname: s.masterHostname ?? '',
    resources: s.resources.toJSON(),
    used_resources: s.used.toJSON(),
    unreserved_resources: s.resources.unreserved().toJSON(),
    reserved_resources: reservedByRole(s.resources),
    attributes: attributesToJSON(s.attributes),
    flags: s.flags,
    frameworks: [...live.values()],
    completed_frameworks: [...finished.values()],
    tasks: s.records.map(taskJSON),
  };
}

/** A minimal Mesos `/monitor/statistics`: limits of each running task (usage needs cgroups, later). */
export function statisticsJSON(records: readonly TaskRecord[], nowMs: number): Record<string, unknown>[] {
  return records
    .filter((r) => latestState(r) === 'TASK_RUNNING')
    .map((r) => ({
      executor_id: r.task.taskId,
      executor_name: r.task.name,
      framework_id: r.frameworkId,
      source: r.task.taskId,
      statistics: {
        timestamp: nowMs / 1000,
        cpus_limit: r.task.resources.cpus(),
        mem_limit_bytes: r.task.resources.mem() * 1024 * 1024,
      },
    }));
}
