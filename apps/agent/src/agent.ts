import { Clock, IdGen, randomUuid, systemClock, TimerHandle } from '@strato/clock';
import { TaskStatus } from '@strato/domain';
import * as pb from '@strato/proto';
import { Attribute, parseAttributes, Resources } from '@strato/resources';
import { createLogger, HttpServer, listenHttp, Logger, Metrics } from '@strato/service';
import { agentInfoToProto, taskStatusToProto } from '@strato/wire';
import { mkdirSync } from 'node:fs';
import { version as VERSION } from '../package.json';
import { registerAgentMetrics } from './agent-metrics';
import { CheckpointStore } from './checkpoint';
import { Containerizer } from './containerizer';
import { Fetcher, RealFetcher } from './fetcher';
import { AgentConfig, configToFlags } from './flags';
import { AgentView, createHttpApi } from './http-api';
import { fixedMaster, isZkUrl, MasterDetector, ZkMasterDetector } from './master-detector';
import { MasterLink } from './master-link';
import { LauncherSpawner } from './launcher/launcher-spawner';
import { ProcessContainerizer } from './process-containerizer';
import { agentResources, HostFacts, probeHost } from './resources-detect';
import { isSafePathSegment, pointLatest, sandboxesRoot } from './sandbox';
import { agentStateJSON, statisticsJSON } from './state-view';
import { StatusUpdateManager } from './status-updates';
import { recoverTasks } from './task-recovery';
import { TaskManager } from './task-manager';

export interface AgentOptions {
  readonly config: AgentConfig;
  readonly clock?: Clock;
  readonly ids?: IdGen;
  readonly random?: () => number;
  readonly logger?: Logger;
  readonly containerizer?: Containerizer;
  /**
   * The launcher helper script (`dist/launcher.js`): the process containerizer forks tasks from that
   * small process instead of from the agent. Tasks are forked from the agent itself when absent.
   */
  readonly launcherPath?: string;
  /** Fetches `command.uris` into sandboxes (the real fetcher when absent). */
  readonly fetcher?: Fetcher;
  /** Host facts for resource detection (probed from the machine when absent). */
  readonly host?: HostFacts;
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** How long shutdown waits for the final updates to be acknowledged. */
  readonly shutdownDeliveryMs?: number;
}

const SHUTDOWN_KILL_MARGIN_MS = 10_000;

/** The agent process: resources, tasks, the master link and the HTTP endpoints, wired together. */
export class Agent {
  readonly config: AgentConfig;
  readonly logger: Logger;
  readonly metrics = new Metrics();
  readonly tasks: TaskManager;
  private readonly clock: Clock;
  private readonly updates: StatusUpdateManager;
  private readonly checkpoints: CheckpointStore;
  private readonly containerizer: Containerizer;
  private readonly launcher?: LauncherSpawner;
  private readonly link: MasterLink;
  private readonly startTimeMs: number;
  private resources = Resources.EMPTY;
  private attributes: Attribute[] = [];
  private agentId?: string;
  private masterInfo?: pb.MasterInfo;
  private http?: HttpServer;
  private running = false;

  constructor(private readonly options: AgentOptions) {
    const config = (this.config = options.config);
    this.clock = options.clock ?? systemClock;
    this.startTimeMs = this.clock.now();
    this.logger = options.logger ?? createLogger('agent', config.logLevel);
    this.checkpoints = new CheckpointStore(config.workDir);
    if (!options.containerizer && options.launcherPath) this.launcher = new LauncherSpawner({ path: options.launcherPath, logger: this.logger });
    this.containerizer = options.containerizer ?? new ProcessContainerizer({ clock: this.clock, spawner: this.launcher });
    const forward = (u: { frameworkId: string; status: TaskStatus }) => this.sendStatus(u.frameworkId, u.status);
    this.updates = new StatusUpdateManager({ clock: this.clock, retryMinMs: config.statusUpdateRetryIntervalMinMs, forward });
    this.tasks = new TaskManager({
      workDir: config.workDir,
      hostname: config.hostname,
      clock: this.clock,
      ids: options.ids ?? randomUuid,
      containerizer: this.containerizer,
      fetcher: options.fetcher ?? new RealFetcher({ cacheDir: config.fetcherCacheDir, stallTimeoutMs: config.fetcherStallTimeoutMs }),
      checkpoints: this.checkpoints,
      updates: this.updates,
      logger: this.logger,
      metrics: this.metrics,
      defaultKillGracePeriodMs: config.defaultKillGracePeriodMs,
      agentId: () => this.agentId ?? '',
      agentEnv: options.env ?? process.env,
      sendUnreliable: (frameworkId, status) => this.sendStatus(frameworkId, status),
    });
    this.link = new MasterLink({
      master: this.masterDetector(),
      clock: this.clock,
      random: options.random ?? Math.random,
      backoffFactorMs: config.registrationBackoffFactorMs,
      logger: this.logger,
      handlers: {
        registration: () => this.registration(),
        onRegistered: (r) => this.onRegistered(r),
        onMessage: (m) => this.onMasterMessage(m),
        onDisconnected: () => this.updates.pause(),
      },
    });
  }

  /** `--master=zk://…`: follow the elected master (Mesos `json.info_` nodes); else the fixed address. */
  private masterDetector(): MasterDetector {
    const { master, zkSessionTimeoutMs } = this.config;
    if (!isZkUrl(master)) return fixedMaster(master);
    return new ZkMasterDetector({ url: master, sessionTimeoutMs: zkSessionTimeoutMs, clock: this.clock, logger: this.logger });
  }

  get httpPort(): number {
    return this.http?.port ?? 0;
  }

  get id(): string | undefined {
    return this.agentId;
  }

  get registered(): boolean {
    return this.link.linkState === 'registered';
  }

  /** Loads or detects its resources, cleans up after a previous run, serves HTTP, then connects. */
  async start(): Promise<void> {
    const { config } = this;
    mkdirSync(config.workDir, { recursive: true });
    this.resources = agentResources(this.options.host ?? probeHost(config.workDir), config.resources, config.defaultRole);
    this.attributes = parseAttributes(config.attributes ?? '');
    this.agentId = (await this.checkpoints.loadAgent())?.id;
    await this.saveMeta();
    await recoverTasks({ checkpoints: this.checkpoints, containerizer: this.containerizer, tasks: this.tasks, logger: this.logger });
    registerAgentMetrics(this.metrics, {
      clock: this.clock,
      startTimeMs: this.startTimeMs,
      total: () => this.resources,
      used: () => this.tasks.usedResources(),
      tasks: () => this.tasks.list(),
      registered: () => this.registered,
      pendingUpdates: () => this.updates.pendingCount(),
    });
    this.http = await listenHttp(createHttpApi(this.view()), config.ip, config.port);
    this.running = true;
    this.link.start();
    this.logger.info(
      { agentId: this.agentId ?? null, resources: this.resources.toString(), ports: this.resources.ports(), httpPort: this.httpPort, master: config.master },
      'agent started',
    );
  }

  /** Kills every task, tries briefly to deliver the final updates, then disconnects and stops serving. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.logger.info({ tasks: this.tasks.list().length }, 'agent shutting down: killing all tasks');
    // Bounded: even if a container refused to die, the agent must still let go of its ports.
    const boundMs = this.tasks.longestGraceMs() + SHUTDOWN_KILL_MARGIN_MS;
    let bound: TimerHandle | undefined;
    const timedOut = await Promise.race([
      this.tasks.killAll().then(() => false),
      new Promise<boolean>((resolve) => (bound = this.clock.setTimeout(() => resolve(true), boundMs))),
    ]);
    this.clock.clearTimeout(bound);
    if (timedOut) this.logger.error({ boundMs }, 'some tasks did not end in time');
    await this.drainUpdates(this.options.shutdownDeliveryMs ?? 3_000);
    await this.tasks.closeCheckpoints(); // the acknowledgements that arrived while draining
    await this.checkpoints.close(); // lets a write still in flight (e.g. the agent id) finish first
    await this.launcher?.close();
    this.updates.stop();
    this.link.stop();
    await this.http?.close();
    this.logger.info({ undelivered: this.updates.pendingCount() }, 'agent stopped');
  }

  private async drainUpdates(timeoutMs: number): Promise<void> {
    const deadline = this.clock.now() + timeoutMs;
    while (this.updates.pendingCount() > 0 && this.registered && this.clock.now() < deadline) {
      await new Promise<void>((resolve) => this.clock.setTimeout(resolve, 20));
    }
  }

  private agentInfo(): pb.AgentInfo {
    const info = { id: this.agentId, hostname: this.config.hostname, port: this.httpPort, resources: this.resources };
    return agentInfoToProto({ ...info, attributes: this.attributes, version: VERSION });
  }

  private registration(): pb.AgentMessage {
    if (!this.agentId) return { message: { $case: 'register', value: { agentInfo: this.agentInfo() } } };
    // Every task the agent still holds, including ended ones whose terminal update is not yet
    // acknowledged, so the master learns their real state instead of presuming them gone (Mesos
    // re-registration also carries them).
    const tasks = this.tasks.list().map((r) => ({
      frameworkId: r.frameworkId,
      task: r.taskProto,
      latestStatus: r.statuses.length ? taskStatusToProto(r.statuses[r.statuses.length - 1]) : undefined,
    }));
    const frameworks = new Map(this.tasks.list().map((r) => [r.frameworkId, r.framework]));
    return { message: { $case: 'reregister', value: { agentInfo: this.agentInfo(), tasks, frameworks: [...frameworks.values()] } } };
  }

  private onRegistered(registered: pb.MasterMessage_Registered): void {
    const previous = this.agentId;
    if (registered.agentId && registered.agentId !== previous) {
      if (!isSafePathSegment(registered.agentId)) {
        this.logger.error({ agentId: registered.agentId }, 'master assigned an agent id that cannot be a path; ignoring it');
        return;
      }
      if (previous) this.logger.warn({ previous, agentId: registered.agentId }, 'master assigned a new agent id');
      this.agentId = registered.agentId;
      this.saveMeta().catch((e) => this.logger.error({ err: (e as Error).message }, 'failed to checkpoint the agent id'));
    }
    this.masterInfo = registered.masterInfo;
    this.logger.info({ agentId: this.agentId, master: registered.masterInfo?.hostname, reregistered: !!previous }, 'registered with master');
    void this.pointLatestAgent();
    this.updates.resume();
  }

  private onMasterMessage(message: pb.MasterMessage): void {
    const m = message.message;
    switch (m?.$case) {
      case 'runTask':
        if (!m.value.framework || !m.value.task) return void this.logger.warn('RunTask without framework or task');
        if (!this.running) return this.refuseWhileStopping(m.value.framework.id, m.value.task.taskId);
        return this.tasks.run(m.value.framework, m.value.task);
      case 'killTask':
        return this.tasks.kill(m.value.frameworkId, m.value.taskId, m.value.killPolicy?.gracePeriodSeconds);
      case 'shutdownFramework':
        this.logger.info({ frameworkId: m.value.frameworkId }, 'shutting down framework');
        return this.tasks.shutdownFramework(m.value.frameworkId);
      case 'acknowledgement':
        return this.tasks.acknowledge(m.value.frameworkId, m.value.taskId, m.value.uuid);
    }
  }

  private refuseWhileStopping(frameworkId: string, taskId: string): void {
    const status: TaskStatus = {
      taskId,
      state: 'TASK_LOST',
      message: 'Agent is shutting down',
      source: 'SOURCE_AGENT',
      reason: 'REASON_AGENT_RESTARTED',
      agentId: this.agentId ?? '',
      timestamp: this.clock.now() / 1000,
      labels: [],
    };
    this.sendStatus(frameworkId, status);
  }

  private sendStatus(frameworkId: string, status: TaskStatus): void {
    this.link.send({ message: { $case: 'statusUpdate', value: { frameworkId, status: taskStatusToProto(status) } } });
  }

  private saveMeta(): Promise<void> {
    return this.checkpoints.saveAgent({ id: this.agentId, hostname: this.config.hostname, resources: this.resources.toString() });
  }

  private async pointLatestAgent(): Promise<void> {
    try {
      mkdirSync(sandboxesRoot(this.config.workDir), { recursive: true });
      await pointLatest(sandboxesRoot(this.config.workDir), this.agentId!);
    } catch (e) {
      this.logger.warn({ err: (e as Error).message }, 'could not update slaves/latest');
    }
  }

  private view(): AgentView {
    return {
      workDir: this.config.workDir,
      state: () =>
        agentStateJSON({
          agentId: this.agentId,
          hostname: this.config.hostname,
          ip: this.config.ip,
          port: this.httpPort,
          version: VERSION,
          startTimeMs: this.startTimeMs,
          resources: this.resources,
          used: this.tasks.usedResources(),
          attributes: this.attributes,
          masterHostname: this.masterInfo?.hostname,
          records: this.tasks.list(),
          completed: this.tasks.completed.list(),
          flags: configToFlags(this.config),
        }),
      health: () => ({
        healthy: this.running,
        registered: this.registered,
        agent_id: this.agentId ?? null,
        master: this.config.master,
        // The master dialled: with --master=zk://, the leader ZooKeeper names (null while none does).
        master_address: this.link.masterAddress ?? null,
      }),
      metrics: () => this.metrics.snapshot(),
      flags: () => configToFlags(this.config),
      statistics: () => statisticsJSON(this.tasks.list(), this.clock.now()),
    };
  }
}
