// A lightweight agent simulator for the master failover benchmark: N simulated agents in this one
// process, no sandboxes and no tasks processes, speaking the real AgentLink protocol (one `Connect`
// stream each) over a few HTTP/2 connections (grpc-lite.ts: a minimal gRPC client, so the simulator
// takes less of the machine from the master under test; HTTP/2 multiplexes the streams). They follow the leading
// master in ZooKeeper exactly as real agents do (the framework SDK's `ZkMasterDetector` on the
// masters' `json.info_` group) and, when a new master leads, re-register with it at once with their
// tasks, like Mesos' synthetic agents in `MasterFailover_BENCHMARK_Test`.
import { systemClock } from '@strato/clock';
import type { FrameworkInfo, TaskInfo, TaskStatus } from '@strato/domain';
import { ZkMasterDetector } from '@strato/framework-sdk';
import { AgentLinkService, AgentMessage, MasterMessage } from '@strato/proto';
import { Resources } from '@strato/resources';
import { agentInfoToProto, frameworkInfoToProto, taskInfoToProto, taskStatusToProto } from '@strato/wire';
import { performance } from 'node:perf_hooks';
import { LiteChannel, type LiteStream } from './grpc-lite';

/** Streams take messages encoded once per agent (the simulator's cost is not the master's). */
type Stream = LiteStream;

export interface SimulatorOptions {
  /** The masters' `--zk` URL (`zk://host:port/path`). */
  readonly zkUrl: string;
  readonly agents: number;
  readonly tasksPerAgent: number;
  /** Tasks are spread round-robin over this many frameworks with fixed ids (`bench-framework-<k>`). */
  readonly frameworks: number;
  /** HTTP/2 connections the agents' streams are spread over. */
  readonly channels: number;
  /** Every agent's total, e.g. `cpus:16;mem:65536;disk:100000`. */
  readonly resources: string;
  /** On a new leader each agent waits random [0, jitterMs] before re-registering; 0: all at once. */
  readonly jitterMs: number;
  /** A refused or failed attempt is retried after retryMs × random [0.5, 1.5). */
  readonly retryMs: number;
  readonly log: (msg: string) => void;
}

/** A master named leader by ZooKeeper, as this process saw it. */
export interface LeaderSeen {
  /** The master's gRPC target, `host:grpc_port`. */
  readonly target: string;
  /** `performance.now()` and wall-clock ms when the detector reported it. */
  readonly at: number;
  readonly wallAt: number;
}

interface SimAgent {
  readonly index: number;
  readonly hostname: string;
  id?: string;
  /** The stream of the latest attempt; events of older streams are ignored. */
  stream?: Stream;
  /** `performance.now()` when Registered arrived, per master target. */
  readonly registered: Map<string, number>;
  retryTimer?: NodeJS.Timeout;
  /** The encoded Reregister message, built once the master assigned an id (tasks carry it). */
  reregister?: Buffer;
}

export interface SimulatorCounters {
  attempts: number;
  refused: number;
  streamErrors: number;
  pings: number;
  /** Refusals by the master's message (its first 100 characters). */
  readonly refusals: Map<string, number>;
  /** How long the latest burst of (re-)registrations kept this process busy sending (ms, summed over its slices). */
  lastBurstMs: number;
}

const FRAMEWORK_PREFIX = 'bench-framework-';
/**
 * A burst connects this many agents per event-loop turn, so their streams leave while the rest are
 * being opened (1,000 real agents send in parallel; one process sending all before it flushes would
 * hold every stream back until the last one is built).
 */
const BURST_SLICE = 25;
const encodeMessage = (message: AgentMessage): Buffer => Buffer.from(AgentMessage.encode(message).finish());
const TASK_RESOURCES = Resources.parse('cpus:0.1;mem:32');

/**
 * The simulated agents. Registration times are taken when each Registered arrives (before any other
 * work), per master, so the benchmark can tell when every agent had been admitted by a given leader.
 */
export class AgentSimulator {
  private readonly agents: SimAgent[];
  private readonly clients = new Map<string, LiteChannel[]>();
  private readonly open = new Set<Stream>();
  private readonly leaders: LeaderSeen[] = [];
  private readonly detector: ZkMasterDetector;
  private readonly agentResources: Resources;
  private readonly frameworkInfos: FrameworkInfo[];
  private stopped = false;
  /** Whether a new leader triggers re-registration (off until the first registration is done). */
  private following = false;
  readonly counters: SimulatorCounters = { attempts: 0, refused: 0, streamErrors: 0, pings: 0, refusals: new Map(), lastBurstMs: 0 };

  constructor(private readonly options: SimulatorOptions) {
    this.agentResources = Resources.parse(options.resources);
    this.agents = Array.from({ length: options.agents }, (_, index) => ({ index, hostname: `sim-${index}`, registered: new Map() }));
    this.frameworkInfos = Array.from({ length: options.frameworks }, (_, k) => ({
      id: `${FRAMEWORK_PREFIX}${k}`, name: `bench framework ${k}`, user: 'bench', roles: ['*'], failoverTimeoutMs: 7 * 24 * 3600_000,
      checkpoint: true, capabilities: ['PARTITION_AWARE'], labels: [],
    }));
    const log = (level: string) => (obj: object, msg?: string) => options.log(`simulator ${level}: ${msg ?? ''} ${JSON.stringify(obj)}`);
    const quiet = () => undefined;
    this.detector = new ZkMasterDetector(
      { url: options.zkUrl, clock: systemClock, logger: { debug: quiet, info: quiet, warn: log('warn'), error: log('error') } },
      (target) => this.leaderChanged(target),
    );
  }

  /** Starts following the masters; resolves with the first leader ZooKeeper names. */
  async start(): Promise<LeaderSeen> {
    this.detector.start();
    await this.detector.next();
    return this.leaders[this.leaders.length - 1];
  }

  /** The latest leader seen (undefined before `start`). */
  get leader(): LeaderSeen | undefined {
    return this.leaders[this.leaders.length - 1];
  }

  /** Registers every agent that has no id yet with the current leader, then follows every new leader. */
  registerAll(): void {
    const leader = this.requireLeader();
    this.burst(this.agents.filter((a) => !a.id), leader.target);
    this.following = true;
  }

  /**
   * Whether a new leader makes every agent re-register at once (the default after `registerAll`).
   * Off: they wait for `reregisterAll` (the benchmark's `--after-recovery` diagnostic).
   */
  setFollowing(on: boolean): void {
    this.following = on;
  }

  /** Every agent re-registers (with its tasks) with the current leader, as after a master restart. */
  reregisterAll(): void {
    const leader = this.requireLeader();
    this.burst(this.agents, leader.target);
  }

  /** Per agent, when Registered arrived from `target` (undefined: not yet). */
  registeredAt(target: string): (number | undefined)[] {
    return this.agents.map((a) => a.registered.get(target));
  }

  /** How many agents got Registered from `target`. */
  registeredCount(target: string): number {
    let n = 0;
    for (const a of this.agents) if (a.registered.has(target)) n++;
    return n;
  }

  /** Forgets Registered times from `target` (before re-registering with the same master again). */
  forget(target: string): void {
    for (const a of this.agents) a.registered.delete(target);
  }

  /** A new leader other than `than`, once the detector reports one. */
  leaderOtherThan(than: string): LeaderSeen | undefined {
    const last = this.leader;
    return last && last.target !== than ? last : undefined;
  }

  /** The streams open now (to any master), for the report. */
  get openStreams(): number {
    return this.open.size;
  }

  stop(): void {
    this.stopped = true;
    this.detector.stop();
    for (const agent of this.agents) clearTimeout(agent.retryTimer);
    for (const stream of this.open) stream.cancel();
    this.open.clear();
    for (const clients of this.clients.values()) for (const c of clients) c.close();
    this.clients.clear();
  }

  private requireLeader(): LeaderSeen {
    const leader = this.leader;
    if (!leader) throw new Error('no leading master known yet; call start() first');
    return leader;
  }

  private leaderChanged(target: string): void {
    this.leaders.push({ target, at: performance.now(), wallAt: Date.now() });
    // A restarted master may get the address of an earlier one: what that one answered does not count.
    for (const agent of this.agents) agent.registered.delete(target);
    for (const [other, clients] of this.clients) {
      if (other === target) continue;
      for (const c of clients) c.close(); // a master that no longer leads exits (or refuses)
      this.clients.delete(other);
    }
    if (!this.following) return;
    for (const agent of this.agents) clearTimeout(agent.retryTimer);
    if (this.options.jitterMs > 0) {
      for (const a of this.agents) a.retryTimer = setTimeout(() => this.connect(a, target), Math.random() * this.options.jitterMs);
    } else {
      this.burst(this.agents, target);
    }
  }

  /** Connects `agents` to `target`, BURST_SLICE per event-loop turn, timing how long that keeps this process busy. */
  private burst(agents: readonly SimAgent[], target: string): void {
    this.counters.lastBurstMs = 0;
    const slice = (from: number) => {
      const start = performance.now();
      for (const a of agents.slice(from, from + BURST_SLICE)) this.connect(a, target);
      this.counters.lastBurstMs += performance.now() - start;
      if (from + BURST_SLICE < agents.length && !this.stopped) setImmediate(() => slice(from + BURST_SLICE));
    };
    slice(0);
  }

  private clientFor(target: string, index: number): LiteChannel {
    let clients = this.clients.get(target);
    if (!clients) {
      clients = Array.from({ length: this.options.channels }, () => new LiteChannel(target));
      this.clients.set(target, clients);
    }
    return clients[index % clients.length];
  }

  /** Opens a new stream to `target` and sends Register (no id yet) or Reregister with the tasks. */
  private connect(agent: SimAgent, target: string): void {
    agent.retryTimer = undefined;
    if (this.stopped || this.leader?.target !== target) return;
    this.counters.attempts++;
    const stream: Stream = this.clientFor(target, agent.index).open(AgentLinkService.connect.path, this.registration(agent), {
      message: (bytes) => this.onData(agent, stream, target, MasterMessage.decode(bytes)),
      gone: (error) => this.onGone(agent, stream, target, error),
    });
    agent.stream = stream;
    this.open.add(stream);
  }

  private onData(agent: SimAgent, stream: Stream, target: string, message: MasterMessage): void {
    const m = message.message;
    if (m?.$case === 'registered') {
      if (stream !== agent.stream) return;
      agent.registered.set(target, performance.now());
      if (agent.id !== m.value.agentId) agent.reregister = undefined;
      agent.id = m.value.agentId;
    } else if (m?.$case === 'ping') {
      this.counters.pings++;
      if (stream.writable) stream.write(encodeMessage({ message: { $case: 'pong', value: { sequence: m.value.sequence } } }));
    } else if (m?.$case === 'refused') {
      this.counters.refused++;
      const reason = m.value.message.slice(0, 100);
      this.counters.refusals.set(reason, (this.counters.refusals.get(reason) ?? 0) + 1);
      stream.cancel(); // the 'error' that follows schedules the retry
    }
  }

  /** A stream ended: retry while the agent is not registered with the master that leads now. */
  private onGone(agent: SimAgent, stream: Stream, target: string, error: boolean): void {
    if (!this.open.delete(stream)) return;
    if (error && !this.stopped) this.counters.streamErrors++;
    if (stream !== agent.stream) return;
    agent.stream = undefined;
    if (this.stopped || agent.registered.has(target) || this.leader?.target !== target) return;
    clearTimeout(agent.retryTimer);
    agent.retryTimer = setTimeout(() => this.connect(agent, target), this.options.retryMs * (0.5 + Math.random()));
  }

  private registration(agent: SimAgent): Buffer {
    const info = { id: agent.id, hostname: agent.hostname, port: 20_000 + agent.index, resources: this.agentResources, attributes: [], version: 'sim' };
    if (!agent.id) return encodeMessage({ message: { $case: 'register', value: { agentInfo: agentInfoToProto(info) } } });
    agent.reregister ??= encodeMessage({ message: { $case: 'reregister', value: this.reregisterValue(agent, agent.id, agentInfoToProto(info)) } });
    return agent.reregister;
  }

  /** Tasks spread round-robin over the frameworks, each TASK_RUNNING as its executor last reported. */
  private reregisterValue(agent: SimAgent, agentId: string, agentInfo: ReturnType<typeof agentInfoToProto>) {
    const now = Date.now() / 1000;
    const tasks = Array.from({ length: this.options.tasksPerAgent }, (_, j) => {
      const framework = this.frameworkInfos[j % this.frameworkInfos.length];
      const taskId = `${agent.hostname}-task-${j}`;
      const task: TaskInfo = {
        taskId, name: `bench task ${j}`, agentId, resources: TASK_RESOURCES,
        command: { value: 'sleep 3600', shell: true, arguments: [], environment: {}, uris: [] },
        labels: [{ key: 'bench', value: 'failover' }],
      };
      const status: TaskStatus = {
        taskId, state: 'TASK_RUNNING', message: '', source: 'SOURCE_EXECUTOR', reason: 'REASON_UNSPECIFIED', agentId, timestamp: now, labels: [],
      };
      return { frameworkId: framework.id!, task: taskInfoToProto(task), latestStatus: taskStatusToProto(status) };
    });
    const used = new Set(tasks.map((t) => t.frameworkId));
    return { agentInfo, tasks, frameworks: this.frameworkInfos.filter((f) => used.has(f.id!)).map(frameworkInfoToProto) };
  }
}
