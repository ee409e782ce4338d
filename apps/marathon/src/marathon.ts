import { Clock, IdGen, randomUuid, systemClock } from '@strato/clock';
import { FileStore, KeyValueStore, Leadership, LostReason, ZooKeeperStore } from '@strato/coordination';
import { getErrorMessage } from '@strato/errors';
import { createHttpApp, createLogger, HttpServer, listenHttp, Logger, Metrics, SwitchableApp, switchableApp } from '@strato/service';
import type { Express, Request, RequestHandler, Response } from 'express';
import { createMarathonCore, MarathonCoreHandle } from './core/marathon-core';
import { EventBus, SseHandle, sseRoute } from './events';
import { MarathonConfig, MarathonZk } from './flags';
import { FrameworkLink, linkToMaster } from './framework-link';
import { standInElection, stateRoot } from './ha/election';
import { publishedUrl, standbyApp } from './ha/standby-app';
import { marathonApiRoutes } from './http/api-routes';
import { marathonErrorHandler, notFoundHandler } from './http/errors';
import { systemRoutes } from './http/system-routes';
import { MarathonRepository } from './state';

const notYet = (_req: Request, res: Response): void => {
  res.status(503).json({ message: 'Starting' });
};

/** At most 40 deployment ticks a second: a launch burst brings thousands of status updates. */
const DEPLOYMENT_TICK_SPACING_MS = 25;

export interface MarathonDeps {
  readonly clock?: Clock;
  readonly ids?: IdGen;
  readonly logger?: Logger;
  /** Standalone only (default: a FileStore in `--work_dir`); with `--zk` the state lives in ZooKeeper. */
  readonly store?: KeyValueStore;
  /**
   * Ends the process after it lost or gave up leadership (default `process.exit`). Always code 1, so a
   * supervisor restarts it as a standby (as Marathon does); in-process tests observe it instead.
   */
  readonly exit?: (code: number) => void;
}

/** What exists once this instance leads (standalone: from the start). */
interface Leading {
  readonly store: KeyValueStore;
  readonly handle: MarathonCoreHandle;
  readonly link: FrameworkLink;
  readonly sse: SseHandle;
}

/**
 * Composition root of the Marathon service: state, scheduler core, registration with the master, REST API.
 * Standalone it leads from the start. With `--zk` it listens at once as a standby that proxies to the
 * leader, and only once elected loads its state from ZooKeeper, registers with the master (with the
 * stored framework id: a failover) and serves the API itself; it acts only while `canAct()`, and ends
 * the process when it loses leadership.
 */
export class Marathon {
  readonly logger: Logger;
  readonly metrics = new Metrics();
  private readonly clock: Clock;
  private readonly exit: (code: number) => void;
  private http?: HttpServer;
  private switchable?: SwitchableApp;
  private leadershipNow?: Leadership;
  private leading?: Leading;
  private stopping = false;

  constructor(
    readonly config: MarathonConfig,
    private readonly deps: MarathonDeps = {},
  ) {
    this.logger = deps.logger ?? createLogger('marathon', config.logLevel);
    this.clock = deps.clock ?? systemClock;
    this.exit = deps.exit ?? ((code) => process.exit(code));
  }

  /** The leader's state store (undefined while a standby). */
  get store(): KeyValueStore | undefined {
    return this.leading?.store;
  }

  /** The election (HA only). */
  get leadership(): Leadership | undefined {
    return this.leadershipNow;
  }

  async start(): Promise<{ httpPort: number }> {
    if (this.config.zk) return this.startStandby(this.config.zk);
    const app = await this.lead(this.deps.store ?? new FileStore(this.config.workDir));
    const httpPort = await this.startHttp(app);
    await this.act();
    this.logger.info({ http: `http://${this.config.hostname}:${httpPort}`, master: this.config.master }, 'marathon started');
    return { httpPort };
  }

  async stop(): Promise<void> {
    this.stopping = true;
    const leading = this.leading;
    leading?.handle.stop();
    leading?.sse.closeAll();
    await leading?.link.stop();
    await leading?.handle.idle();
    // Withdraw once the core is quiet: the next candidate takes over at once.
    await this.leadershipNow?.stop();
    await this.http?.close();
    if (leading?.store instanceof FileStore) await leading.store.close();
    this.logger.info('marathon stopped');
  }

  /** Listens at once on one socket for the instance's whole life; `initial` serves until a `switchable.use`. */
  private async startHttp(initial: Express | RequestHandler): Promise<number> {
    const switchable = switchableApp(initial);
    this.switchable = switchable;
    this.http = await listenHttp(switchable.app, this.config.httpAddress, this.config.httpPort);
    return this.http.port;
  }

  private async startStandby(zk: MarathonZk): Promise<{ httpPort: number }> {
    const { hostname } = this.config;
    // The proxy needs this instance's port, known once listening; until then (a tick) it answers 503.
    const httpPort = await this.startHttp(notYet);
    const selfUrl = `http://${hostname}:${httpPort}`;
    this.switchable?.use(
      standbyApp({
        metrics: this.metrics,
        self: `${hostname}:${httpPort}`,
        leaderUrl: () => {
          const url = publishedUrl(this.leadershipNow?.leader);
          return url === selfUrl ? undefined : url;
        },
        unavailableReason: () => (this.leadershipNow?.role === 'leading' ? 'This instance was elected and is loading its state: try again shortly' : undefined),
      }),
    );
    this.leadershipNow = await standInElection(
      { zk, sessionTimeoutMs: this.config.zkSessionTimeoutMs, host: hostname, port: httpPort, logger: this.logger },
      { elected: (leadership) => this.takeOver(zk, leadership), lost: (reason) => this.onLost(reason), resumed: () => this.leading?.handle.resume() },
    );
    this.logger.info({ http: selfUrl, zk: zk.url, master: this.config.master }, 'marathon started');
    return { httpPort };
  }

  /** Elected: the state from ZooKeeper, then the API, then acting (deployments resume, the driver fails over). */
  private async takeOver(zk: MarathonZk, leadership: Leadership): Promise<void> {
    this.leadershipNow = leadership;
    if (this.stopping || this.leading) return;
    this.logger.info({ state: stateRoot(zk) }, 'elected leader: loading state from ZooKeeper');
    try {
      const app = await this.lead(await ZooKeeperStore.open(leadership.session, stateRoot(zk)), leadership);
      if (this.stopping || leadership.role !== 'leading') return; // lost meanwhile: onLost ends the process
      this.switchable?.use(app);
      await this.act();
      this.logger.info('leading: serving the API and acting on the cluster');
    } catch (error) {
      if (this.stopping || leadership.role !== 'leading') return;
      this.logger.error({ error: getErrorMessage(error) }, 'could not take over as leader');
      this.endProcess();
    }
  }

  private onLost(reason: LostReason): void {
    if (this.stopping) return;
    this.logger.error({ reason }, `lost leadership (${reason}); exiting so a supervisor restarts this instance as a standby`);
    this.endProcess();
  }

  /** `DELETE /v2/leader`, after its answer went out: step down, let the next candidate lead, end the process. */
  private abdicate(): void {
    if (this.stopping) return;
    this.logger.warn('abdicating leadership (DELETE /v2/leader); exiting so a supervisor restarts this instance as a standby');
    this.stopActing();
    void (this.leadershipNow?.stop() ?? Promise.resolve())
      .catch((error: unknown) => this.logger.warn({ error: getErrorMessage(error) }, 'withdrawing from the election failed'))
      .finally(() => this.exit(1));
  }

  /** Stops acting at once and ends the process (its in-memory state is a leader's: only a restart makes it a standby). */
  private endProcess(): void {
    this.stopActing();
    this.exit(1);
  }

  private stopActing(): void {
    this.stopping = true;
    this.leading?.handle.stop();
    // A driver left running would take the framework back from the next leader when the master moves it.
    void this.leading?.link.stop().catch(() => undefined);
  }

  /** Loads the state from `store` and builds the core, the driver and the REST API; nothing acts before `act()`. */
  private async lead(store: KeyValueStore, leadership?: Leadership): Promise<Express> {
    const clock = this.clock;
    const repository = await MarathonRepository.load(store, { maxVersions: this.config.zkMaxVersions });
    const bus = new EventBus({ clock, maxOutstanding: this.config.eventStreamMaxOutstandingMessages, metrics: this.metrics, logger: this.logger });
    let link: FrameworkLink | undefined;
    const handle = createMarathonCore({
      repository,
      bus,
      clock,
      ids: this.deps.ids ?? randomUuid,
      driverRef: () => link?.driver,
      canAct: leadership ? () => leadership.canAct() : undefined,
      config: this.coreConfig(),
      logger: this.logger,
    });
    link = await linkToMaster(this.config, store, this.logger, {
      offers: (offers) => handle.scheduler.offers(offers),
      updates: (statuses) => handle.scheduler.updates(statuses),
      rescinded: (offerId) => handle.scheduler.rescinded(offerId),
      subscribed: () => handle.scheduler.subscribed(),
    }, clock);
    const app = this.apiApp(handle, link, bus, leadership);
    this.leading = { store, handle, link, sse: app.sse };
    return app.app;
  }

  private apiApp(handle: MarathonCoreHandle, link: FrameworkLink, bus: EventBus, leadership?: Leadership): { app: Express; sse: SseHandle } {
    const app = createHttpApp();
    const self = (): string | undefined => (this.http ? `${this.config.hostname}:${this.http.port}` : undefined);
    systemRoutes(app, {
      config: this.config,
      metrics: this.metrics,
      frameworkId: () => link.frameworkId,
      leader: self,
      elected: () => (leadership ? leadership.role === 'leading' : self() !== undefined),
      abdicate: leadership ? () => this.abdicate() : undefined,
    });
    marathonApiRoutes(app, handle.core, { now: () => new Date(this.clock.now()) });
    const sse = sseRoute(app, bus, { clock: this.clock, logger: this.logger });
    app.use(notFoundHandler);
    app.use(marathonErrorHandler((error) => this.logger.error({ error: String(error) }, 'request failed')));
    return { app, sse };
  }

  private async act(): Promise<void> {
    const leading = this.leading;
    if (!leading) return;
    await leading.handle.start();
    void leading.link.start().catch((error: unknown) => {
      if (!this.stopping) this.logger.error({ error: String(error) }, 'scheduler driver stopped');
    });
  }

  private coreConfig() {
    const c = this.config;
    return {
      mesosRole: c.mesosRole,
      declineOfferDurationMs: c.declineOfferDurationMs,
      maxRunningDeployments: c.maxRunningDeployments,
      maxInstancesPerOffer: c.maxInstancesPerOffer,
      killChunkSize: c.killChunkSize,
      killRetryTimeoutMs: c.killRetryTimeoutMs,
      taskLaunchTimeoutMs: c.taskLaunchTimeoutMs,
      minReviveOffersIntervalMs: c.minReviveOffersIntervalMs,
      tickSpacingMs: DEPLOYMENT_TICK_SPACING_MS,
    };
  }
}
