import { Clock } from '@strato/clock';
import { JsonRecords, KeyValueStore } from '@strato/coordination';
import { MasterInfo, Offer, TaskStatus } from '@strato/domain';
import { SchedulerDriver } from '@strato/framework-sdk';
import { Logger } from '@strato/service';
import { MarathonConfig } from './flags';

export interface SchedulerCallbacks {
  offers(offers: Offer[]): Promise<void> | void;
  /** Back-to-back updates together (the SDK's `updateBatch`); acknowledged once this settles. */
  updates(statuses: readonly TaskStatus[]): Promise<void> | void;
  rescinded(offerId: string): void;
  /** After every (re-)subscription, once the framework id is persisted. */
  subscribed(): Promise<void> | void;
}

interface FrameworkIdRecord {
  readonly frameworkId: string;
}

/**
 * Marathon's registration with the master. The framework id is persisted before Marathon acts on
 * the subscription, so a restarted Marathon re-attaches to its running tasks (Marathon #2224).
 */
export class FrameworkLink {
  readonly driver: SchedulerDriver;
  private readonly ids: JsonRecords<FrameworkIdRecord>;
  frameworkId?: string;
  master?: MasterInfo;

  private constructor(
    private readonly config: MarathonConfig,
    store: KeyValueStore,
    private readonly logger: Logger,
    callbacks: SchedulerCallbacks,
    clock: Clock | undefined,
    savedId: string | undefined,
  ) {
    this.ids = new JsonRecords(store, 'framework');
    this.frameworkId = savedId;
    this.driver = new SchedulerDriver({
      master: config.master,
      clock,
      logger,
      framework: {
        name: config.frameworkName,
        id: savedId,
        roles: [config.mesosRole],
        failoverTimeoutMs: config.failoverTimeoutMs,
        checkpoint: true,
        capabilities: ['PARTITION_AWARE', 'TASK_KILLING_STATE'],
        hostname: config.hostname,
        webuiUrl: `http://${config.hostname}:${config.httpPort}`,
      },
      handlers: {
        subscribed: async (frameworkId, master, details) => {
          await this.onSubscribed(frameworkId, master, details.reconnected);
          await callbacks.subscribed();
        },
        offers: (offers) => callbacks.offers(offers),
        rescinded: (offerId) => callbacks.rescinded(offerId),
        updateBatch: (statuses) => callbacks.updates(statuses),
        error: (message) => this.logger.error({ message }, 'the master refused Marathon'),
        disconnected: (reason) => this.logger.warn({ reason }, 'disconnected from the master'),
      },
    });
  }

  static async create(config: MarathonConfig, store: KeyValueStore, logger: Logger, callbacks: SchedulerCallbacks, clock?: Clock): Promise<FrameworkLink> {
    const saved = await new JsonRecords<FrameworkIdRecord>(store, 'framework').get('id');
    return new FrameworkLink(config, store, logger, callbacks, clock, saved?.frameworkId);
  }

  start(): Promise<void> {
    return this.driver.start();
  }

  stop(): Promise<void> {
    return this.driver.stop();
  }

  private async onSubscribed(frameworkId: string, master: MasterInfo, reconnected: boolean): Promise<void> {
    if (frameworkId !== this.frameworkId) await this.ids.put('id', { frameworkId });
    this.frameworkId = frameworkId;
    this.master = master;
    this.logger.info({ frameworkId, master: `${master.hostname}:${master.port}`, reconnected }, 'registered with the master');
  }
}
