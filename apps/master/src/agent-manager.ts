import { TimerHandle } from '@strato/clock';
import { AgentInfo, FrameworkInfo, isTerminal, TaskInfo, TaskStatus } from '@strato/domain';
import { formatAttributes, parseAttributes, Resources } from '@strato/resources';
import { masterInfoToProto } from '@strato/wire';
import { MasterContext } from './context';
import { AgentLinkSession, AgentRecord, TaskRecord, taskKey } from './model';
import { FrameworkManager } from './framework-manager';
import { ReregistrationProgress } from './reregistration-progress';

export interface ReportedTask {
  readonly frameworkId: string;
  readonly task: TaskInfo;
  readonly latestStatus?: TaskStatus;
}

/** An agent admitted in memory; `ready` resolves once its record is durable and it was told (Registered). */
export interface Admission {
  readonly agent: AgentRecord;
  readonly ready: Promise<void>;
}

/** How long a timer that may not act now (HA: no lease) waits before it looks again. */
const PAUSED_RETRY_MS = 1_000;

/** Agent registration, re-registration, health (pings) and unreachability. */
export class AgentManager {
  private reregisterTimer?: TimerHandle;
  private progress?: ReregistrationProgress;

  constructor(
    private readonly ctx: MasterContext,
    private readonly frameworks: FrameworkManager,
    private readonly hooks: {
      readonly requestAllocation: () => void;
      readonly rescindOffers: (offerIds: Iterable<string>, notify: boolean) => void;
    },
  ) {}

  /** Agents known from the registry wait for re-registration; unreachable if they don't come back in time. */
  recoverFromRegistry(): void {
    const { registry, state, clock, config } = this.ctx;
    // Agents of one kind share one resources text: parse each text once (Resources are immutable).
    const parsed = new Map<string, Resources>();
    for (const saved of registry.agents) {
      let total = parsed.get(saved.resources);
      if (!total) parsed.set(saved.resources, (total = Resources.parse(saved.resources)));
      state.agents.set(saved.id, {
        ...this.blankRecord(saved.id, saved.hostname, saved.port, total),
        attributes: parseAttributes(saved.attributes),
        state: saved.unreachableTime !== undefined ? 'unreachable' : 'recovered',
        unreachableTime: saved.unreachableTime,
      });
    }
    const known = [...state.agents.values()].filter((a) => a.state === 'recovered').length;
    if (known > 0) this.progress = new ReregistrationProgress(known, () => clock.now(), this.ctx.logger);
    const expire = () => {
      if (!this.ctx.gate.canAct()) return void (this.reregisterTimer = clock.setTimeout(expire, PAUSED_RETRY_MS));
      for (const agent of state.agents.values()) if (agent.state === 'recovered') this.markUnreachable(agent, 'did not re-register after master restart');
    };
    this.reregisterTimer = clock.setTimeout(expire, config.agentReregisterTimeoutMs);
  }

  /**
   * Admits a new agent: in memory at once, but it is told (Registered) and offered only once its
   * record is durable. Until then it has no link, so the allocator skips it.
   */
  register(info: AgentInfo, link: AgentLinkSession): Admission {
    const id = `${this.ctx.masterInfo.id}-S${this.ctx.registry.nextAgentNumber()}`;
    const agent: AgentRecord = { ...this.blankRecord(id, info.hostname, info.port, info.resources), attributes: info.attributes, version: info.version };
    const durable = this.persist(agent);
    this.ctx.state.agents.set(id, agent);
    this.ctx.metrics.increment('master/slave_registrations');
    const ready = durable.then(() => {
      this.attach(agent, link);
      this.ctx.logger.info({ agentId: id, hostname: info.hostname, resources: info.resources.toString() }, 'agent registered');
    });
    return { agent, ready };
  }

  /** An agent that reconnects (or a master that restarted) re-admits the agent with its tasks. */
  reregister(info: AgentInfo & { id: string }, tasks: readonly ReportedTask[], frameworkInfos: readonly FrameworkInfo[], link: AgentLinkSession): Admission {
    const { state, clock } = this.ctx;
    const live = tasks.filter((t) => !this.ctx.registry.isRemovedFramework(t.frameworkId));
    const removedFrameworks = new Set(tasks.filter((t) => !live.includes(t)).map((t) => t.frameworkId));
    let agent = state.agents.get(info.id);
    validateReregistration(agent, info, live);
    const wasUnreachable = agent?.state === 'unreachable';
    const wasRecovered = agent?.state === 'recovered';
    if (!agent) {
      agent = this.blankRecord(info.id, info.hostname, info.port, info.resources);
      state.agents.set(info.id, agent);
    }
    if (agent.link && agent.link !== link) {
      agent.link.close();
      agent.link = undefined; // no offers from it until the new link is attached
    }
    this.hooks.rescindOffers([...agent.offerIds], true);
    Object.assign(agent, { hostname: info.hostname, port: info.port, attributes: info.attributes, version: info.version, total: info.resources });
    agent.reregisteredTime = clock.now() / 1000;
    agent.unreachableTime = undefined;
    for (const fi of frameworkInfos) if (fi.id) this.frameworks.recover(fi);
    this.reconcileTasks(agent, live, wasUnreachable);
    agent.available = info.resources.subtract(state.usedOn(agent));
    // Unchanged and reachable (the usual failover case): nothing is written, so 1,000 agents re-register at once.
    const durable = this.persist(agent);
    this.ctx.metrics.increment('master/slave_reregistrations');
    const admitted = agent;
    const ready = durable.then(() => {
      this.attach(admitted, link);
      for (const frameworkId of removedFrameworks) {
        link.send({ message: { $case: 'shutdownFramework', value: { frameworkId } } });
      }
      this.ctx.logger.debug({ agentId: admitted.id, tasks: tasks.length, wasUnreachable }, 'agent re-registered');
      if (wasRecovered) this.progress?.agentBack();
    });
    return { agent, ready };
  }

  pong(agent: AgentRecord, sequence: number): void {
    if (sequence === agent.pingSequence) {
      agent.lastPong = this.ctx.clock.now();
      agent.missedPings = 0;
    }
  }

  /** The agent's stream ended: no more offers from it; pings keep counting until it comes back. */
  disconnected(agent: AgentRecord, link: AgentLinkSession): void {
    if (agent.link !== link) return;
    agent.link = undefined;
    if (agent.state === 'active') agent.state = 'disconnected';
    this.hooks.rescindOffers([...agent.offerIds], true);
    this.ctx.logger.warn({ agentId: agent.id }, 'agent disconnected');
  }

  markUnreachable(agent: AgentRecord, why: string): void {
    const { state, clock, logger } = this.ctx;
    if (agent.state === 'unreachable') return;
    clock.clearTimeout(agent.pingTimer);
    agent.link?.close();
    agent.link = undefined;
    agent.state = 'unreachable';
    agent.unreachableTime = clock.now() / 1000;
    this.hooks.rescindOffers([...agent.offerIds], true);
    void this.persist(agent); // a failed write stops the master (Registry.onFailure)
    logger.warn({ agentId: agent.id, why }, 'agent unreachable');
    this.ctx.metrics.increment('master/slave_unreachable_completed');
    for (const task of state.tasksOf(agent.taskKeys)) {
      if (isTerminal(task.state)) continue;
      const status = this.masterStatus(task, 'TASK_UNREACHABLE', 'REASON_AGENT_REMOVED', `Agent ${agent.id} is unreachable: ${why}`);
      status.unreachableTime = agent.unreachableTime;
      state.updateTask(task, status);
      state.suspendTask(task);
      const framework = state.frameworks.get(task.frameworkId);
      if (framework) this.frameworks.sendStatus(framework, status);
    }
    this.frameworks.broadcastFailure(agent.id);
  }

  stopAll(): void {
    this.ctx.clock.clearTimeout(this.reregisterTimer);
    for (const agent of this.ctx.state.agents.values()) {
      this.ctx.clock.clearTimeout(agent.pingTimer);
      agent.link?.close();
    }
  }

  private attach(agent: AgentRecord, link: AgentLinkSession): void {
    // Two links re-registering in a row are attached in order (their writes are): the later one wins.
    if (agent.link && agent.link !== link) agent.link.close();
    agent.link = link;
    agent.state = 'active';
    agent.missedPings = 0;
    agent.lastPong = this.ctx.clock.now();
    link.send({
      message: {
        $case: 'registered',
        value: { agentId: agent.id, masterInfo: masterInfoToProto(this.ctx.masterInfo), pingIntervalSeconds: this.ctx.config.agentPingTimeoutMs / 1000 },
      },
    });
    this.schedulePing(agent);
    this.hooks.requestAllocation();
  }

  /** Mesos' SlaveObserver: a ping per timeout; too many unanswered in a row make the agent unreachable. */
  private schedulePing(agent: AgentRecord): void {
    const { clock, config } = this.ctx;
    clock.clearTimeout(agent.pingTimer);
    agent.pingTimer = clock.setTimeout(() => {
      if (agent.state === 'unreachable') return;
      if (!this.ctx.gate.canAct()) return this.schedulePing(agent); // a leader without a lease judges no one
      const answered = agent.lastPong >= clock.now() - config.agentPingTimeoutMs && agent.link !== undefined;
      agent.missedPings = answered && agent.missedPings === 0 ? 0 : agent.missedPings + 1;
      if (agent.missedPings >= config.maxAgentPingTimeouts) {
        this.markUnreachable(agent, `missed ${agent.missedPings} pings`);
        return;
      }
      agent.pingSequence++;
      agent.link?.send({ message: { $case: 'ping', value: { sequence: agent.pingSequence } } });
      this.schedulePing(agent);
    }, config.agentPingTimeoutMs);
  }

  /**
   * Makes the master's view of the agent's tasks match the agent's report: unknown live tasks are
   * adopted, known ones take the reported state (tasks on a returning agent are RUNNING again, with
   * REASON_AGENT_REREGISTERED), ended ones take their terminal state (the agent delivers the real
   * update), and tasks the agent no longer has are gone.
   */
  private reconcileTasks(agent: AgentRecord, reported: readonly ReportedTask[], wasUnreachable: boolean): void {
    const { state } = this.ctx;
    const seen = new Set<string>();
    for (const r of reported) {
      const key = taskKey(r.frameworkId, r.task.taskId);
      seen.add(key);
      const status = r.latestStatus ?? this.masterStatus(undefined, 'TASK_RUNNING', 'REASON_AGENT_REREGISTERED', 'Reported by agent', r.task.taskId, agent.id);
      const known = state.tasks.get(key);
      const framework = state.frameworks.get(r.frameworkId);
      if (!known) {
        if (isTerminal(status.state)) continue;
        // The caller recomputes the agent's available resources once from all its tasks.
        const info = r.task.agentId === agent.id ? r.task : { ...r.task, agentId: agent.id };
        state.adoptTask(r.frameworkId, framework?.info.roles[0] ?? '*', info, status, { agentRecomputed: true });
        continue;
      }
      state.resumeTask(known);
      if (isTerminal(status.state)) {
        state.updateTask(known, { ...status, agentId: agent.id });
      } else if (wasUnreachable || known.state !== status.state) {
        const update = { ...status, reason: 'REASON_AGENT_REREGISTERED' as const, uuid: undefined, source: 'SOURCE_MASTER' as const };
        state.updateTask(known, update);
        if (framework) this.frameworks.sendStatus(framework, update);
      }
    }
    for (const task of state.tasksOf(agent.taskKeys)) {
      if (seen.has(task.key) || isTerminal(task.state)) continue;
      const status = this.masterStatus(task, 'TASK_GONE', 'REASON_AGENT_RESTARTED', 'Task was not reported by the agent when it re-registered');
      state.updateTask(task, status);
      const framework = state.frameworks.get(task.frameworkId);
      if (framework) this.frameworks.sendStatus(framework, status);
      state.removeTask(task);
    }
  }

  private masterStatus(task: TaskRecord | undefined, s: TaskStatus['state'], reason: TaskStatus['reason'], message: string, taskId?: string, agentId?: string): { -readonly [K in keyof TaskStatus]: TaskStatus[K] } {
    return {
      taskId: task?.info.taskId ?? taskId!,
      state: s,
      message,
      source: 'SOURCE_MASTER',
      reason,
      agentId: task?.agentId ?? agentId!,
      timestamp: this.ctx.clock.now() / 1000,
      labels: [],
    };
  }

  private persist(agent: AgentRecord): Promise<void> {
    return this.ctx.registry.putAgent({
      id: agent.id,
      hostname: agent.hostname,
      port: agent.port,
      resources: agent.total.toString(),
      attributes: formatAttributes(agent.attributes),
      unreachableTime: agent.unreachableTime,
    });
  }

  private blankRecord(id: string, hostname: string, port: number, total: Resources): AgentRecord {
    const now = this.ctx.clock.now();
    return {
      id, hostname, port, version: '', attributes: [], total, available: total, state: 'active',
      registeredTime: now / 1000, lastPong: now, pingSequence: 0, missedPings: 0, taskKeys: new Set(), offerIds: new Set(),
    };
  }
}

/**
 * Checks a re-registration before anything changes (Mesos refuses an agent whose hostname changed):
 * the reported live tasks must be readable together and fit in the agent's total.
 */
function validateReregistration(known: AgentRecord | undefined, info: AgentInfo, tasks: readonly ReportedTask[]): void {
  if (known && known.hostname !== info.hostname) {
    throw new Error(`Agent ${info.id} was registered from ${known.hostname}, not ${info.hostname}`);
  }
  const used = Resources.sum(tasks.filter((t) => !(t.latestStatus && isTerminal(t.latestStatus.state))).map((t) => t.task.resources));
  const fit = info.resources.fits(used);
  if (!fit.ok) {
    throw new Error(`Agent ${info.id} reports tasks beyond its resources: ${fit.shortfalls.map((s) => s.message).join('; ')}`);
  }
}
