import { Clock, IdGen, randomUuid, systemClock } from '@strato/clock';
import { FileStore, KeyValueStore, MemoryStore, ZkSession, ZooKeeperStore } from '@strato/coordination';
import { MasterInfo } from '@strato/domain';
import { getErrorMessage } from '@strato/errors';
import { SchedulerService } from '@strato/proto';
import { createLogger, GrpcServer, HttpServer, listenHttp, Logger, Metrics, startGrpcServer, STRATO_VERSION } from '@strato/service';
import { AgentManager } from './agent-manager';
import { agentLinkService, AgentLinkServiceRaw } from './agent-link-service';
import { AllocationLoop } from './allocation-loop';
import { MasterContext } from './context';
import { MasterConfig } from './flags';
import { FrameworkManager } from './framework-manager';
import { masterHttpApi } from './http-api';
import { registerMasterGauges } from './master-metrics';
import { Registry } from './registry';
import { openLocalRegistryStore } from './registry-store';
import { MasterElection } from './election';
import { standaloneGate } from './leader-gate';
import { SchedulerCalls } from './scheduler-calls';
import { schedulerService } from './scheduler-service';
import { MasterState } from './state';
import { StandbyWarmup } from './standby-warmup';
import { ScratchMaster } from './takeover-rehearsal';

export interface MasterDeps {
  readonly clock?: Clock;
  readonly ids?: IdGen;
  readonly random?: () => number;
  readonly logger?: Logger;
  /** The registry's store (tests: a `MemoryStore`); default `<work_dir>/registry`, or ZooKeeper with `--zk`. */
  readonly registryStore?: KeyValueStore;
  /** Ends the process when the master must stop acting for good (lost leadership, a failed registry write). */
  readonly exit?: (code: number) => void;
  /** Monotonic milliseconds the ZooKeeper lease is measured with (default `performance.now`; tests jump it). */
  readonly leaseNow?: () => number;
}

/** How long `stop()` waits for registry writes still in flight. */
const STOP_FLUSH_MS = 3_000;

/** Composition root of the master: state, managers, allocation loop, election, gRPC and HTTP servers. */
export class Master {
  readonly ctx: MasterContext;
  readonly frameworks: FrameworkManager;
  readonly agents: AgentManager;
  readonly allocation: AllocationLoop;
  readonly calls: SchedulerCalls;
  private readonly election?: MasterElection;
  private readonly exit: (code: number) => void;
  private grpc?: GrpcServer;
  private http?: HttpServer;
  private localStore?: FileStore;
  private ended = false;
  private readonly warmup: StandbyWarmup;

  constructor(
    config: MasterConfig,
    private readonly deps: MasterDeps = {},
  ) {
    const clock = deps.clock ?? systemClock;
    const ids = deps.ids ?? randomUuid;
    const logger = deps.logger ?? createLogger('master', config.logLevel);
    const id = ids.next();
    this.exit = deps.exit ?? ((code) => process.exit(code));
    const masterInfo: MasterInfo = {
      id,
      hostname: config.hostname,
      ip: config.ip,
      port: config.port,
      grpcPort: config.grpcPort,
      version: STRATO_VERSION,
      pid: `master@${config.hostname}:${config.port}`,
    };
    const startTime = clock.now();
    if (config.zk) {
      this.election = new MasterElection({ zk: config.zk, sessionTimeoutMs: config.zkSessionTimeoutMs, self: masterInfo, now: () => clock.now(), leaseNow: deps.leaseNow }, logger, {
        elected: (session) => this.takeOver(session),
        lost: (reason) => this.end(`lost leadership (${reason}); exiting so a supervisor restarts this instance as a standby`),
        leaderChanged: () => this.warmup.followLeader(),
      });
    }
    this.ctx = {
      config,
      clock,
      ids,
      random: deps.random ?? Math.random,
      logger,
      metrics: new Metrics(),
      registry: new Registry((error) => this.end(`registry write failed (${getErrorMessage(error)}); exiting so a supervisor restarts this instance`)),
      state: new MasterState(config.maxCompletedTasks),
      masterInfo,
      startTime,
      gate: this.election ?? standaloneGate(masterInfo, startTime),
    };
    const rescind = (offerIds: Iterable<string>, notify: boolean) => this.rescindOffers(offerIds, notify);
    this.frameworks = new FrameworkManager(this.ctx, {
      requestAllocation: () => this.allocation.request(),
      shutdownOnAgents: (framework) => {
        const agentIds = new Set(this.ctx.state.tasksOf(framework.taskKeys).map((t) => t.agentId));
        for (const agentId of agentIds) {
          this.ctx.state.agents.get(agentId)?.link?.send({ message: { $case: 'shutdownFramework', value: { frameworkId: framework.id } } });
        }
      },
      rescindOffers: rescind,
    });
    this.allocation = new AllocationLoop(this.ctx, this.frameworks, rescind);
    this.agents = new AgentManager(this.ctx, this.frameworks, { requestAllocation: () => this.allocation.request(), rescindOffers: rescind });
    this.calls = new SchedulerCalls(this.ctx, this.frameworks, this.agents, this.allocation);
    this.warmup = new StandbyWarmup(this.ctx, (store) => scratchMaster(config, store), () => this.ended);
    registerMasterGauges(this.ctx);
  }

  /**
   * Standalone: recovers the registry, starts the servers and allocates. With `--zk`: starts the
   * servers at once (a standby redirects and refuses), then stands in the election; the registry is
   * read from ZooKeeper only once elected.
   */
  async start(): Promise<{ httpPort: number; grpcPort: number }> {
    const { config, logger } = this.ctx;
    if (!this.election) {
      this.localStore = this.deps.registryStore ? undefined : await openLocalRegistryStore(config.workDir);
      await this.recover(this.deps.registryStore ?? this.localStore!);
    }
    this.grpc = await startGrpcServer(config.ip, config.grpcPort, [
      [AgentLinkServiceRaw, agentLinkService(this.ctx, this.agents, this.frameworks)],
      [SchedulerService, schedulerService(this.ctx, this.frameworks, this.calls)],
    ]);
    this.http = await listenHttp(masterHttpApi(this.ctx, this.frameworks), config.ip, config.port);
    Object.assign(this.ctx.masterInfo, { port: this.http.port, grpcPort: this.grpc.port, pid: `master@${config.hostname}:${this.http.port}` });
    if (this.election) await this.election.start();
    else this.allocation.start();
    if (this.election) this.warmup.start();
    logger.info(
      {
        id: this.ctx.masterInfo.id,
        http: `http://${config.hostname}:${this.http.port}`,
        grpc: `${config.hostname}:${this.grpc.port}`,
        registry: config.zk ? `zk://${config.zk.servers}${registryPath(config.zk.path)}` : config.workDir,
        role: this.ctx.gate.role,
      },
      'master started',
    );
    return { httpPort: this.http.port, grpcPort: this.grpc.port };
  }

  /** Loads the registry from `store`: known agents wait to re-register, known frameworks to re-subscribe. */
  async recover(store: KeyValueStore): Promise<void> {
    await this.ctx.registry.load(store);
    this.frameworks.recoverFromRegistry();
    this.agents.recoverFromRegistry();
  }

  /** Withdraws from the election (another master takes over at once) and stops serving. */
  async stop(): Promise<void> {
    this.ended = true;
    this.warmup.stop();
    this.allocation.stop();
    this.frameworks.closeAll();
    this.agents.stopAll();
    await flushWithin(this.ctx.registry.idle(), STOP_FLUSH_MS);
    await this.election?.stop();
    await Promise.all([this.grpc?.close(), this.http?.close()]);
    await this.localStore?.close();
    this.ctx.logger.info('master stopped');
  }

  /** Elected: read the registry from ZooKeeper, recover and allocate (acting waits on the gate). */
  private async takeOver(session: ZkSession): Promise<void> {
    this.warmup.stop();
    const zk = this.ctx.config.zk!;
    const store = this.deps.registryStore ?? (await ZooKeeperStore.open(session, registryPath(zk.path)));
    await this.recover(store);
    this.allocation.start();
  }

  /** Stops acting at once and exits (Mesos aborts; a supervisor restarts it as a standby). */
  private end(message: string): void {
    if (this.ended) return;
    this.ended = true;
    this.warmup.stop();
    this.allocation.stop();
    this.frameworks.closeAll();
    this.agents.stopAll();
    this.ctx.logger.error(message);
    this.exit(1);
  }

  /** Withdraws offers; with `notify` the frameworks are told (RESCIND), otherwise they are just recovered. */
  private rescindOffers(offerIds: Iterable<string>, notify: boolean): void {
    for (const id of [...offerIds]) {
      const offer = this.ctx.state.removeOffer(id);
      if (!offer) continue;
      this.ctx.clock.clearTimeout(offer.timer);
      const framework = this.ctx.state.frameworks.get(offer.frameworkId);
      if (notify && framework) this.frameworks.sendRescind(framework, id);
      this.ctx.metrics.increment('master/offers_rescinded');
    }
  }
}

/** The registry's znode: `registry` under the `--zk` path, beside the election's `json.info_` nodes. */
export function registryPath(zkPath: string): string {
  return `${zkPath === '/' ? '' : zkPath}/registry`;
}

/** A scratch master for the rehearsal: this config without ZooKeeper, on loopback ports of its own, silent, on `store`. */
export function scratchMaster(config: MasterConfig, store: MemoryStore): ScratchMaster & { readonly master: Master } {
  const scratch: MasterConfig = { ...config, zk: undefined, ip: '127.0.0.1', hostname: '127.0.0.1', port: 0, grpcPort: 0, standbyRehearsalAgents: 0 };
  const master = new Master(scratch, { registryStore: store, logger: createLogger('master-rehearsal', 'silent'), exit: () => undefined });
  return {
    master,
    start: () => master.start(),
    stop: () => master.stop(),
    putFramework: (f) =>
      master.ctx.registry.putFramework({ id: f.id!, name: f.name, user: f.user, roles: f.roles, failoverTimeoutMs: f.failoverTimeoutMs, capabilities: f.capabilities, registeredTime: 0 }),
  };
}

async function flushWithin(done: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([done, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}
