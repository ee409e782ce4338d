import type { MasterInfo, Offer, TaskStatus } from '@strato/domain';
import { SchedulerDriver } from './driver';
import type { DriverLogger, FrameworkOptions, SchedulerDriverOptions } from './types';

/** The saved framework id, as one record. */
export interface FrameworkIdRecord {
  readonly frameworkId: string;
}

/**
 * Where the framework id is kept, under the key `id`. `@strato/coordination`'s
 * `new JsonRecords(store, 'framework')` fits as it is (the id then lives at `framework/id`).
 */
export interface FrameworkIdRecords {
  get(key: string): Promise<FrameworkIdRecord | undefined>;
  put(key: string, value: FrameworkIdRecord): Promise<void>;
}

/** What a framework does with the master's events; each may return a promise that holds back the next. */
export interface FrameworkScheduler {
  offers(offers: Offer[]): unknown;
  /** Back-to-back updates together (the driver's `updateBatch`); acknowledged once this settles. */
  updates(statuses: readonly TaskStatus[]): unknown;
  rescinded(offerId: string): unknown;
  /** After every (re-)subscription, once the framework id is persisted. */
  subscribed(): unknown;
}

export interface PersistentFrameworkOptions extends Pick<SchedulerDriverOptions, 'master' | 'clock' | 'zkSessionTimeoutMs'> {
  /** The framework's identity, without `id`: that comes from `ids`. */
  readonly framework: Omit<FrameworkOptions, 'id'>;
  readonly ids: FrameworkIdRecords;
  readonly scheduler: FrameworkScheduler;
  readonly logger: DriverLogger;
  /** The framework's name in log lines: `the master refused <label>`. */
  readonly label: string;
}

const ID_KEY = 'id';

/**
 * A `SchedulerDriver` whose framework id survives restarts: the saved id is read before the first
 * SUBSCRIBE, and a new id is persisted before the scheduler hears of the subscription, so a restarted
 * framework re-attaches to the tasks it launched (Marathon #2224, Chronos #520 lost it).
 */
export class PersistentFramework {
  readonly driver: SchedulerDriver;
  /** The current framework id: the saved one until the master answers. */
  frameworkId?: string;
  /** The master of the latest subscription. */
  master?: MasterInfo;

  private constructor(options: PersistentFrameworkOptions, savedId: string | undefined) {
    const { ids, scheduler, logger, label } = options;
    this.frameworkId = savedId;
    this.driver = new SchedulerDriver({
      master: options.master,
      clock: options.clock,
      zkSessionTimeoutMs: options.zkSessionTimeoutMs,
      logger,
      framework: { ...options.framework, id: savedId },
      handlers: {
        subscribed: async (frameworkId, master, details) => {
          if (frameworkId !== this.frameworkId) await ids.put(ID_KEY, { frameworkId });
          this.frameworkId = frameworkId;
          this.master = master;
          logger.info({ frameworkId, master: `${master.hostname}:${master.port}`, reconnected: details.reconnected }, 'registered with the master');
          await scheduler.subscribed();
        },
        offers: (offers) => scheduler.offers(offers),
        rescinded: (offerId) => scheduler.rescinded(offerId),
        updateBatch: (statuses) => scheduler.updates(statuses),
        error: (message) => logger.error({ message }, `the master refused ${label}`),
        disconnected: (reason) => logger.warn({ reason }, 'disconnected from the master'),
      },
    });
  }

  /** Reads the saved framework id and builds the driver with it (not started). */
  static async create(options: PersistentFrameworkOptions): Promise<PersistentFramework> {
    const saved = await options.ids.get(ID_KEY);
    return new PersistentFramework(options, saved?.frameworkId);
  }

  /** `driver.start()`: resolves on the first subscription. */
  start(): Promise<void> {
    return this.driver.start();
  }

  /** `driver.stop()`: failover, the master keeps the tasks for the failover timeout. */
  stop(): Promise<void> {
    return this.driver.stop();
  }
}
