import { isTerminal } from '@strato/domain';
import { Logger } from '@strato/service';
import { CheckpointStore } from './checkpoint';
import { Containerizer } from './containerizer';
import { TaskManager } from './task-manager';
import { fromCheckpoint, latestState } from './task-record';

export interface RecoveryDeps {
  readonly checkpoints: CheckpointStore;
  readonly containerizer: Containerizer;
  readonly tasks: TaskManager;
  readonly logger: Logger;
}

/**
 * Mesos `--recover=cleanup`: containers a previous agent run left alive are destroyed, tasks that
 * were still live are reported TASK_FAILED (REASON_AGENT_RESTARTED), and every update that was
 * never acknowledged is queued again for delivery.
 */
export async function recoverTasks(deps: RecoveryDeps): Promise<void> {
  const { tasks: checkpoints, errors } = await deps.checkpoints.loadTasks();
  for (const error of errors) deps.logger.error({ error }, 'unreadable task checkpoint; skipping it');
  if (checkpoints.length === 0) return;
  const records = checkpoints.map(fromCheckpoint);
  const live = records.filter((r) => !isTerminal(latestState(r)));
  const orphans = live.filter((r) => r.container).map((r) => ({ containerId: r.containerId, recovery: r.container! }));
  const destroyed = await deps.containerizer.destroyOrphans(orphans);
  deps.tasks.adopt(records);
  deps.logger.info(
    { tasks: records.length, failed: live.map((r) => r.task.taskId), destroyedContainers: destroyed },
    'recovered tasks from a previous run',
  );
}
