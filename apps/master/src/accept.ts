import { TaskInfo, TaskState, TaskStatusReason } from '@strato/domain';
import { Resources } from '@strato/resources';

/** An outstanding offer as the master knows it. */
export interface OfferedResources {
  readonly id: string;
  readonly frameworkId: string;
  readonly agentId: string;
  readonly role: string;
  readonly resources: Resources;
}

export interface AcceptInput {
  readonly frameworkId: string;
  readonly offerIds: readonly string[];
  readonly lookupOffer: (offerId: string) => OfferedResources | undefined;
  readonly tasks: readonly TaskInfo[];
  readonly taskIdInUse: (taskId: string) => boolean;
}

export interface RejectedTask {
  readonly task: TaskInfo;
  readonly state: TaskState;
  readonly reason: TaskStatusReason;
  readonly message: string;
}

export interface AcceptDecision {
  /**
   * The outstanding offers the call named. When `invalid`, they go back untouched, each to its own
   * agent and role; otherwise they are used up (launched from, the rest declined).
   */
  readonly usedOffers: readonly OfferedResources[];
  readonly invalid: boolean;
  readonly agentId?: string;
  readonly role?: string;
  readonly launches: readonly TaskInfo[];
  readonly rejected: readonly RejectedTask[];
  /** Offered but not launched: goes back to the agent and is filtered for the framework. */
  readonly leftover: Resources;
}

/**
 * Re-validates an ACCEPT against the offers it names, with the same resource functions that made
 * the offers (Mesos master validation): every offer must be outstanding, this framework's and on
 * one agent; every task needs a fresh id, a command or container, and resources that are still
 * left in the offers after the tasks before it. Pure: the caller applies the decision.
 */
export function decideAccept(input: AcceptInput): AcceptDecision {
  const { offers, problem } = validateOffers(input);
  if (problem !== undefined) {
    const rejected = input.tasks.map((task) => ({
      task,
      state: 'TASK_DROPPED' as const,
      reason: 'REASON_INVALID_OFFERS' as const,
      message: problem,
    }));
    return { usedOffers: offers, invalid: true, launches: [], rejected, leftover: Resources.EMPTY };
  }
  const agentId = offers[0].agentId;
  let remaining = offers.reduce((sum, o) => sum.add(o.resources), Resources.EMPTY);
  const launches: TaskInfo[] = [];
  const rejected: RejectedTask[] = [];
  const seen = new Set<string>();
  for (const task of input.tasks) {
    const error = validateTask(task, agentId, remaining, seen, input.taskIdInUse);
    seen.add(task.taskId);
    if (error) {
      rejected.push({ task, state: 'TASK_ERROR', reason: 'REASON_TASK_INVALID', message: error });
      continue;
    }
    remaining = remaining.subtract(task.resources);
    launches.push({ ...task, agentId });
  }
  return { usedOffers: offers, invalid: false, agentId, role: offers[0].role, launches, rejected, leftover: remaining };
}

function validateOffers(input: AcceptInput): { offers: OfferedResources[]; problem?: string } {
  if (input.offerIds.length === 0) return { offers: [], problem: 'No offers specified' };
  const offers: OfferedResources[] = [];
  const problems: string[] = [];
  for (const id of new Set(input.offerIds)) {
    const offer = input.lookupOffer(id);
    if (!offer) problems.push(`Offer ${id} is no longer valid`);
    else if (offer.frameworkId !== input.frameworkId) problems.push(`Offer ${id} is not for this framework`);
    else offers.push(offer);
  }
  if (problems.length) return { offers, problem: problems.join('; ') };
  if (new Set(offers.map((o) => o.agentId)).size > 1) {
    return { offers, problem: 'Aggregated offers must belong to one single agent' };
  }
  if (new Set(offers.map((o) => o.role)).size > 1) {
    return { offers, problem: 'Aggregated offers must be allocated to the same role' };
  }
  return { offers };
}

function validateTask(
  task: TaskInfo,
  agentId: string,
  remaining: Resources,
  seen: ReadonlySet<string>,
  taskIdInUse: (taskId: string) => boolean,
): string | undefined {
  if (!task.taskId) return 'Task ID must not be empty';
  if (/[\s/]/.test(task.taskId) || task.taskId === '.' || task.taskId === '..') {
    return `Task ID '${task.taskId}' must not contain whitespace or '/'`;
  }
  if (seen.has(task.taskId) || taskIdInUse(task.taskId)) return `Task has duplicate ID: ${task.taskId}`;
  if (task.agentId && task.agentId !== agentId) {
    return `Task uses agent ID ${task.agentId} which differs from the offer's agent ${agentId}`;
  }
  if (!task.command && !task.container) return 'Task must have a command or a container';
  if (task.command && !task.command.value && !task.container) return 'Task command must not be empty';
  if (task.resources.isEmpty()) return 'Task uses no resources';
  const fit = remaining.fits(task.resources);
  if (!fit.ok) {
    return `Task uses more resources than offered: ${fit.shortfalls.map((s) => s.message).join('; ')}`;
  }
  return undefined;
}
