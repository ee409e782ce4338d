import { TaskState, TaskStatusReason } from '@strato/domain';

export type AgentStanding = 'registered' | 'unreachable' | 'unknown';

export interface ReconcileAnswer {
  readonly taskId: string;
  readonly agentId: string;
  readonly state: TaskState;
  readonly reason: TaskStatusReason;
  readonly message: string;
}

/**
 * What the master answers for a task it does not know (Mesos `Master::reconcile`): gone when its
 * agent is registered, unreachable when the agent is, unknown otherwise. Frameworks that are not
 * partition-aware see TASK_LOST for all of these (mapped when the update is sent).
 */
export function answerForUnknownTask(taskId: string, agentId: string, standing: AgentStanding): ReconcileAnswer {
  const message = 'Reconciliation: task is unknown';
  switch (standing) {
    case 'registered':
      return { taskId, agentId, state: 'TASK_GONE', reason: 'REASON_RECONCILIATION', message: `${message} to the agent` };
    case 'unreachable':
      return { taskId, agentId, state: 'TASK_UNREACHABLE', reason: 'REASON_RECONCILIATION', message: 'Reconciliation: agent is unreachable' };
    case 'unknown':
      return { taskId, agentId, state: 'TASK_UNKNOWN', reason: 'REASON_RECONCILIATION', message };
  }
}
