import type { Clock } from '@strato/clock';
import { JsonRecords, KeyValueStore } from '@strato/coordination';
import { PersistentFramework, type FrameworkScheduler } from '@strato/framework-sdk';
import type { Logger } from '@strato/service';
import type { MarathonConfig } from './flags';

/** What the driver's handlers call: offers, update bursts, rescinds, and every (re-)subscription. */
export type SchedulerCallbacks = FrameworkScheduler;

/** Marathon's registration with the master: a driver whose framework id is kept at `framework/id`. */
export type FrameworkLink = PersistentFramework;

/**
 * Reads the saved framework id and builds Marathon's driver (not started). The id is persisted before
 * Marathon acts on the subscription, so a restarted Marathon re-attaches to its running tasks (Marathon #2224).
 */
export function linkToMaster(config: MarathonConfig, store: KeyValueStore, logger: Logger, callbacks: SchedulerCallbacks, clock?: Clock): Promise<FrameworkLink> {
  const { master, frameworkName: name, mesosRole, failoverTimeoutMs, hostname, httpPort } = config;
  return PersistentFramework.create({
    master, clock, logger, scheduler: callbacks, label: 'Marathon', ids: new JsonRecords(store, 'framework'),
    framework: { name, roles: [mesosRole], failoverTimeoutMs, checkpoint: true, capabilities: ['PARTITION_AWARE', 'TASK_KILLING_STATE'], hostname, webuiUrl: `http://${hostname}:${httpPort}` },
  });
}
