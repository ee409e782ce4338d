import { Clock, systemClock } from '@strato/clock';
import { FileStore, KeyValueStore } from '@strato/coordination';
import { createLogger, HttpServer, listenHttp, Logger, Metrics } from '@strato/service';
import { ChronosCore } from './core/chronos-core';
import { JobBook } from './core/job-book';
import { ChronosConfig } from './flags';
import { FrameworkLink, linkToMaster } from './framework-link';
import { chronosHttpApp } from './http';
import { WebhookNotifier } from './notify/webhook-notifier';
import { ChronosRepository } from './state/repository';

/** Offers are held this long while runs are due within it, so a due run launches at once. */
const OFFER_HOLD_MS = 10_000;

export interface ChronosDeps {
  readonly clock?: Clock;
  readonly logger?: Logger;
  readonly store?: KeyValueStore;
}

/** Composition root of the Chronos service: state, scheduler, registration with the master, REST API. */
export class Chronos {
  readonly logger: Logger;
  readonly metrics = new Metrics();
  readonly store: KeyValueStore;
  private link?: FrameworkLink;
  private http?: HttpServer;
  private core?: ChronosCore;
  private notifier?: WebhookNotifier;

  constructor(
    readonly config: ChronosConfig,
    private readonly deps: ChronosDeps = {},
  ) {
    this.logger = deps.logger ?? createLogger('chronos', config.logLevel);
    this.store = deps.store ?? new FileStore(config.workDir);
  }

  async start(): Promise<{ httpPort: number }> {
    const clock = this.deps.clock ?? systemClock;
    const c = this.config;
    this.notifier = new WebhookNotifier({ clock, logger: this.logger, metrics: this.metrics, globalUrl: c.failureWebhook, clusterName: c.clusterName });
    const core = new ChronosCore(
      {
        book: new JobBook(new ChronosRepository(this.store), c.runHistoryLimit),
        clock,
        config: {
          defaults: { cpus: c.taskCpus, mem: c.taskMem, disk: c.taskDisk, user: c.user },
          failureRetryMs: c.failureRetryMs,
          disableAfterFailures: c.disableAfterFailures,
          declineOfferDurationMs: c.declineOfferDurationMs,
          offerHoldMs: OFFER_HOLD_MS,
          minReviveOffersIntervalMs: c.minReviveOffersIntervalMs,
        },
        notifier: this.notifier,
        logger: this.logger,
        metrics: this.metrics,
        driver: () => this.link?.driver,
      },
      c.reconciliationIntervalMs,
    );
    this.core = core;
    await core.start();
    this.link = await linkToMaster(c, this.store, this.logger, core.scheduler, clock);
    const app = chronosHttpApp(core, {
      metrics: this.metrics,
      leader: () => (this.http ? `${c.hostname}:${this.http.port}` : undefined),
      frameworkId: () => this.link?.frameworkId,
    }, { now: () => clock.now(), historyLimit: c.jobHistoryLimit, log: (error) => this.logger.error({ error: String(error) }, 'request failed') });
    this.http = await listenHttp(app, c.httpAddress, c.httpPort);
    void this.link.driver.start().catch((error) => this.logger.error({ error: String(error) }, 'scheduler driver stopped'));
    this.logger.info({ http: `http://${c.hostname}:${this.http.port}`, master: c.master, jobs: this.core ? core.stats().jobs : 0 }, 'chronos started');
    return { httpPort: this.http.port };
  }

  async stop(): Promise<void> {
    this.core?.stop();
    await this.link?.driver.stop();
    await this.core?.idle();
    await this.http?.close();
    if (this.store instanceof FileStore) await this.store.close();
    this.logger.info('chronos stopped');
  }
}
