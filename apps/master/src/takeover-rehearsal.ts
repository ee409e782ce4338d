import * as grpc from '@grpc/grpc-js';
import { MemoryStore } from '@strato/coordination';
import { FrameworkInfo, TaskInfo, TaskStatus } from '@strato/domain';
import { AgentLinkClient, AgentMessage, MasterMessage } from '@strato/proto';
import { Resources } from '@strato/resources';
import { agentInfoToProto, frameworkInfoToProto, taskInfoToProto, taskStatusToProto } from '@strato/wire';

/** How big a rehearsal is: scratch agents with tasks, re-registered with this many fresh scratch masters. */
export interface RehearsalPlan {
  readonly agents: number;
  readonly tasksPerAgent: number;
  readonly rounds: number;
}

/** A scratch master as the rehearsal drives it (the real `Master`, built without ZooKeeper, on a memory store). */
export interface ScratchMaster {
  start(): Promise<{ grpcPort: number }>;
  stop(): Promise<void>;
  /** Records a framework in the scratch registry, as subscriptions do. */
  putFramework(info: FrameworkInfo): Promise<void>;
}

export type ScratchMasterFactory = (store: MemoryStore) => ScratchMaster;

const FRAMEWORKS = 5;
const LABELLED_TASK = Resources.parse('cpus:0.1;mem:32');
const BARE_TASK = Resources.parse('cpus:1;mem:128;disk:10');

/**
 * A standby's rehearsal of a takeover. A new leader must re-admit every agent at once; in a process
 * that never did it, that code runs cold (interpreted while V8 compiles it, on the same two cores)
 * and takes about twice as long. So a standby, once started, runs the same path on scratch
 * masters (the real `Master`, standalone, on a memory store, loopback gRPC): scratch agents register,
 * then re-register with their tasks after a scratch failover, `rounds` times. Nothing of it touches
 * the real registry, ZooKeeper or the cluster. `shouldGoOn` is asked between steps: a standby that
 * is elected meanwhile stops rehearsing at once.
 */
export async function rehearseTakeover(newScratch: ScratchMasterFactory, plan: RehearsalPlan, shouldGoOn: () => boolean): Promise<number> {
  const store = new MemoryStore();
  const frameworks = Array.from({ length: FRAMEWORKS }, (_, k): FrameworkInfo => ({
    id: `rehearsal-framework-${k}`, name: `rehearsal ${k}`, user: 'strato', roles: ['*'], failoverTimeoutMs: 3_600_000,
    checkpoint: true, capabilities: ['PARTITION_AWARE'], labels: [],
  }));
  const ids: string[] = [];
  let rounds = 0;
  for (let round = 0; round <= plan.rounds && shouldGoOn(); round++) {
    const master = newScratch(store);
    try {
      const { grpcPort } = await master.start();
      if (round === 0) for (const f of frameworks) await master.putFramework(f);
      const client = new AgentLinkClient(`127.0.0.1:${grpcPort}`, grpc.credentials.createInsecure());
      try {
        const messages = Array.from({ length: plan.agents }, (_, i) => (round === 0 ? registerMessage(i) : reregisterMessage(i, ids[i], plan.tasksPerAgent, frameworks)));
        const got = await Promise.all(messages.map((m) => admit(client, m)));
        got.forEach((id, i) => (ids[i] = id));
      } finally {
        client.close();
      }
      if (round > 0) rounds++;
    } finally {
      await master.stop();
    }
  }
  return rounds;
}

/** One scratch agent's stream: sends `message`, resolves with the id in Registered, then hangs up. */
function admit(client: InstanceType<typeof AgentLinkClient>, message: AgentMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const call = client.connect();
    call.on('data', (reply: MasterMessage) => {
      const m = reply.message;
      if (m?.$case === 'registered') {
        resolve(m.value.agentId);
        call.end();
      } else if (m?.$case === 'refused') reject(new Error(m.value.message));
    });
    call.on('error', (error: grpc.ServiceError) => {
      if (error.code !== grpc.status.CANCELLED) reject(error);
    });
    call.write(message);
  });
}

/**
 * Scratch agents alternate between two kinds (integral and fractional quantities, with and without
 * ports) and timestamps are fractional, as real reports are: V8 then compiles the takeover for the
 * value shapes real agents send, not for a subset it would have to deoptimize on.
 */
const AGENT_KINDS = [Resources.parse('cpus:16;mem:65536;disk:100000;ports:[31000-32000]'), Resources.parse('cpus:7.5;mem:15872.5;disk:50000')];

function agentInfo(i: number, id?: string) {
  const resources = AGENT_KINDS[i % AGENT_KINDS.length];
  return agentInfoToProto({ id, hostname: `rehearsal-${i}`, port: 5051 + (i % 7), resources, attributes: [], version: 'rehearsal' });
}

function registerMessage(i: number): AgentMessage {
  return { message: { $case: 'register', value: { agentInfo: agentInfo(i) } } };
}

/**
 * The j-th task of scratch agent i, of a kind as Marathon and Chronos launch them: a labelled shell
 * command, a Docker app on a host port with an HTTP health check (agents with ports only), a bare command.
 */
function scratchTask(i: number, j: number, agentId: string): TaskInfo {
  const taskId = `rehearsal-${i}-${j}`;
  const port = 31000 + j;
  const command = { value: 'sleep 3600', shell: true, arguments: [], environment: { PORT0: String(port) }, uris: [] };
  const kind = i % AGENT_KINDS.length === 0 ? j % 3 : (j % 2) * 2;
  if (kind === 0) return { taskId, name: taskId, agentId, resources: LABELLED_TASK, command, labels: [{ key: 'app', value: 'rehearsal' }] };
  if (kind === 2) return { taskId, name: taskId, agentId, resources: BARE_TASK, command: { ...command, environment: {} }, labels: [] };
  return {
    taskId, name: taskId, agentId, resources: Resources.parse(`cpus:0.5;mem:256;ports:[${port}-${port}]`), command: { ...command, value: '' }, labels: [], killGracePeriodMs: 3000,
    container: { type: 'DOCKER', docker: { image: 'nginx:1', network: 'BRIDGE', portMappings: [{ hostPort: port, containerPort: 80, protocol: 'tcp' }], privileged: false, parameters: [], forcePullImage: false }, volumes: [] },
    healthCheck: { type: 'HTTP', delaySeconds: 15, intervalSeconds: 10, timeoutSeconds: 20, consecutiveFailures: 3, gracePeriodSeconds: 300, http: { scheme: 'http', port, path: '/', statuses: [200] } },
  };
}

function reregisterMessage(i: number, agentId: string, tasksPerAgent: number, frameworks: readonly FrameworkInfo[]): AgentMessage {
  const now = Date.now() / 1000;
  const tasks = Array.from({ length: tasksPerAgent }, (_, j) => {
    const task = scratchTask(i, j, agentId);
    const taskId = task.taskId;
    const status: TaskStatus = {
      taskId, state: 'TASK_RUNNING', message: '', source: 'SOURCE_EXECUTOR', reason: 'REASON_UNSPECIFIED', agentId, timestamp: now - j * 0.37, labels: [],
      ...(j % 2 === 0 ? { uuid: `rehearsal-${i}-${j}-update`, healthy: true } : {}),
    };
    return { frameworkId: frameworks[j % frameworks.length].id!, task: taskInfoToProto(task), latestStatus: taskStatusToProto(status) };
  });
  return { message: { $case: 'reregister', value: { agentInfo: agentInfo(i, agentId), tasks, frameworks: frameworks.map(frameworkInfoToProto) } } };
}
