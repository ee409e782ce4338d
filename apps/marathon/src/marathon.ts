import { Clock, IdGen, randomUuid, systemClock } from '@strato/clock';
import { FileStore, KeyValueStore } from '@strato/coordination';
import { createHttpApp, createLogger, HttpServer, listenHttp, Logger, Metrics } from '@strato/service';
import { createMarathonCore, MarathonCoreHandle } from './core/marathon-core';
import { EventBus, SseHandle, sseRoute } from './events';
import { MarathonConfig } from './flags';
import { FrameworkLink, linkToMaster } from './framework-link';
import { marathonApiRoutes } from './http/api-routes';
import { marathonErrorHandler, notFoundHandler } from './http/errors';
import { systemRoutes } from './http/system-routes';
import { MarathonRepository } from './state';

/** At most 40 deployment ticks a second: a launch burst brings thousands of status updates. */
const DEPLOYMENT_TICK_SPACING_MS = 25;

export interface MarathonDeps {
  readonly clock?: Clock;
  readonly ids?: IdGen;
  readonly logger?: Logger;
  readonly store?: KeyValueStore;
}

/** Composition root of the Marathon service: state, scheduler core, registration with the master, REST API. */
export class Marathon {
  readonly logger: Logger;
  readonly metrics = new Metrics();
  readonly store: KeyValueStore;
  private link?: FrameworkLink;
  private http?: HttpServer;
  private sse?: SseHandle;
  private handle?: MarathonCoreHandle;

  constructor(
    readonly config: MarathonConfig,
    private readonly deps: MarathonDeps = {},
  ) {
    this.logger = deps.logger ?? createLogger('marathon', config.logLevel);
    this.store = deps.store ?? new FileStore(config.workDir);
  }

  async start(): Promise<{ httpPort: number }> {
    const clock = this.deps.clock ?? systemClock;
    const repository = await MarathonRepository.load(this.store, { maxVersions: this.config.zkMaxVersions });
    const bus = new EventBus({ clock, maxOutstanding: this.config.eventStreamMaxOutstandingMessages, metrics: this.metrics, logger: this.logger });
    const handle = createMarathonCore({
      repository,
      bus,
      clock,
      ids: this.deps.ids ?? randomUuid,
      driverRef: () => this.link?.driver,
      config: {
        mesosRole: this.config.mesosRole,
        declineOfferDurationMs: this.config.declineOfferDurationMs,
        maxRunningDeployments: this.config.maxRunningDeployments,
        maxInstancesPerOffer: this.config.maxInstancesPerOffer,
        killChunkSize: this.config.killChunkSize,
        killRetryTimeoutMs: this.config.killRetryTimeoutMs,
        taskLaunchTimeoutMs: this.config.taskLaunchTimeoutMs,
        minReviveOffersIntervalMs: this.config.minReviveOffersIntervalMs,
        tickSpacingMs: DEPLOYMENT_TICK_SPACING_MS,
      },
      logger: this.logger,
    });
    this.handle = handle;
    this.link = await linkToMaster(this.config, this.store, this.logger, {
      offers: (offers) => handle.scheduler.offers(offers),
      updates: (statuses) => handle.scheduler.updates(statuses),
      rescinded: (offerId) => handle.scheduler.rescinded(offerId),
      subscribed: () => handle.scheduler.subscribed(),
    }, clock);
    const app = createHttpApp();
    systemRoutes(app, {
      config: this.config,
      metrics: this.metrics,
      frameworkId: () => this.link?.frameworkId,
      leader: () => (this.http ? `${this.config.hostname}:${this.http.port}` : undefined),
    });
    marathonApiRoutes(app, handle.core, { now: () => new Date(clock.now()) });
    this.sse = sseRoute(app, bus, { clock, logger: this.logger });
    app.use(notFoundHandler);
    app.use(marathonErrorHandler((error) => this.logger.error({ error: String(error) }, 'request failed')));
    this.http = await listenHttp(app, this.config.httpAddress, this.config.httpPort);
    await handle.start();
    void this.link.start().catch((error) => this.logger.error({ error: String(error) }, 'scheduler driver stopped'));
    this.logger.info({ http: `http://${this.config.hostname}:${this.http.port}`, master: this.config.master }, 'marathon started');
    return { httpPort: this.http.port };
  }

  async stop(): Promise<void> {
    this.handle?.stop();
    this.sse?.closeAll();
    await this.link?.stop();
    await this.handle?.idle();
    await this.http?.close();
    if (this.store instanceof FileStore) await this.store.close();
    this.logger.info('marathon stopped');
  }
}
