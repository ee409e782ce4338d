import { Clock, systemClock } from '@strato/clock';
import { FileStore, KeyValueStore, Leadership, LostReason, ZooKeeperStore } from '@strato/coordination';
import { getErrorMessage } from '@strato/errors';
import { createLogger, HttpServer, listenHttp, Logger, Metrics, SwitchableApp, switchableApp } from '@strato/service';
import type { Express, Request, Response } from 'express';
import { ChronosCore } from './core/chronos-core';
import { JobBook } from './core/job-book';
import { ChronosConfig, ChronosZkConfig } from './flags';
import { FrameworkLink, linkToMaster } from './framework-link';
import { leaderData, leaderUrlOf, logLeadership, lostMessage, standForElection, statePath } from './ha';
import { chronosHttpApp, masterHttpUrl, sendError, standbyHttpApp } from './http';
import { WebhookNotifier } from './notify/webhook-notifier';
import { ChronosRepository } from './state/repository';

/** Offers are held this long while runs are due within it, so a due run launches at once. */
const OFFER_HOLD_MS = 10_000;

export interface ChronosDeps {
  readonly clock?: Clock;
  readonly logger?: Logger;
  /** Standalone only: the store instead of a FileStore in `--work_dir` (with `--zk_hosts` the state is in ZooKeeper). */
  readonly store?: KeyValueStore;
  /** Called with 1 when this instance loses its leadership or cannot take over (default `process.exit`). */
  readonly exit?: (code: number) => void;
}

/**
 * Composition root of the Chronos service: state, scheduler, registration with the master, REST API.
 *
 * Standalone (no `--zk_hosts`): loads the state from `--work_dir`, then serves and schedules. With
 * `--zk_hosts`: serves at once as a standby (its own `/ping`, `/health`, `/metrics`, everything else
 * proxied to the leader) and stands in the election; once elected it loads the state from ZooKeeper,
 * registers with the master under the stored framework id (a failover) and swaps in the real API. It
 * acts only while `Leadership.canAct()`; losing the leadership is final: it stops and exits.
 */
export class Chronos {
  readonly logger: Logger;
  readonly metrics = new Metrics();
  private readonly clock: Clock;
  private storeNow?: KeyValueStore;
  private link?: FrameworkLink;
  private http?: HttpServer;
  private core?: ChronosCore;
  private leadership?: Leadership;
  private switchable?: SwitchableApp;
  private standby?: Express;
  private takeover?: Promise<void>;
  private stopping = false;

  constructor(
    readonly config: ChronosConfig,
    private readonly deps: ChronosDeps = {},
  ) {
    this.logger = deps.logger ?? createLogger('chronos', config.logLevel);
    this.clock = deps.clock ?? systemClock;
  }

  /** The store the state is in: set once this instance leads (standalone: at start). */
  get store(): KeyValueStore | undefined {
    return this.storeNow;
  }

  /** 'standalone', or the election role ('standby', 'leading', 'lost', 'stopped'). */
  get role(): string {
    return this.leadership?.role ?? 'standalone';
  }

  async start(): Promise<{ httpPort: number }> {
    const c = this.config;
    if (c.zk) return this.startHighlyAvailable(c.zk);
    const app = await this.lead(this.deps.store ?? new FileStore(c.workDir), c.httpPort);
    this.http = await listenHttp(app, c.httpAddress, c.httpPort);
    this.startDriver();
    this.logger.info({ http: `http://${c.hostname}:${this.http.port}`, master: c.master, jobs: this.core?.stats().jobs ?? 0 }, 'chronos started');
    return { httpPort: this.http.port };
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.core?.stop();
    await this.takeover?.catch(() => undefined);
    this.core?.stop();
    await this.link?.driver.stop();
    await this.core?.idle();
    // Withdrawing lets a standby take over at once rather than after the session timeout.
    await this.leadership?.stop();
    await this.http?.close();
    if (this.storeNow instanceof FileStore) await this.storeNow.close();
    this.logger.info('chronos stopped');
  }

  /** Standby first: one socket for the instance's whole life, the proxy until this instance leads. */
  private async startHighlyAvailable(zk: ChronosZkConfig): Promise<{ httpPort: number }> {
    const c = this.config;
    this.switchable = switchableApp((_req: Request, res: Response) => sendError(res, 503, 'Chronos is starting'));
    this.http = await listenHttp(this.switchable.app, c.httpAddress, c.httpPort);
    const self = leaderData(c.hostname, this.http.port);
    this.standby = standbyHttpApp({ metrics: this.metrics, self: `${self.host}:${self.port}`, leaderUrl: () => this.leaderUrl(self.url) });
    this.switchable.use(this.standby);
    try {
      this.leadership = await standForElection(zk, self);
    } catch (error) {
      await this.http.close();
      throw error;
    }
    const leadership = this.leadership;
    logLeadership(leadership, this.logger);
    leadership.on('elected', () => this.onElected(zk));
    leadership.on('lost', (reason) => this.onLost(reason));
    // The first look (inside `start`) may already have elected us, before the listener was attached.
    if (leadership.role === 'leading') this.onElected(zk);
    this.logger.info({ http: self.url, zk: `${zk.servers}${zk.path}`, role: leadership.role }, 'chronos started');
    return { httpPort: this.http.port };
  }

  /** The leader's URL for the proxy; not while it is this instance (elected, still loading its state). */
  private leaderUrl(selfUrl: string): string | undefined {
    const url = leaderUrlOf(this.leadership?.leader);
    return url === selfUrl ? undefined : url;
  }

  private onElected(zk: ChronosZkConfig): void {
    if (this.takeover || this.stopping) return;
    this.logger.info('elected leader: loading the state from ZooKeeper');
    this.takeover = this.takeOver(zk).catch((error: unknown) => {
      if (this.stopping || this.leadership?.role !== 'leading') return;
      this.core?.stop();
      this.logger.error({ error: getErrorMessage(error) }, 'could not take over as leader; exiting so a supervisor restarts this instance');
      this.exit();
    });
  }

  private async takeOver(zk: ChronosZkConfig): Promise<void> {
    const leadership = this.leadership!;
    const store = await ZooKeeperStore.open(leadership.session, statePath(zk));
    const app = await this.lead(store, this.http!.port);
    if (this.stopping || leadership.role !== 'leading') {
      this.core?.stop();
      return;
    }
    this.switchable!.use(app);
    this.startDriver();
    this.logger.info({ jobs: this.core?.stats().jobs ?? 0, master: this.config.master }, 'leading: scheduling jobs');
  }

  /** Final: a leader's in-memory state is no longer the truth, so it stops at once and exits. */
  private onLost(reason: LostReason): void {
    this.core?.stop();
    if (this.standby) this.switchable?.use(this.standby);
    void this.link?.driver.stop().catch(() => undefined);
    this.logger.error({ reason }, lostMessage(reason));
    this.exit();
  }

  private exit(): void {
    (this.deps.exit ?? ((code: number) => process.exit(code)))(1);
  }

  /** Loads the state from `store`, builds the scheduler and the driver (not started); returns the leader's API. */
  private async lead(store: KeyValueStore, httpPort: number): Promise<Express> {
    const c = this.config;
    const clock = this.clock;
    this.storeNow = store;
    const notifier = new WebhookNotifier({ clock, logger: this.logger, metrics: this.metrics, globalUrl: c.failureWebhook, clusterName: c.clusterName });
    const core = new ChronosCore(
      {
        book: new JobBook(new ChronosRepository(store), c.runHistoryLimit),
        clock,
        config: {
          defaults: { cpus: c.taskCpus, mem: c.taskMem, disk: c.taskDisk, user: c.user },
          failureRetryMs: c.failureRetryMs,
          disableAfterFailures: c.disableAfterFailures,
          declineOfferDurationMs: c.declineOfferDurationMs,
          offerHoldMs: OFFER_HOLD_MS,
          minReviveOffersIntervalMs: c.minReviveOffersIntervalMs,
        },
        notifier,
        logger: this.logger,
        metrics: this.metrics,
        driver: () => this.link?.driver,
        canAct: () => this.leadership?.canAct() ?? true,
      },
      c.reconciliationIntervalMs,
    );
    this.core = core;
    await core.start();
    this.link = await linkToMaster({ ...c, httpPort }, store, this.logger, core.scheduler, clock);
    return chronosHttpApp(core, {
      metrics: this.metrics,
      leader: () => (this.http ? `${c.hostname}:${this.http.port}` : undefined),
      frameworkId: () => this.link?.frameworkId,
      // The master Chronos is subscribed to (with a zk:// --master, the leader its detector follows), as it described itself.
      masterUrl: () => masterHttpUrl(this.link?.driver.masterInfo),
    }, { now: () => clock.now(), historyLimit: c.jobHistoryLimit, log: (error) => this.logger.error({ error: String(error) }, 'request failed') });
  }

  private startDriver(): void {
    void this.link?.driver.start().catch((error) => this.logger.error({ error: String(error) }, 'scheduler driver stopped'));
  }
}
