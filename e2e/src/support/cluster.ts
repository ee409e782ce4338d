import { freePort, ServiceProcess, startProcess, tempDir, waitFor } from '@strato/testing';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const MASTER_BIN = join(ROOT, 'apps', 'master', 'bin', 'strato-master.js');
const AGENT_BIN = join(ROOT, 'apps', 'agent', 'bin', 'strato-agent.js');

/** Fast timeouts so failure handling shows within seconds. */
export const FAST_MASTER_FLAGS = [
  '--allocation_interval=100ms',
  '--agent_ping_timeout=300ms',
  '--max_agent_ping_timeouts=3',
  '--framework_heartbeat_interval=1secs',
];

export interface AgentHandle {
  readonly index: number;
  process: ServiceProcess;
  readonly httpPort: number;
  readonly workDir: string;
  readonly args: readonly string[];
}

/** A master and agents as real processes on free ports, in a temporary folder. */
export class TestCluster {
  master!: ServiceProcess;
  readonly agents: AgentHandle[] = [];

  private constructor(
    readonly dir: string,
    readonly httpPort: number,
    readonly grpcPort: number,
    private readonly masterFlags: readonly string[],
  ) {}

  static async start(options: { agents?: number; masterFlags?: readonly string[]; agentResources?: (i: number) => string } = {}): Promise<TestCluster> {
    const cluster = new TestCluster(tempDir('strato-e2e-'), await freePort(), await freePort(), options.masterFlags ?? FAST_MASTER_FLAGS);
    await cluster.startMaster();
    for (let i = 0; i < (options.agents ?? 2); i++) {
      const resources = options.agentResources?.(i) ?? `cpus:4;mem:2048;disk:4096;ports:[${31000 + i * 100}-${31099 + i * 100}]`;
      await cluster.addAgent(resources);
    }
    await cluster.waitForAgents(options.agents ?? 2);
    return cluster;
  }

  get masterAddress(): string {
    return `127.0.0.1:${this.grpcPort}`;
  }

  get masterUrl(): string {
    return `http://127.0.0.1:${this.httpPort}`;
  }

  async startMaster(): Promise<void> {
    this.master = startProcess('master', process.execPath, {
      args: [MASTER_BIN, `--port=${this.httpPort}`, `--grpc_port=${this.grpcPort}`, `--work_dir=${join(this.dir, 'master')}`, ...this.masterFlags],
      logFile: join(this.dir, 'master.log'),
    });
    await this.master.waitForLog(/master started/);
  }

  async addAgent(resources: string, attributes = ''): Promise<AgentHandle> {
    const index = this.agents.length;
    const httpPort = await freePort();
    const workDir = join(this.dir, `agent-${index}`);
    const args = [
      AGENT_BIN, `--master=${this.masterAddress}`, `--port=${httpPort}`, `--work_dir=${workDir}`, `--resources=${resources}`,
      '--registration_backoff_factor=100ms', '--status_update_retry_interval_min=1secs', `--attributes=${attributes || `index:${index}`}`,
    ];
    const agent: AgentHandle = { index, httpPort, workDir, args, process: this.spawnAgent(index, args) };
    this.agents.push(agent);
    return agent;
  }

  /** Starts the agent again with the same flags and work dir (after a crash). */
  restartAgent(agent: AgentHandle): void {
    agent.process = this.spawnAgent(agent.index, agent.args);
  }

  private spawnAgent(index: number, args: readonly string[]): ServiceProcess {
    return startProcess(`agent-${index}`, process.execPath, { args, logFile: join(this.dir, `agent-${index}.log`) });
  }

  async state(): Promise<MasterState> {
    const res = await fetch(`${this.masterUrl}/master/state`);
    return (await res.json()) as MasterState;
  }

  async metrics(): Promise<Record<string, number>> {
    return (await (await fetch(`${this.masterUrl}/metrics/snapshot`)).json()) as Record<string, number>;
  }

  async waitForAgents(n: number, timeoutMs = 20_000): Promise<MasterState> {
    return waitFor(
      async () => {
        const s = await this.state();
        return s.slaves.filter((a) => a.active).length >= n ? s : undefined;
      },
      { timeoutMs, description: `${n} active agents` },
    );
  }

  async agentState(agent: AgentHandle): Promise<AgentState> {
    return (await (await fetch(`http://127.0.0.1:${agent.httpPort}/state`)).json()) as AgentState;
  }

  async stop(): Promise<void> {
    await Promise.all(this.agents.map((a) => a.process.stop(8000)));
    await this.master.stop(5000);
  }
}

export interface MasterState {
  id: string;
  slaves: { id: string; hostname: string; active: boolean; state: string; resources: Record<string, number | string>; used_resources: Record<string, number | string>; attributes: Record<string, string | number> }[];
  frameworks: { id: string; name: string; active: boolean; connected: boolean; suppressed_roles: string[]; tasks: { id: string; state: string; slave_id: string }[]; completed_tasks: { id: string; state: string }[] }[];
}

export interface AgentState {
  id: string;
  tasks?: { id: string; state: string; sandbox?: string; directory?: string }[];
  [key: string]: unknown;
}
