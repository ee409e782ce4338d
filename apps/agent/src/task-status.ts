import { TaskState, TaskStatus, TaskStatusReason, TaskStatusSource } from '@strato/domain';
import { ContainerTermination } from './containerizer';

/** Why the agent is killing a task, i.e. what its terminal update will say. */
export interface KillIntent {
  readonly state: 'TASK_KILLED' | 'TASK_FAILED';
  readonly reason: TaskStatusReason;
  /** Put before the description of how the command ended. */
  readonly prefix?: string;
  /** Replaces the description of how the command ended. */
  readonly message?: string;
  /** Set on the terminal update (false for a kill by a failing health check). */
  readonly healthy?: boolean;
}

export const USER_KILL: KillIntent = { state: 'TASK_KILLED', reason: 'REASON_UNSPECIFIED' };
export const FRAMEWORK_REMOVED: KillIntent = { state: 'TASK_KILLED', reason: 'REASON_FRAMEWORK_REMOVED' };
export const AGENT_SHUTDOWN: KillIntent = { state: 'TASK_KILLED', reason: 'REASON_UNSPECIFIED', prefix: 'Agent shut down' };
/** Mesos' command executor after `consecutive_failures` failed health checks (it sets no reason). */
export function healthCheckKill(cause: string): KillIntent {
  return { state: 'TASK_KILLED', reason: 'REASON_UNSPECIFIED', message: `Task was killed since health check failed: ${cause}`, healthy: false };
}

export const MAX_COMPLETION_TIME: KillIntent = {
  state: 'TASK_FAILED',
  reason: 'REASON_MAX_COMPLETION_TIME_REACHED',
  prefix: 'Task reached its maximum completion time',
};

/** The fields of an update besides the ones every update has. */
export interface StatusChange {
  readonly state: TaskState;
  readonly source: TaskStatusSource;
  readonly reason?: TaskStatusReason;
  readonly message?: string;
  readonly exitCode?: number;
  readonly healthy?: boolean;
}

/** How the command ended, in the words of Mesos' command executor. */
export function describeTermination(t: ContainerTermination): string {
  return t.signal ? `Command terminated with signal ${t.signal}` : `Command exited with status ${t.exitCode ?? 'unknown'}`;
}

/**
 * The terminal update for a container that ended: killed by us → the kill's state (TASK_KILLED,
 * or TASK_FAILED for the completion deadline); exit 0 → TASK_FINISHED; otherwise TASK_FAILED.
 */
export function terminationChange(t: ContainerTermination, intent: KillIntent | undefined): StatusChange {
  const how = describeTermination(t);
  const exitCode = t.exitCode ?? undefined;
  if (t.killed && intent) {
    const message = intent.message ?? (intent.prefix ? `${intent.prefix}: ${how}` : how);
    return { state: intent.state, source: 'SOURCE_EXECUTOR', reason: intent.reason, message, exitCode, healthy: intent.healthy };
  }
  if (t.exitCode === 0) return { state: 'TASK_FINISHED', source: 'SOURCE_EXECUTOR', message: how, exitCode };
  return { state: 'TASK_FAILED', source: 'SOURCE_EXECUTOR', message: how, exitCode };
}

/** A complete status: `uuid` present for reliable updates, absent for fire-and-forget ones. */
export function makeStatus(
  taskId: string,
  agentId: string,
  change: StatusChange,
  nowMs: number,
  uuid: string | undefined,
): TaskStatus {
  return {
    taskId,
    state: change.state,
    message: change.message ?? '',
    source: change.source,
    reason: change.reason ?? 'REASON_UNSPECIFIED',
    agentId,
    timestamp: nowMs / 1000,
    uuid,
    exitCode: change.exitCode,
    healthy: change.healthy,
    labels: [],
  };
}
