import type { Clock } from '@strato/clock';
import { JsonRecords, KeyValueStore } from '@strato/coordination';
import { SchedulerDriver } from '@strato/framework-sdk';
import type { Logger } from '@strato/service';
import type { ChronosScheduler } from './core/chronos-core';
import type { ChronosConfig } from './flags';

/**
 * Chronos' registration with the master. The framework id is persisted before Chronos acts on a
 * subscription, so a restarted Chronos re-attaches to the tasks it launched (Chronos #520 lost it).
 */
export class FrameworkLink {
  readonly driver: SchedulerDriver;
  frameworkId?: string;

  private constructor(config: ChronosConfig, ids: JsonRecords<{ frameworkId: string }>, logger: Logger, scheduler: ChronosScheduler, clock: Clock | undefined, savedId: string | undefined) {
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
          if (frameworkId !== this.frameworkId) await ids.put('id', { frameworkId });
          this.frameworkId = frameworkId;
          logger.info({ frameworkId, master: `${master.hostname}:${master.port}`, reconnected: details.reconnected }, 'registered with the master');
          await scheduler.subscribed();
        },
        offers: (offers) => scheduler.offers(offers),
        rescinded: (offerId) => scheduler.rescinded(offerId),
        updateBatch: (statuses) => scheduler.updates(statuses),
        error: (message) => logger.error({ message }, 'the master refused Chronos'),
        disconnected: (reason) => logger.warn({ reason }, 'disconnected from the master'),
      },
    });
  }

  static async create(config: ChronosConfig, store: KeyValueStore, logger: Logger, scheduler: ChronosScheduler, clock?: Clock): Promise<FrameworkLink> {
    const ids = new JsonRecords<{ frameworkId: string }>(store, 'framework');
    const saved = await ids.get('id');
    return new FrameworkLink(config, ids, logger, scheduler, clock, saved?.frameworkId);
  }
}
