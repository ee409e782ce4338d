import { isTerminal, TaskStatus } from '@strato/domain';
import { MasterContext } from './context';
import { FrameworkManager } from './framework-manager';
import { AgentRecord, taskKey } from './model';

/**
 * A status update from an agent: record it, and forward it to the framework, which acknowledges
 * it through the master. Updates for frameworks that are gone are acknowledged on their behalf so
 * the agent stops retrying; updates for disconnected frameworks are not forwarded (the agent retries).
 */
export function handleStatusUpdate(
  ctx: MasterContext,
  frameworks: FrameworkManager,
  agent: AgentRecord,
  frameworkId: string,
  status: TaskStatus,
): void {
  const { state, metrics } = ctx;
  metrics.increment('master/messages_status_update');
  const task = state.tasks.get(taskKey(frameworkId, status.taskId));
  if (task && task.agentId === agent.id) {
    const last = task.statuses[task.statuses.length - 1];
    if (last?.uuid !== status.uuid || !status.uuid) state.updateTask(task, { ...status, agentId: agent.id });
  }
  metrics.increment('master/valid_status_updates');
  const framework = state.frameworks.get(frameworkId);
  if (!framework) {
    if (status.uuid) {
      agent.link?.send({ message: { $case: 'acknowledgement', value: { frameworkId, taskId: status.taskId, uuid: status.uuid } } });
    }
    return;
  }
  frameworks.sendStatus(framework, { ...status, agentId: agent.id });
  if (task && isTerminal(status.state) && !status.uuid) state.removeTask(task);
}
