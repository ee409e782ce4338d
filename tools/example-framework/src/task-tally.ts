import { isTerminal, TaskState, TaskStatus } from '@strato/domain';

/** Where one task ended up; `LAUNCH_FAILED` when the ACCEPT carrying it never reached the master. */
export type Outcome = TaskState | 'LAUNCH_FAILED';

export interface TallySummary {
  readonly tasks: number;
  readonly finished: number;
  /** Ended in any terminal state but TASK_FINISHED, or could not be launched. */
  readonly failed: number;
  /** Not launched yet, or still running (when interrupted). */
  readonly unfinished: number;
  readonly states: Record<string, number>;
}

/** The latest state of each of the N tasks; the first terminal state of a task is final. */
export class TaskTally {
  private readonly outcomes = new Map<string, Outcome>();
  private readonly agents = new Map<string, string>();

  constructor(readonly total: number) {}

  get launched(): number {
    return this.outcomes.size;
  }

  get complete(): boolean {
    return this.outcomes.size === this.total && [...this.outcomes.values()].every(isFinal);
  }

  add(taskId: string, agentId: string): void {
    this.outcomes.set(taskId, 'TASK_STAGING');
    this.agents.set(taskId, agentId);
  }

  launchFailed(taskId: string): void {
    this.outcomes.set(taskId, 'LAUNCH_FAILED');
  }

  /** Records an update; false for tasks that are not ours or already ended. */
  update(status: TaskStatus): boolean {
    const current = this.outcomes.get(status.taskId);
    if (current === undefined || isFinal(current)) return false;
    this.outcomes.set(status.taskId, status.state);
    return true;
  }

  /** Tasks launched and not ended, with their agents, to reconcile. */
  running(): { taskId: string; agentId: string }[] {
    return [...this.outcomes]
      .filter(([, outcome]) => !isFinal(outcome))
      .map(([taskId]) => ({ taskId, agentId: this.agents.get(taskId) ?? '' }));
  }

  summary(): TallySummary {
    const states: Record<string, number> = {};
    let finished = 0;
    let failed = 0;
    for (const outcome of this.outcomes.values()) {
      states[outcome] = (states[outcome] ?? 0) + 1;
      if (outcome === 'TASK_FINISHED') finished++;
      else if (isFinal(outcome)) failed++;
    }
    return { tasks: this.total, finished, failed, unfinished: this.total - finished - failed, states };
  }
}

function isFinal(outcome: Outcome): boolean {
  return outcome === 'LAUNCH_FAILED' || isTerminal(outcome);
}
