import { Clock, IdGen, randomUuid, systemClock } from '@strato/clock';
import { AgentLinkService, SchedulerService } from '@strato/proto';
import { createLogger, GrpcServer, HttpServer, listenHttp, Logger, Metrics, startGrpcServer, STRATO_VERSION } from '@strato/service';
import { AgentManager } from './agent-manager';
import { agentLinkService } from './agent-link-service';
import { AllocationLoop } from './allocation-loop';
import { MasterContext } from './context';
import { MasterConfig } from './flags';
import { FrameworkManager } from './framework-manager';
import { masterHttpApi } from './http-api';
import { registerMasterGauges } from './master-metrics';
import { Registry } from './registry';
import { SchedulerCalls } from './scheduler-calls';
import { schedulerService } from './scheduler-service';
import { MasterState } from './state';

export interface MasterDeps {
  readonly clock?: Clock;
  readonly ids?: IdGen;
  readonly random?: () => number;
  readonly logger?: Logger;
}

/** Composition root of the master: state, managers, allocation loop, gRPC and HTTP servers. */
export class Master {
  readonly ctx: MasterContext;
  readonly frameworks: FrameworkManager;
  readonly agents: AgentManager;
  readonly allocation: AllocationLoop;
  readonly calls: SchedulerCalls;
  private grpc?: GrpcServer;
  private http?: HttpServer;

  constructor(config: MasterConfig, deps: MasterDeps = {}) {
    const clock = deps.clock ?? systemClock;
    const ids = deps.ids ?? randomUuid;
    const id = ids.next();
    this.ctx = {
      config,
      clock,
      ids,
      random: deps.random ?? Math.random,
      logger: deps.logger ?? createLogger('master', config.logLevel),
      metrics: new Metrics(),
      registry: new Registry(config.workDir),
      state: new MasterState(config.maxCompletedTasks),
      masterInfo: {
        id,
        hostname: config.hostname,
        ip: config.ip,
        port: config.port,
        grpcPort: config.grpcPort,
        version: STRATO_VERSION,
        pid: `master@${config.hostname}:${config.port}`,
      },
      startTime: clock.now(),
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
    registerMasterGauges(this.ctx);
  }

  async start(): Promise<{ httpPort: number; grpcPort: number }> {
    const { config, logger } = this.ctx;
    this.frameworks.recoverFromRegistry();
    this.agents.recoverFromRegistry();
    this.grpc = await startGrpcServer(config.ip, config.grpcPort, [
      [AgentLinkService, agentLinkService(this.ctx, this.agents, this.frameworks)],
      [SchedulerService, schedulerService(this.ctx, this.frameworks, this.calls)],
    ]);
    this.http = await listenHttp(masterHttpApi(this.ctx, this.frameworks), config.ip, config.port);
    Object.assign(this.ctx.masterInfo, { port: this.http.port, grpcPort: this.grpc.port, pid: `master@${config.hostname}:${this.http.port}` });
    this.allocation.start();
    logger.info(
      { id: this.ctx.masterInfo.id, http: `http://${config.hostname}:${this.http.port}`, grpc: `${config.hostname}:${this.grpc.port}`, workDir: config.workDir },
      'master started',
    );
    return { httpPort: this.http.port, grpcPort: this.grpc.port };
  }

  async stop(): Promise<void> {
    this.allocation.stop();
    this.frameworks.closeAll();
    this.agents.stopAll();
    await Promise.all([this.grpc?.close(), this.http?.close()]);
    this.ctx.logger.info('master stopped');
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
