import { freePort, ServiceProcess, startProcess, waitFor } from '@strato/testing';
import { request as httpRequest, IncomingMessage, ClientRequest } from 'node:http';
import { join } from 'node:path';
import { AgentHandle, TestCluster } from './cluster';

const ROOT = join(__dirname, '..', '..', '..');
const MARATHON_BIN = join(ROOT, 'apps', 'marathon', 'bin', 'strato-marathon.js');
const AGENT_BIN = join(ROOT, 'apps', 'agent', 'bin', 'strato-agent.js');

export interface TaskJson {
  id: string;
  appId: string;
  host: string;
  slaveId: string;
  state: string;
  ports: number[];
  version: string;
}

export interface AppInfoJson {
  id: string;
  cmd?: string;
  instances: number;
  version: string;
  tasksStaged: number;
  tasksRunning: number;
  tasks: TaskJson[];
  deployments: { id: string }[];
  [key: string]: unknown;
}

export interface SseEvent {
  event: string;
  data: { eventType: string; [key: string]: unknown };
}

/** An SSE client of `/v2/events` that keeps every frame it receives. */
export class EventCollector {
  readonly events: SseEvent[] = [];
  private buffer = '';
  private req?: ClientRequest;
  private res?: IncomingMessage;

  constructor(private readonly port: number) {}

  open(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.req = httpRequest({ host: '127.0.0.1', port: this.port, path: '/v2/events', headers: { accept: 'text/event-stream' } }, (res) => {
        this.res = res;
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => this.feed(chunk));
        res.on('error', () => undefined);
        resolve(res.statusCode ?? 0);
      });
      this.req.on('error', reject);
      this.req.end();
    });
  }

  private feed(chunk: string): void {
    this.buffer += chunk;
    let end: number;
    while ((end = this.buffer.indexOf('\n\n')) >= 0) {
      const frame = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      let event = 'message';
      const data: string[] = [];
      for (const line of frame.split('\n')) {
        if (line.startsWith('event:')) event = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
      }
      if (data.length === 0) continue;
      this.events.push({ event, data: JSON.parse(data.join('\n')) as SseEvent['data'] });
    }
  }

  ofType(type: string): SseEvent[] {
    return this.events.filter((e) => e.event === type);
  }

  async waitFor(type: string, predicate: (e: SseEvent) => boolean = () => true, timeoutMs = 20_000): Promise<SseEvent> {
    try {
      return await waitFor(() => this.events.find((e) => e.event === type && predicate(e)), { timeoutMs, description: `SSE event ${type}` });
    } catch (error) {
      const seen = [...new Set(this.events.map((e) => e.event))].join(', ') || 'nothing';
      throw new Error(`${(error as Error).message} (seen: ${seen})`);
    }
  }

  close(): void {
    this.res?.destroy();
    this.req?.destroy();
  }
}

/** Marathon (`apps/marathon/bin/strato-marathon.js`) against a TestCluster, its work dir inside the cluster dir. */
export class TestMarathon {
  process?: ServiceProcess;
  private readonly collectors: EventCollector[] = [];

  private constructor(
    readonly cluster: TestCluster,
    readonly port: number,
    readonly workDir: string,
    private readonly extraFlags: readonly string[],
  ) {}

  static async start(cluster: TestCluster, extraFlags: readonly string[] = ['--decline_offer_duration=1000', '--min_revive_offers_interval=100']): Promise<TestMarathon> {
    const m = new TestMarathon(cluster, await freePort(), join(cluster.dir, 'marathon'), extraFlags);
    await m.startProcess();
    return m;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Starts (or starts again, after `stop`) with the same port and work dir; resolves once it is registered. */
  async startProcess(): Promise<void> {
    this.process = startProcess('marathon', process.execPath, {
      args: [MARATHON_BIN, `--master=${this.cluster.masterAddress}`, `--http_port=${this.port}`, `--work_dir=${this.workDir}`, ...this.extraFlags],
      logFile: join(this.cluster.dir, 'marathon.log'),
    });
    await this.process.waitForLog(/marathon started/, 20_000);
    await waitFor(async () => ((await this.json<{ frameworkId: string | null }>('/v2/info')).frameworkId ? true : undefined), {
      timeoutMs: 20_000,
      description: 'Marathon to register with the master',
    });
  }

  api(path: string, init: RequestInit = {}): Promise<Response> {
    return fetch(`${this.url}${path}`, { ...init, headers: { 'content-type': 'application/json', ...(init.headers as Record<string, string> | undefined) } });
  }

  async json<T>(path: string, init: RequestInit = {}): Promise<T> {
    return (await (await this.api(path, init)).json()) as T;
  }

  async post(path: string, body: unknown): Promise<Response> {
    return this.api(path, { method: 'POST', body: JSON.stringify(body) });
  }

  async put(path: string, body: unknown): Promise<Response> {
    return this.api(path, { method: 'PUT', body: JSON.stringify(body) });
  }

  async app(id: string): Promise<AppInfoJson> {
    const res = await this.api(`/v2/apps${id}?embed=app.tasks`);
    if (res.status !== 200) throw new Error(`GET /v2/apps${id}: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { app: AppInfoJson }).app;
  }

  async deployments(): Promise<{ id: string; affectedApps: string[] }[]> {
    return this.json('/v2/deployments');
  }

  /** Waits until the app has exactly `n` running tasks (and no others) and no deployment. */
  waitForRunning(id: string, n: number, timeoutMs = 30_000): Promise<AppInfoJson> {
    return waitFor(
      async () => {
        const a = await this.app(id);
        return a.tasksRunning === n && a.tasks.length === n && a.deployments.length === 0 ? a : undefined;
      },
      { timeoutMs, description: `${id} to run ${n} tasks with no deployment` },
    );
  }

  /** Opens an SSE stream on `/v2/events`; closed by `stop`. */
  async events(): Promise<EventCollector> {
    const c = new EventCollector(this.port);
    const status = await c.open();
    if (status !== 200) throw new Error(`GET /v2/events answered ${status}`);
    this.collectors.push(c);
    return c;
  }

  async stop(): Promise<void> {
    this.collectors.splice(0).forEach((c) => c.close());
    await this.process?.stop(8000);
  }
}

/** A cluster whose agents advertise distinct hostnames (`agent-0`, `agent-1`, ...), so hostname constraints can spread. */
export async function startClusterWithHostnames(agents = 2): Promise<TestCluster> {
  const cluster = await TestCluster.start({ agents: 0 });
  for (let index = 0; index < agents; index++) {
    const httpPort = await freePort();
    const workDir = join(cluster.dir, `agent-${index}`);
    const args = [
      AGENT_BIN, `--master=${cluster.masterAddress}`, `--port=${httpPort}`, `--work_dir=${workDir}`,
      `--resources=cpus:4;mem:2048;disk:4096;ports:[${31000 + index * 100}-${31099 + index * 100}]`,
      '--registration_backoff_factor=100ms', '--status_update_retry_interval_min=1secs', `--attributes=index:${index}`, `--hostname=agent-${index}`,
    ];
    const agent: AgentHandle = {
      index, httpPort, workDir, args,
      process: startProcess(`agent-${index}`, process.execPath, { args, logFile: join(cluster.dir, `agent-${index}.log`) }),
    };
    cluster.agents.push(agent);
  }
  await cluster.waitForAgents(agents);
  return cluster;
}

/** Running tasks on the agents themselves (their `/state`), task id → agent index. */
export async function agentRunningTasks(cluster: TestCluster, prefix: string): Promise<{ id: string; agent: number }[]> {
  const found: { id: string; agent: number }[] = [];
  for (const agent of cluster.agents) {
    const state = await cluster.agentState(agent);
    for (const t of state.tasks ?? []) if (t.state === 'TASK_RUNNING' && t.id.startsWith(prefix)) found.push({ id: t.id, agent: agent.index });
  }
  return found;
}

/**
 * A cluster (2 agents by default) and Marathon for a whole `describe` block, started in `beforeAll`
 * and stopped in `afterAll`. Read `env.cluster` / `env.marathon` inside the tests.
 */
export function useMarathonCluster(agents = 2): { cluster: TestCluster; marathon: TestMarathon } {
  const env = {} as { cluster: TestCluster; marathon: TestMarathon };
  beforeAll(async () => {
    env.cluster = await TestCluster.start({ agents });
    env.marathon = await TestMarathon.start(env.cluster);
  });
  afterAll(async () => {
    await env.marathon?.stop();
    await env.cluster?.stop();
  });
  return env;
}
