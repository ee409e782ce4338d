import { attributesToJSON, Resources } from '@strato/resources';
import { MasterContext } from './context';
import { AgentRecord, FrameworkRecord, TaskRecord } from './model';
import { FrameworkManager } from './framework-manager';

/** `/master/state` in Mesos' shape (agents are "slaves" there, and in every Mesos tool). */
export function masterStateJson(ctx: MasterContext, frameworks: FrameworkManager): Record<string, unknown> {
  const { state, masterInfo, config, gate } = ctx;
  const agents = [...state.agents.values()];
  const leader = gate.leader();
  return {
    version: masterInfo.version,
    id: masterInfo.id,
    pid: masterInfo.pid,
    hostname: masterInfo.hostname,
    start_time: ctx.startTime / 1000,
    elected_time: gate.electedTime !== undefined ? gate.electedTime / 1000 : undefined,
    cluster: config.cluster,
    leader: leader?.pid,
    leader_info: leader && {
      id: leader.id,
      hostname: leader.hostname,
      ip: leader.ip,
      port: leader.port,
      grpc_port: leader.grpcPort,
      pid: leader.pid,
      version: leader.version,
      address: { hostname: leader.hostname, ip: leader.ip, port: leader.port },
    },
    activated_slaves: agents.filter((a) => a.state === 'active').length,
    deactivated_slaves: agents.filter((a) => a.state === 'disconnected' || a.state === 'recovered').length,
    unreachable_slaves: agents.filter((a) => a.state === 'unreachable').length,
    flags: flagsJson(ctx),
    slaves: agents.map((a) => agentJson(ctx, a)),
    frameworks: [...state.frameworks.values()].map((f) => frameworkJson(ctx, f)),
    completed_frameworks: frameworks.completed.map((f) => frameworkJson(ctx, f)),
    orphan_tasks: [],
    unregistered_frameworks: [],
  };
}

export function agentJson(ctx: MasterContext, a: AgentRecord): Record<string, unknown> {
  const used = ctx.state.usedOn(a);
  const offered = ctx.state.offeredOn(a);
  return {
    id: a.id,
    pid: `slave(1)@${a.hostname}:${a.port}`,
    hostname: a.hostname,
    port: a.port,
    registered_time: a.registeredTime,
    reregistered_time: a.reregisteredTime,
    unreachable_time: a.unreachableTime,
    resources: a.total.toJSON(),
    used_resources: used.toJSON(),
    offered_resources: offered.toJSON(),
    unreserved_resources: a.total.unreserved().toJSON(),
    attributes: attributesToJSON(a.attributes),
    active: a.state === 'active',
    state: a.state,
    version: a.version,
    tasks_running: ctx.state.tasksOf(a.taskKeys).filter((t) => t.state === 'TASK_RUNNING').length,
  };
}

function frameworkJson(ctx: MasterContext, f: FrameworkRecord): Record<string, unknown> {
  const tasks = ctx.state.tasksOf(f.taskKeys);
  const live = tasks.filter((t) => !t.released);
  const used = live.reduce((sum, t) => sum.add(t.info.resources), Resources.EMPTY);
  const offers = [...f.offerIds].map((id) => ctx.state.offers.get(id)).filter((o) => o !== undefined);
  const offered = offers.reduce((sum, o) => sum.add(o.resources), Resources.EMPTY);
  return {
    id: f.id,
    name: f.info.name,
    user: f.info.user,
    roles: f.info.roles,
    role: f.info.roles[0],
    principal: f.info.principal,
    webui_url: f.info.webuiUrl ?? '',
    hostname: f.info.hostname ?? '',
    capabilities: f.info.capabilities,
    failover_timeout: f.info.failoverTimeoutMs / 1000,
    active: f.state === 'active',
    connected: f.stream !== undefined,
    recovered: f.state === 'inactive',
    suppressed_roles: [...f.suppressedRoles],
    registered_time: f.registeredTime,
    reregistered_time: f.reregisteredTime,
    unregistered_time: f.unregisteredTime ?? 0,
    used_resources: used.toJSON(),
    offered_resources: offered.toJSON(),
    tasks: tasks.filter((t) => !t.released || t.state === 'TASK_UNREACHABLE').map(taskJson),
    unreachable_tasks: tasks.filter((t) => t.state === 'TASK_UNREACHABLE').map(taskJson),
    completed_tasks: [...f.completedTasks, ...tasks.filter((t) => t.released && t.state !== 'TASK_UNREACHABLE')].map(taskJson),
    offers: offers.map((o) => ({ id: o.id, slave_id: o.agentId, framework_id: o.frameworkId, resources: o.resources.toJSON(), allocation_info: { role: o.role } })),
  };
}

export function taskJson(t: TaskRecord): Record<string, unknown> {
  return {
    id: t.info.taskId,
    name: t.info.name,
    framework_id: t.frameworkId,
    executor_id: '',
    slave_id: t.agentId,
    state: t.state,
    role: t.role,
    resources: t.info.resources.toJSON(),
    labels: t.info.labels,
    statuses: t.statuses.map((s) => ({ state: s.state, timestamp: s.timestamp, message: s.message || undefined, healthy: s.healthy })),
  };
}

function flagsJson(ctx: MasterContext): Record<string, string> {
  const c = ctx.config;
  return {
    ip: c.ip,
    port: String(c.port),
    grpc_port: String(c.grpcPort),
    hostname: c.hostname,
    work_dir: c.workDir,
    cluster: c.cluster,
    allocation_interval: `${c.allocationIntervalMs}ms`,
    agent_ping_timeout: `${c.agentPingTimeoutMs}ms`,
    max_agent_ping_timeouts: String(c.maxAgentPingTimeouts),
    offer_timeout: c.offerTimeoutMs !== undefined ? `${c.offerTimeoutMs}ms` : '',
  };
}
