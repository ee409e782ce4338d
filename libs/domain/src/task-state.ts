/** Task states with Mesos' names (v1 `TaskState`). */
export type TaskState =
  | 'TASK_STAGING'
  | 'TASK_STARTING'
  | 'TASK_RUNNING'
  | 'TASK_KILLING'
  | 'TASK_FINISHED'
  | 'TASK_FAILED'
  | 'TASK_KILLED'
  | 'TASK_ERROR'
  | 'TASK_LOST'
  | 'TASK_DROPPED'
  | 'TASK_UNREACHABLE'
  | 'TASK_GONE'
  | 'TASK_GONE_BY_OPERATOR'
  | 'TASK_UNKNOWN';

export type TaskStatusSource = 'SOURCE_MASTER' | 'SOURCE_AGENT' | 'SOURCE_EXECUTOR';

export type TaskStatusReason =
  | 'REASON_UNSPECIFIED'
  | 'REASON_COMMAND_EXECUTOR_FAILED'
  | 'REASON_CONTAINER_LAUNCH_FAILED'
  | 'REASON_CONTAINER_LIMITATION'
  | 'REASON_CONTAINER_LIMITATION_MEMORY'
  | 'REASON_EXECUTOR_TERMINATED'
  | 'REASON_FRAMEWORK_REMOVED'
  | 'REASON_TASK_KILLED_DURING_LAUNCH'
  | 'REASON_TASK_INVALID'
  | 'REASON_TASK_UNKNOWN'
  | 'REASON_AGENT_DISCONNECTED'
  | 'REASON_AGENT_REMOVED'
  | 'REASON_AGENT_RESTARTED'
  | 'REASON_AGENT_UNKNOWN'
  | 'REASON_AGENT_REREGISTERED'
  | 'REASON_INVALID_OFFERS'
  | 'REASON_RESOURCES_UNKNOWN'
  | 'REASON_RECONCILIATION'
  | 'REASON_TASK_HEALTH_CHECK_STATUS_UPDATED'
  | 'REASON_TASK_CHECK_STATUS_UPDATED'
  | 'REASON_MAX_COMPLETION_TIME_REACHED'
  | 'REASON_MASTER_DISCONNECTED';

const TERMINAL: ReadonlySet<TaskState> = new Set<TaskState>([
  'TASK_FINISHED',
  'TASK_FAILED',
  'TASK_KILLED',
  'TASK_ERROR',
  'TASK_DROPPED',
  'TASK_GONE',
  'TASK_GONE_BY_OPERATOR',
]);

/**
 * Terminal states end a task for good. TASK_LOST is treated as terminal for resource accounting
 * (as the Mesos master does), although a partitioned agent may later report the task running.
 */
export function isTerminal(state: TaskState): boolean {
  return TERMINAL.has(state) || state === 'TASK_LOST';
}

/** The states a framework without the PARTITION_AWARE capability understands. */
export function forNonPartitionAware(state: TaskState): TaskState {
  switch (state) {
    case 'TASK_DROPPED':
    case 'TASK_UNREACHABLE':
    case 'TASK_GONE':
    case 'TASK_GONE_BY_OPERATOR':
    case 'TASK_UNKNOWN':
      return 'TASK_LOST';
    default:
      return state;
  }
}
