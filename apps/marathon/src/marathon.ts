import { Clock, systemClock } from '@strato/clock';
import { FileStore, KeyValueStore } from '@strato/coordination';
import { createHttpApp, createLogger, HttpServer, listenHttp, Logger, Metrics } from '@strato/service';
import { MarathonConfig } from './flags';
import { FrameworkLink } from './framework-link';
import { marathonErrorHandler, notFoundHandler } from './http/errors';
import { systemRoutes } from './http/system-routes';

export interface MarathonDeps {
  readonly clock?: Clock;
  readonly logger?: Logger;
  readonly store?: KeyValueStore;
}

/** Composition root of the Marathon service: store, registration with the master, REST API. */
export class Marathon {
  readonly logger: Logger;
  readonly metrics = new Metrics();
  readonly store: KeyValueStore;
  private link?: FrameworkLink;
  private http?: HttpServer;

  constructor(
    readonly config: MarathonConfig,
    private readonly deps: MarathonDeps = {},
  ) {
    this.logger = deps.logger ?? createLogger('marathon', config.logLevel);
    this.store = deps.store ?? new FileStore(config.workDir);
  }

  async start(): Promise<{ httpPort: number }> {
    const clock = this.deps.clock ?? systemClock;
    this.link = await FrameworkLink.create(this.config, this.store, this.logger, {
      // Nothing to launch yet: refuse offers for a while and stop asking for them.
      offers: async (offers, driver) => {
        await driver.decline(offers.map((o) => o.id), { refuseMs: this.config.declineOfferDurationMs });
        if (driver.suppressedRoles.length === 0) await driver.suppress();
      },
      update: (status) => this.logger.info({ taskId: status.taskId, state: status.state }, 'status update'),
      rescinded: () => undefined,
    }, clock);
    const app = createHttpApp();
    systemRoutes(app, {
      config: this.config,
      metrics: this.metrics,
      frameworkId: () => this.link?.frameworkId,
      leader: () => (this.http ? `${this.config.hostname}:${this.http.port}` : undefined),
    });
    app.use(notFoundHandler);
    app.use(marathonErrorHandler((error) => this.logger.error({ error }, 'request failed')));
    this.http = await listenHttp(app, this.config.httpAddress, this.config.httpPort);
    void this.link.start().catch((error) => this.logger.error({ error: String(error) }, 'scheduler driver stopped'));
    this.logger.info({ http: `http://${this.config.hostname}:${this.http.port}`, master: this.config.master }, 'marathon started');
    return { httpPort: this.http.port };
  }

  async stop(): Promise<void> {
    await this.link?.stop();
    await this.http?.close();
    this.logger.info('marathon stopped');
  }
}
