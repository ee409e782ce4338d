import { isTerminal, TaskInfo, TaskStatus } from '@strato/domain';
import { ResourceQuantities, Resources } from '@strato/resources';
import { AgentRecord, FrameworkRecord, OfferRecord, TaskRecord, taskKey } from './model';

const MAX_STATUSES_PER_TASK = 20;

/**
 * The master's in-memory cluster state and its resource accounting. Every move of resources
 * between "available on an agent", "offered" and "used by a task" happens here, so that an
 * agent's total always equals available + offered + used.
 */
export class MasterState {
  readonly agents = new Map<string, AgentRecord>();
  readonly frameworks = new Map<string, FrameworkRecord>();
  readonly tasks = new Map<string, TaskRecord>();
  readonly offers = new Map<string, OfferRecord>();
  readonly counters = { finished: 0, failed: 0, killed: 0, lost: 0, error: 0, dropped: 0, gone: 0 };

  constructor(private readonly maxCompletedTasks: number) {}

  addOffer(offer: OfferRecord): void {
    const agent = this.agents.get(offer.agentId)!;
    const framework = this.frameworks.get(offer.frameworkId)!;
    agent.available = agent.available.subtract(offer.resources);
    this.allocate(framework, offer.role, offer.resources.quantities());
    this.offers.set(offer.id, offer);
    agent.offerIds.add(offer.id);
    framework.offerIds.add(offer.id);
  }

  /** Removes an offer; unless `keepResources` (they became tasks), they go back to the agent. */
  removeOffer(offerId: string, keepResources = false): OfferRecord | undefined {
    const offer = this.offers.get(offerId);
    if (!offer) return undefined;
    this.offers.delete(offerId);
    const agent = this.agents.get(offer.agentId);
    const framework = this.frameworks.get(offer.frameworkId);
    agent?.offerIds.delete(offerId);
    framework?.offerIds.delete(offerId);
    if (!keepResources) {
      if (agent) agent.available = agent.available.add(offer.resources);
      if (framework) this.unallocate(framework, offer.role, offer.resources.quantities());
    }
    return offer;
  }

  /** Returns part of a used-up offer (the unlaunched remainder) to its agent. */
  returnToAgent(agentId: string, frameworkId: string, role: string, resources: Resources): void {
    if (resources.isEmpty()) return;
    const agent = this.agents.get(agentId);
    if (agent) agent.available = agent.available.add(resources);
    const framework = this.frameworks.get(frameworkId);
    if (framework) this.unallocate(framework, role, resources.quantities());
  }

  /** Records a launched task; its resources were already taken from the agent by the offer. */
  addTask(frameworkId: string, role: string, info: TaskInfo, status: TaskStatus): TaskRecord {
    const record: TaskRecord = {
      key: taskKey(frameworkId, info.taskId),
      frameworkId,
      agentId: info.agentId,
      role,
      info,
      state: status.state,
      statuses: [status],
      released: false,
      suspended: false,
    };
    this.tasks.set(record.key, record);
    this.agents.get(info.agentId)?.taskKeys.add(record.key);
    this.frameworks.get(frameworkId)?.taskKeys.add(record.key);
    return record;
  }

  /**
   * Adds a task an agent reports on re-registration (after a master restart the master learns
   * running tasks from agents): its resources move from available to used (`agentRecomputed`: the
   * caller sets the agent's available resources itself once it has adopted all of them).
   */
  adoptTask(frameworkId: string, role: string, info: TaskInfo, status: TaskStatus, options: { readonly agentRecomputed?: boolean } = {}): TaskRecord {
    const agent = options.agentRecomputed ? undefined : this.agents.get(info.agentId);
    if (agent && agent.available.contains(info.resources)) agent.available = agent.available.subtract(info.resources);
    const framework = this.frameworks.get(frameworkId);
    if (framework) this.allocate(framework, role, info.resources.quantities());
    return this.addTask(frameworkId, role, info, status);
  }

  /** Applies a status; the first terminal one releases the task's resources. */
  updateTask(task: TaskRecord, status: TaskStatus): { becameTerminal: boolean } {
    task.state = status.state;
    task.statuses.push(status);
    if (task.statuses.length > MAX_STATUSES_PER_TASK) task.statuses.splice(1, 1);
    if (!isTerminal(status.state) || task.released) return { becameTerminal: false };
    task.released = true;
    this.count(status.state);
    const agent = this.agents.get(task.agentId);
    if (agent) agent.available = agent.available.add(task.info.resources);
    const framework = this.frameworks.get(task.frameworkId);
    if (framework && !task.suspended) this.unallocate(framework, task.role, task.info.resources.quantities());
    task.suspended = false;
    return { becameTerminal: true };
  }

  /** Its agent became unreachable: the task stops counting toward its framework's share. */
  suspendTask(task: TaskRecord): void {
    if (task.released || task.suspended) return;
    task.suspended = true;
    const framework = this.frameworks.get(task.frameworkId);
    if (framework) this.unallocate(framework, task.role, task.info.resources.quantities());
  }

  /** Its agent came back with it: it counts again. */
  resumeTask(task: TaskRecord): void {
    if (task.released || !task.suspended) return;
    task.suspended = false;
    const framework = this.frameworks.get(task.frameworkId);
    if (framework) this.allocate(framework, task.role, task.info.resources.quantities());
  }

  /** Forgets a terminal task (after its terminal update was acknowledged, or its agent left). */
  removeTask(task: TaskRecord): void {
    this.tasks.delete(task.key);
    this.agents.get(task.agentId)?.taskKeys.delete(task.key);
    const framework = this.frameworks.get(task.frameworkId);
    if (!framework) return;
    framework.taskKeys.delete(task.key);
    framework.completedTasks.push(task);
    if (framework.completedTasks.length > this.maxCompletedTasks) framework.completedTasks.shift();
  }

  tasksOf(keys: Iterable<string>): TaskRecord[] {
    return [...keys].map((k) => this.tasks.get(k)).filter((t): t is TaskRecord => t !== undefined);
  }

  /** Used by tasks on an agent: total minus available minus offered. */
  usedOn(agent: AgentRecord): Resources {
    return Resources.sum(this.tasksOf(agent.taskKeys).filter((t) => !t.released).map((t) => t.info.resources));
  }

  offeredOn(agent: AgentRecord): Resources {
    return [...agent.offerIds].reduce((sum, id) => sum.add(this.offers.get(id)!.resources), Resources.EMPTY);
  }

  private allocate(framework: FrameworkRecord, role: string, q: ResourceQuantities): void {
    framework.allocated.set(role, (framework.allocated.get(role) ?? ResourceQuantities.EMPTY).add(q));
  }

  private unallocate(framework: FrameworkRecord, role: string, q: ResourceQuantities): void {
    framework.allocated.set(role, (framework.allocated.get(role) ?? ResourceQuantities.EMPTY).subtract(q));
  }

  private count(state: string): void {
    const name = state.replace('TASK_', '').toLowerCase() as keyof MasterState['counters'];
    if (name in this.counters) this.counters[name]++;
  }
}
