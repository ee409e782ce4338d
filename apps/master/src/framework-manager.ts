import { forNonPartitionAware, FrameworkInfo, TaskStatus } from '@strato/domain';
import { failedPrecondition, invalidArgument } from '@strato/errors';
import * as pb from '@strato/proto';
import { ResourceQuantities } from '@strato/resources';
import { masterInfoToProto, offerToProto, taskStatusToProto } from '@strato/wire';
import { MasterContext } from './context';
import { FrameworkRecord, FrameworkStream, isPartitionAware, OfferRecord } from './model';

const ROLE_PATTERN = /^(\*|[^\s/.\-][^\s]*)$/;
/** How long a failover timeout that may not act now (HA: no lease) waits before it looks again. */
const PAUSED_RETRY_MS = 1_000;

/** A subscription taken in memory; `ready` resolves once it is durable and SUBSCRIBED was sent. */
export interface Subscription {
  readonly framework: FrameworkRecord;
  readonly ready: Promise<void>;
}

/** Subscriptions, failover and teardown of frameworks, and every event sent to them. */
export class FrameworkManager {
  private sequence = 0;
  readonly completed: FrameworkRecord[] = [];

  constructor(
    private readonly ctx: MasterContext,
    private readonly hooks: {
      readonly requestAllocation: () => void;
      readonly shutdownOnAgents: (framework: FrameworkRecord) => void;
      readonly rescindOffers: (offerIds: Iterable<string>, notify: boolean) => void;
    },
  ) {}

  /**
   * Takes the subscription in memory at once; the stream is attached (offers, SUBSCRIBED) only once
   * the framework's record is durable. A stream that ended meanwhile is the caller's to report.
   */
  subscribe(info: FrameworkInfo, suppressedRoles: readonly string[], stream: FrameworkStream): Subscription {
    validateFrameworkInfo(info);
    const { state, registry, clock } = this.ctx;
    if (info.id && registry.isRemovedFramework(info.id)) throw failedPrecondition(`Framework ${info.id} has been removed`);
    const id = info.id ?? this.newFrameworkId();
    let framework = state.frameworks.get(id);
    if (framework) {
      this.detachStream(framework, 'Framework failed over');
      this.ctx.clock.clearTimeout(framework.failoverTimer);
      framework.info = { ...info, id };
      framework.reregisteredTime = clock.now() / 1000;
      this.hooks.rescindOffers([...framework.offerIds], false);
    } else {
      framework = this.newRecord({ ...info, id });
      state.frameworks.set(id, framework);
    }
    framework.state = 'active';
    framework.suppressedRoles = new Set(suppressedRoles);
    framework.unregisteredTime = undefined;
    const durable = registry.putFramework({
      id,
      name: info.name,
      user: info.user,
      roles: info.roles,
      failoverTimeoutMs: info.failoverTimeoutMs,
      capabilities: info.capabilities,
      registeredTime: framework.registeredTime,
    });
    const subscribed = framework;
    return { framework, ready: durable.then(() => this.attachStream(subscribed, stream)) };
  }

  private attachStream(framework: FrameworkRecord, stream: FrameworkStream): void {
    const { id } = framework;
    if (this.ctx.state.frameworks.get(id) !== framework) {
      // Torn down while its record was being written.
      stream.send({ event: { $case: 'error', value: { message: `Framework ${id} has been removed` } } });
      stream.close();
      return;
    }
    // A later subscription of the same framework may have been taken meanwhile: the newest stream wins.
    this.detachStream(framework, 'Framework failed over');
    framework.stream = stream;
    stream.send({
      event: {
        $case: 'subscribed',
        value: {
          frameworkId: id,
          heartbeatIntervalSeconds: this.ctx.config.frameworkHeartbeatIntervalMs / 1000,
          masterInfo: masterInfoToProto(this.ctx.masterInfo),
          streamId: stream.streamId,
        },
      },
    });
    this.scheduleHeartbeat(framework);
    this.ctx.logger.info({ frameworkId: id, name: framework.info.name, roles: framework.info.roles }, 'framework subscribed');
    this.ctx.metrics.increment('master/messages_register_framework');
    this.hooks.requestAllocation();
  }

  /** The subscription stream ended: keep the tasks for failover_timeout, then remove the framework. */
  disconnected(framework: FrameworkRecord, stream: FrameworkStream): void {
    if (framework.stream !== stream) return;
    framework.stream = undefined;
    framework.state = 'disconnected';
    framework.unregisteredTime = this.ctx.clock.now() / 1000;
    this.ctx.clock.clearTimeout(framework.heartbeatTimer);
    this.hooks.rescindOffers([...framework.offerIds], false);
    const timeout = framework.info.failoverTimeoutMs;
    this.ctx.logger.info({ frameworkId: framework.id, failoverTimeoutMs: timeout }, 'framework disconnected');
    const expire = () => {
      if (framework.state === 'active') return;
      if (!this.ctx.gate.canAct()) framework.failoverTimer = this.ctx.clock.setTimeout(expire, PAUSED_RETRY_MS);
      else void this.remove(framework, 'failover timeout elapsed');
    };
    framework.failoverTimer = this.ctx.clock.setTimeout(expire, timeout);
  }

  /** TEARDOWN, or the failover timeout: kill its tasks and forget it; resolves once that is durable. */
  remove(framework: FrameworkRecord, why: string): Promise<void> {
    const { state, registry, clock } = this.ctx;
    this.ctx.logger.info({ frameworkId: framework.id, why }, 'removing framework');
    this.detachStream(framework, `Framework removed: ${why}`);
    clock.clearTimeout(framework.failoverTimer);
    this.hooks.rescindOffers([...framework.offerIds], false);
    this.hooks.shutdownOnAgents(framework);
    for (const task of state.tasksOf(framework.taskKeys)) {
      state.updateTask(task, {
        taskId: task.info.taskId,
        state: 'TASK_KILLED',
        message: `Framework removed: ${why}`,
        source: 'SOURCE_MASTER',
        reason: 'REASON_FRAMEWORK_REMOVED',
        agentId: task.agentId,
        timestamp: clock.now() / 1000,
        labels: [],
      });
      state.removeTask(task);
    }
    framework.state = 'inactive';
    framework.unregisteredTime = clock.now() / 1000;
    state.frameworks.delete(framework.id);
    this.completed.push(framework);
    if (this.completed.length > 50) this.completed.shift();
    return registry.removeFramework(framework.id);
  }

  /**
   * After a restart, frameworks from the registry wait (inactive, tasks untouched, as Mesos after a
   * failover) for their schedulers to re-subscribe; their agents' updates are held until then.
   */
  recoverFromRegistry(): void {
    for (const saved of this.ctx.registry.frameworks) {
      this.recover({
        id: saved.id,
        name: saved.name,
        user: saved.user,
        roles: saved.roles,
        failoverTimeoutMs: saved.failoverTimeoutMs,
        checkpoint: false,
        capabilities: saved.capabilities as FrameworkInfo['capabilities'],
        labels: [],
      });
    }
  }

  /** A framework learnt from an agent's re-registration after a master restart, until it re-subscribes. */
  recover(info: FrameworkInfo): FrameworkRecord | undefined {
    if (this.ctx.registry.isRemovedFramework(info.id!)) return undefined;
    const existing = this.ctx.state.frameworks.get(info.id!);
    if (existing) return existing;
    const framework = this.newRecord(info);
    framework.state = 'inactive';
    framework.registeredTime = this.ctx.registry.framework(framework.id)?.registeredTime ?? framework.registeredTime;
    this.ctx.state.frameworks.set(framework.id, framework);
    return framework;
  }

  sendStatus(framework: FrameworkRecord, status: TaskStatus): boolean {
    if (!framework.stream) return false;
    const state = isPartitionAware(framework) ? status.state : forNonPartitionAware(status.state);
    framework.stream.send({ event: { $case: 'update', value: { status: taskStatusToProto({ ...status, state }) } } });
    return true;
  }

  sendOffers(framework: FrameworkRecord, offers: readonly OfferRecord[]): void {
    const agents = this.ctx.state.agents;
    framework.stream?.send({
      event: {
        $case: 'offers',
        value: {
          offers: offers.map((o) => {
            const agent = agents.get(o.agentId)!;
            return offerToProto({
              id: o.id,
              frameworkId: o.frameworkId,
              agentId: o.agentId,
              hostname: agent.hostname,
              resources: o.resources,
              attributes: agent.attributes,
              role: o.role,
              url: `http://${agent.hostname}:${agent.port}`,
            });
          }),
        },
      },
    });
  }

  sendRescind(framework: FrameworkRecord, offerId: string): void {
    framework.stream?.send({ event: { $case: 'rescind', value: { offerId } } });
  }

  broadcastFailure(agentId: string): void {
    for (const f of this.ctx.state.frameworks.values()) {
      f.stream?.send({ event: { $case: 'failure', value: { agentId, executorId: '' } } });
    }
  }

  closeAll(): void {
    for (const f of this.ctx.state.frameworks.values()) {
      this.ctx.clock.clearTimeout(f.heartbeatTimer);
      this.ctx.clock.clearTimeout(f.failoverTimer);
      f.stream?.close();
    }
  }

  private detachStream(framework: FrameworkRecord, message: string): void {
    const old = framework.stream;
    if (!old) return;
    framework.stream = undefined;
    this.ctx.clock.clearTimeout(framework.heartbeatTimer);
    old.send({ event: { $case: 'error', value: { message } } } satisfies pb.Event);
    old.close();
  }

  private scheduleHeartbeat(framework: FrameworkRecord): void {
    const stream = framework.stream;
    this.ctx.clock.clearTimeout(framework.heartbeatTimer);
    framework.heartbeatTimer = this.ctx.clock.setTimeout(() => {
      if (framework.stream !== stream || !stream) return;
      stream.send({ event: { $case: 'heartbeat', value: {} } });
      this.scheduleHeartbeat(framework);
    }, this.ctx.config.frameworkHeartbeatIntervalMs);
  }

  private newFrameworkId(): string {
    this.sequence = this.ctx.registry.nextFrameworkNumber();
    return `${this.ctx.masterInfo.id}-${String(this.sequence).padStart(4, '0')}`;
  }

  private newRecord(info: FrameworkInfo): FrameworkRecord {
    return {
      id: info.id!,
      info,
      state: 'active',
      suppressedRoles: new Set(),
      allocated: new Map<string, ResourceQuantities>(),
      registeredTime: this.ctx.clock.now() / 1000,
      taskKeys: new Set(),
      offerIds: new Set(),
      completedTasks: [],
    };
  }
}

function validateFrameworkInfo(info: FrameworkInfo): void {
  if (!info.name.trim()) throw invalidArgument('FrameworkInfo.name must not be empty');
  if (info.roles.length > 1 && !info.capabilities.includes('MULTI_ROLE')) {
    throw invalidArgument('Frameworks with several roles need the MULTI_ROLE capability');
  }
  for (const role of info.roles) {
    if (!ROLE_PATTERN.test(role) || role.endsWith('/') || role.includes('//')) {
      throw invalidArgument(`Invalid role '${role}'`);
    }
  }
  if (!Number.isFinite(info.failoverTimeoutMs) || info.failoverTimeoutMs < 0) {
    throw invalidArgument('FrameworkInfo.failover_timeout must be a non-negative number');
  }
}
