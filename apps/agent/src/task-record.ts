import { TaskInfo, TaskState, TaskStatus } from '@strato/domain';
import * as pb from '@strato/proto';
import { Resources } from '@strato/resources';
import { taskInfoFromProto } from '@strato/wire';
import { TaskCheckpoint } from './checkpoint';
import { ContainerRecoveryInfo } from './containerizer';
import { KillIntent } from './task-status';
import { portsInResourceOrder } from './task-env';

/** launching: sandbox and process being set up; running: the container runs; terminated: it ended (updates may still be pending). */
export type TaskPhase = 'launching' | 'running' | 'terminated';

/** The agent's record of one task, from RunTask until its terminal update is acknowledged. */
export interface TaskRecord {
  readonly agentId: string;
  readonly frameworkId: string;
  readonly framework: pb.FrameworkInfo;
  readonly taskProto: pb.TaskInfo;
  readonly task: TaskInfo;
  /** Set when the TaskInfo could not be understood (the task then ends in TASK_ERROR). */
  readonly invalid?: string;
  readonly ports: readonly number[];
  readonly containerId: string;
  sandbox?: string;
  container?: ContainerRecoveryInfo;
  statuses: TaskStatus[];
  acknowledged: number;
  phase: TaskPhase;
  /** Set once the agent decided to kill the task. */
  kill?: KillIntent;
  /** Grace period asked for while the task was still launching. */
  pendingGraceMs?: number;
  /** Aborts the fetch of the task's URIs when it is killed while launching. */
  fetchAbort?: AbortController;
  completionTimer?: { readonly id: unknown };
  /** Runs the task's health check while it is RUNNING. */
  health?: { stop(): void };
  readonly ended: Promise<void>;
  markEnded(): void;
}

export const recordKey = (frameworkId: string, taskId: string) => `${frameworkId}\u0000${taskId}`;

export function latestState(record: Pick<TaskRecord, 'statuses'>): TaskState {
  return record.statuses[record.statuses.length - 1]?.state ?? 'TASK_STAGING';
}

/** Converts the wire task; a task whose resources do not parse is kept (without them) to be failed. */
function domainTask(proto: pb.TaskInfo): { task: TaskInfo; invalid?: string } {
  try {
    return { task: taskInfoFromProto(proto) };
  } catch (e) {
    return { task: { ...taskInfoFromProto({ ...proto, resources: [] }), resources: Resources.EMPTY }, invalid: (e as Error).message };
  }
}

export function newRecord(
  agentId: string,
  framework: pb.FrameworkInfo,
  taskProto: pb.TaskInfo,
  containerId: string,
): TaskRecord {
  const { task, invalid } = domainTask(taskProto);
  let markEnded!: () => void;
  const ended = new Promise<void>((resolve) => (markEnded = resolve));
  return {
    agentId,
    frameworkId: framework.id,
    framework,
    taskProto,
    task,
    invalid,
    ports: portsInResourceOrder(taskProto.resources),
    containerId,
    statuses: [],
    acknowledged: 0,
    phase: 'launching',
    ended,
    markEnded,
  };
}

export function toCheckpoint(r: TaskRecord): TaskCheckpoint {
  return {
    agentId: r.agentId,
    frameworkId: r.frameworkId,
    framework: r.framework,
    task: r.taskProto,
    containerId: r.containerId,
    sandbox: r.sandbox,
    container: r.container,
    statuses: r.statuses,
    acknowledged: r.acknowledged,
  };
}

export function fromCheckpoint(cp: TaskCheckpoint): TaskRecord {
  const record = newRecord(cp.agentId, { ...cp.framework, id: cp.frameworkId }, cp.task, cp.containerId);
  record.sandbox = cp.sandbox;
  record.container = cp.container;
  record.statuses = [...cp.statuses];
  record.acknowledged = Math.min(cp.acknowledged, cp.statuses.length);
  record.phase = 'terminated';
  record.markEnded();
  return record;
}

/** Updates generated but not acknowledged yet, oldest first. */
export const pendingStatuses = (r: TaskRecord) => r.statuses.slice(r.acknowledged);
