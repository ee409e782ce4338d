import { freePort, ServiceProcess, startProcess, startZooKeeper, tempDir, TestZooKeeper, waitFor } from '@strato/testing';
import { join } from 'node:path';
import { FAST_MASTER_FLAGS, MasterState } from './cluster';

const ROOT = join(__dirname, '..', '..', '..');
const bin = (app: string) => join(ROOT, 'apps', app, 'bin', `strato-${app}.js`);

/** The services' default session timeout: a dead leader's node goes within seconds, and a ZooKeeper restart (a JVM start, slow on a busy machine) is ridden out. */
export const SESSION_TIMEOUT_MS = 10_000;

/** One service process of the HA cluster, which can be killed, frozen and started again with the same flags. */
export class HaService {
  process!: ServiceProcess;
  starts = 0;

  constructor(
    readonly name: string,
    readonly port: number,
    private readonly args: readonly string[],
    private readonly logFile: string,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get alive(): boolean {
    return this.process?.alive ?? false;
  }

  start(): ServiceProcess {
    this.starts++;
    this.process = startProcess(this.name, process.execPath, { args: this.args, logFile: this.logFile });
    return this.process;
  }

  signal(signal: 'SIGSTOP' | 'SIGCONT'): void {
    this.process.child.kill(signal);
  }

  async stop(): Promise<void> {
    if (!this.process) return;
    if (this.process.alive) this.signal('SIGCONT'); // a frozen process cannot act on SIGTERM
    await this.process.stop(5_000);
  }
}

/** Fetches JSON, following no redirect; undefined when the service does not answer. */
export async function getJson<T>(url: string): Promise<T | undefined> {
  try {
    const res = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(3_000) });
    return res.status === 200 ? ((await res.json()) as T) : undefined;
  } catch {
    return undefined;
  }
}

/** Starts a master (HTTP and gRPC on free ports, work dir `<dir>/<name>`) electing its leader in ZooKeeper at `zkUrl`. */
export async function startHaMaster(dir: string, name: string, zkUrl: string): Promise<HaService> {
  const [http, grpc] = [await freePort(), await freePort()];
  const args = [
    bin('master'), `--port=${http}`, `--grpc_port=${grpc}`, `--work_dir=${join(dir, name)}`, `--zk=${zkUrl}`, `--zk_session_timeout=${SESSION_TIMEOUT_MS}ms`, ...FAST_MASTER_FLAGS,
  ];
  const service = new HaService(name, http, args, join(dir, `${name}.log`));
  service.start();
  return service;
}

/** The master every live one of `masters` (but `except`) sends `/master/redirect` to, if they agree on one. */
export async function leadingMasterOf(masters: readonly HaService[], except?: HaService): Promise<HaService | undefined> {
  const targets = new Set<string>();
  for (const m of masters.filter((s) => s.alive && s !== except)) {
    const res = await fetch(`${m.url}/master/redirect`, { redirect: 'manual', signal: AbortSignal.timeout(3_000) }).catch(() => undefined);
    const location = res?.status === 307 ? res.headers.get('location') : undefined;
    if (!location) return undefined;
    targets.add(new URL(location, m.url).port);
  }
  if (targets.size !== 1) return undefined;
  const [port] = [...targets];
  return masters.find((m) => String(m.port) === port && m.alive);
}

/**
 * A real ZooKeeper, three masters, two agents, two Marathons and two Chronos, all real processes on
 * loopback, electing their leaders in ZooKeeper (as `npm run cluster:ha`, with short timeouts).
 */
export class HaCluster {
  readonly masters: HaService[] = [];
  readonly agents: HaService[] = [];
  readonly marathons: HaService[] = [];
  readonly chronos: HaService[] = [];

  private constructor(
    readonly dir: string,
    readonly zk: TestZooKeeper,
  ) {}

  get masterZk(): string {
    return this.zk.url('/strato/master');
  }

  static async start(): Promise<HaCluster> {
    const cluster = new HaCluster(tempDir('strato-ha-'), await startZooKeeper());
    try {
      await cluster.startAll();
    } catch (error) {
      const tails = cluster.logTails();
      await cluster.stop();
      throw new Error(`${error instanceof Error ? error.message : String(error)}\n${tails}`);
    }
    return cluster;
  }

  private async service(name: string, app: string, port: number, args: readonly string[]): Promise<HaService> {
    const service = new HaService(name, port, [bin(app), ...args], join(this.dir, `${name}.log`));
    service.start();
    return service;
  }

  private async startAll(): Promise<void> {
    const zk = this.zk.connectString;
    const timeout = `--zk_session_timeout=${SESSION_TIMEOUT_MS}ms`;
    for (let i = 0; i < 3; i++) this.masters.push(await startHaMaster(this.dir, `master-${i}`, this.masterZk));
    const leader = await waitFor(() => this.leadingMaster(), { timeoutMs: 30_000, description: 'a leading master' });
    // Standby masters rehearse a takeover once started (--standby_rehearsal_agents): the rest starts once they
    // have, as in a cluster that has been up a while (and their scratch masters' loopback ports are closed again).
    await waitFor(async () => {
      const counts = await Promise.all(this.masters.filter((m) => m !== leader).map((m) => getJson<Record<string, number>>(`${m.url}/metrics/snapshot`)));
      return counts.every((c) => (c?.['master/standby_rehearsals'] ?? 0) >= 1);
    }, { timeoutMs: 30_000, description: 'the standby masters to rehearse a takeover' });
    for (let i = 0; i < 2; i++) {
      const port = await freePort();
      this.agents.push(await this.service(`agent-${i}`, 'agent', port, [
        `--master=${this.masterZk}`, `--port=${port}`, `--work_dir=${join(this.dir, `agent-${i}`)}`, timeout,
        `--resources=cpus:4;mem:2048;disk:4096;ports:[${31000 + i * 100}-${31099 + i * 100}]`, '--registration_backoff_factor=100ms',
        '--status_update_retry_interval_min=1secs', `--attributes=index:${i}`,
      ]));
    }
    for (let i = 0; i < 2; i++) {
      const port = await freePort();
      this.marathons.push(await this.service(`marathon-${i}`, 'marathon', port, [
        `--master=${this.masterZk}`, `--zk=${this.zk.url('/strato/marathon')}`, `--zk_session_timeout=${SESSION_TIMEOUT_MS}`, `--http_port=${port}`,
        `--work_dir=${join(this.dir, `marathon-${i}`)}`, '--decline_offer_duration=1000', '--min_revive_offers_interval=100',
      ]));
      const chronosPort = await freePort();
      this.chronos.push(await this.service(`chronos-${i}`, 'chronos', chronosPort, [
        `--master=${this.masterZk}`, `--zk_hosts=${zk}`, '--zk_path=/strato/chronos', `--zk_timeout=${SESSION_TIMEOUT_MS}`, `--http_port=${chronosPort}`,
        `--work_dir=${join(this.dir, `chronos-${i}`)}`, '--failure_retry=500', '--decline_offer_duration=1000', '--min_revive_offers_interval=100',
      ]));
    }
    await this.waitForAgents(2);
    await waitFor(async () => (await this.marathonInfo())?.frameworkId, { timeoutMs: 30_000, description: 'the leading Marathon to register' });
    await waitFor(async () => (await this.chronosHealth())?.frameworkId, { timeoutMs: 30_000, description: 'the leading Chronos to register' });
  }

  /** The master every live master's `/master/redirect` points at, if they agree on one. */
  leadingMaster(except?: HaService): Promise<HaService | undefined> {
    return leadingMasterOf(this.masters, except);
  }

  async masterState(except?: HaService): Promise<MasterState | undefined> {
    const leader = await this.leadingMaster(except);
    return leader ? getJson<MasterState>(`${leader.url}/master/state`) : undefined;
  }

  async waitForAgents(n: number, timeoutMs = 30_000, except?: HaService): Promise<MasterState> {
    return waitFor(async () => {
      const s = await this.masterState(except);
      return s && s.slaves.filter((a) => a.active).length >= n ? s : undefined;
    }, { timeoutMs, description: `${n} active agents at the leading master` });
  }

  /** Marathon's `/v2/leader` asked of every live instance; the leader if all name the same one. */
  async leading(services: readonly HaService[], path: string): Promise<HaService | undefined> {
    const answers = new Set<string>();
    for (const s of services.filter((x) => x.alive)) {
      const body = await getJson<{ leader: string }>(`${s.url}${path}`);
      if (!body?.leader) return undefined;
      answers.add(body.leader);
    }
    if (answers.size !== 1) return undefined;
    const port = [...answers][0]!.split(':').pop();
    return services.find((s) => String(s.port) === port && s.alive);
  }

  leadingMarathon(): Promise<HaService | undefined> {
    return this.leading(this.marathons, '/v2/leader');
  }

  leadingChronos(): Promise<HaService | undefined> {
    return this.leading(this.chronos, '/leader');
  }

  /** `/v2/info` through any live Marathon (a standby proxies it). */
  async marathonInfo(): Promise<{ frameworkId: string | null } | undefined> {
    const any = this.marathons.find((m) => m.alive);
    return any ? getJson(`${any.url}/v2/info`) : undefined;
  }

  async chronosHealth(): Promise<{ frameworkId: string | null } | undefined> {
    const leader = await this.leadingChronos();
    return leader ? getJson(`${leader.url}/health`) : undefined;
  }

  /** The last lines of every service's log, for a start that failed. */
  logTails(lines = 12): string {
    return [...this.masters, ...this.agents, ...this.marathons, ...this.chronos]
      .filter((s) => s.process)
      .map((s) => `--- ${s.name} (${s.alive ? 'running' : 'exited'}):\n${s.process.logs.trimEnd().split('\n').slice(-lines).join('\n')}`)
      .join('\n');
  }

  async stop(): Promise<void> {
    const all = [...this.chronos, ...this.marathons, ...this.agents, ...this.masters];
    await Promise.all(all.map((s) => s.stop()));
    await this.zk.stop();
  }
}
