import { isTerminal, TaskInfo, TaskStatus } from '@strato/domain';
import { notFound } from '@strato/errors';
import { frameworkInfoToProto, taskInfoToProto } from '@strato/wire';
import { MasterContext } from './context';
import { decideAccept } from './accept';
import { AgentManager } from './agent-manager';
import { AllocationLoop } from './allocation-loop';
import { FrameworkManager } from './framework-manager';
import { FrameworkRecord, TaskRecord, taskKey } from './model';
import { answerForUnknownTask } from './reconcile';

export interface FiltersSpec {
  readonly refuseSeconds?: number;
}

/** The scheduler calls other than SUBSCRIBE, applied to the master's state. */
export class SchedulerCalls {
  constructor(
    private readonly ctx: MasterContext,
    private readonly frameworks: FrameworkManager,
    private readonly agents: AgentManager,
    private readonly allocation: AllocationLoop,
  ) {}

  accept(framework: FrameworkRecord, offerIds: readonly string[], tasks: readonly TaskInfo[], filters: FiltersSpec): void {
    const { state, metrics } = this.ctx;
    const decision = decideAccept({
      frameworkId: framework.id,
      offerIds,
      lookupOffer: (id) => state.offers.get(id),
      tasks,
      taskIdInUse: (id) => state.tasks.has(taskKey(framework.id, id)),
    });
    metrics.increment('master/messages_accept_offers');
    for (const offer of decision.usedOffers) {
      this.ctx.clock.clearTimeout(state.offers.get(offer.id)?.timer);
      // Invalid calls return each offer to its own agent and role; valid ones keep the resources for the launches.
      state.removeOffer(offer.id, !decision.invalid);
    }
    for (const r of decision.rejected) {
      this.frameworks.sendStatus(framework, this.status(r.task.taskId, decision.agentId ?? '', r.state, r.reason, r.message));
      metrics.increment(r.state === 'TASK_ERROR' ? 'master/tasks_error' : 'master/tasks_dropped');
    }
    if (decision.agentId === undefined || decision.role === undefined) return;
    const agent = state.agents.get(decision.agentId);
    for (const task of decision.launches) {
      const staging = this.status(task.taskId, task.agentId, 'TASK_STAGING', 'REASON_UNSPECIFIED', '');
      const record = state.addTask(framework.id, decision.role, task, staging);
      if (agent?.link) {
        this.sendRunTask(framework, record);
      } else {
        this.failLaunch(framework, record, 'Agent is not connected');
      }
    }
    state.returnToAgent(decision.agentId, framework.id, decision.role, decision.leftover);
    this.addFilter(framework, decision.agentId, decision.role, decision.leftover, filters);
    // A framework that refuses nothing of the remainder wants more now: it is offered again at once,
    // not at the next allocation interval (Mesos waits for the interval).
    if (filters.refuseSeconds === 0 && !decision.leftover.isEmpty()) this.allocation.request();
  }

  decline(framework: FrameworkRecord, offerIds: readonly string[], filters: FiltersSpec): void {
    for (const id of offerIds) {
      const offer = this.ctx.state.offers.get(id);
      if (!offer || offer.frameworkId !== framework.id) continue;
      this.ctx.clock.clearTimeout(offer.timer);
      this.ctx.state.removeOffer(id);
      this.addFilter(framework, offer.agentId, offer.role, offer.resources, filters);
    }
    this.ctx.metrics.increment('master/messages_decline_offers');
  }

  revive(framework: FrameworkRecord, roles: readonly string[]): void {
    const target = roles.length ? roles : framework.info.roles;
    this.allocation.filters.clear(framework.id, roles.length ? roles : undefined);
    for (const role of target) framework.suppressedRoles.delete(role);
    this.ctx.metrics.increment('master/messages_revive_offers');
    this.allocation.request();
  }

  suppress(framework: FrameworkRecord, roles: readonly string[]): void {
    for (const role of roles.length ? roles : framework.info.roles) framework.suppressedRoles.add(role);
    this.ctx.metrics.increment('master/messages_suppress_offers');
  }

  kill(framework: FrameworkRecord, taskId: string, gracePeriodSeconds?: number): void {
    const task = this.ctx.state.tasks.get(taskKey(framework.id, taskId));
    this.ctx.metrics.increment('master/messages_kill_task');
    if (!task) {
      this.frameworks.sendStatus(framework, this.status(taskId, '', 'TASK_LOST', 'REASON_TASK_UNKNOWN', 'Attempted to kill an unknown task'));
      return;
    }
    if (isTerminal(task.state)) return;
    const agent = this.ctx.state.agents.get(task.agentId);
    agent?.link?.send({
      message: {
        $case: 'killTask',
        value: { frameworkId: framework.id, taskId, killPolicy: gracePeriodSeconds !== undefined ? { gracePeriodSeconds } : undefined },
      },
    });
  }

  acknowledge(framework: FrameworkRecord, agentId: string, taskId: string, uuid: string): void {
    const { state } = this.ctx;
    const task = state.tasks.get(taskKey(framework.id, taskId));
    const agent = state.agents.get(agentId || task?.agentId || '');
    if (!agent) throw notFound(`Unknown agent ${agentId}`);
    agent.link?.send({ message: { $case: 'acknowledgement', value: { frameworkId: framework.id, taskId, uuid } } });
    if (task && isTerminal(task.state) && task.statuses[task.statuses.length - 1]?.uuid === uuid) state.removeTask(task);
    this.ctx.metrics.increment('master/valid_status_update_acknowledgements');
  }

  reconcile(framework: FrameworkRecord, tasks: readonly { taskId: string; agentId: string }[]): void {
    const { state } = this.ctx;
    this.ctx.metrics.increment('master/messages_reconcile_tasks');
    if (tasks.length === 0) {
      for (const task of state.tasksOf(framework.taskKeys)) this.frameworks.sendStatus(framework, this.reconciled(task));
      return;
    }
    for (const { taskId, agentId } of tasks) {
      const task = state.tasks.get(taskKey(framework.id, taskId));
      if (task) {
        this.frameworks.sendStatus(framework, this.reconciled(task));
        continue;
      }
      const agent = agentId ? state.agents.get(agentId) : undefined;
      // As Mesos: no answer while the task's agent (or, without an agent id, any agent) is still
      // expected to re-register after a master restart; the framework asks again later.
      if (agent?.state === 'recovered' || (!agentId && [...state.agents.values()].some((a) => a.state === 'recovered'))) continue;
      const standing = !agent ? 'unknown' : agent.state === 'unreachable' ? 'unreachable' : 'registered';
      const answer = answerForUnknownTask(taskId, agentId, standing);
      this.frameworks.sendStatus(framework, this.status(taskId, agentId, answer.state, answer.reason, answer.message));
    }
  }

  private sendRunTask(framework: FrameworkRecord, task: TaskRecord): void {
    const agent = this.ctx.state.agents.get(task.agentId);
    agent?.link?.send({
      message: { $case: 'runTask', value: { framework: frameworkInfoToProto(framework.info), task: taskInfoToProto(task.info) } },
    });
    this.ctx.metrics.increment('master/messages_launch_tasks');
  }

  private failLaunch(framework: FrameworkRecord, task: TaskRecord, message: string): void {
    const status = this.status(task.info.taskId, task.agentId, 'TASK_DROPPED', 'REASON_AGENT_DISCONNECTED', message);
    this.ctx.state.updateTask(task, status);
    this.ctx.state.removeTask(task);
    this.frameworks.sendStatus(framework, status);
  }

  private addFilter(framework: FrameworkRecord, agentId: string, role: string, refused: TaskInfo['resources'], filters: FiltersSpec): void {
    if (refused.isEmpty()) return;
    this.allocation.filters.add({
      frameworkId: framework.id,
      agentId,
      role,
      refused,
      now: this.ctx.clock.now(),
      refuseSeconds: filters.refuseSeconds,
      allocationIntervalMs: this.ctx.config.allocationIntervalMs,
    });
  }

  private reconciled(task: TaskRecord): TaskStatus {
    const latest = task.statuses[task.statuses.length - 1];
    return { ...latest, uuid: undefined, reason: 'REASON_RECONCILIATION', source: 'SOURCE_MASTER', data: undefined, labels: [] };
  }

  private status(taskId: string, agentId: string, state: TaskStatus['state'], reason: TaskStatus['reason'], message: string): TaskStatus {
    return { taskId, agentId, state, reason, message, source: 'SOURCE_MASTER', timestamp: this.ctx.clock.now() / 1000, labels: [] };
  }
}
