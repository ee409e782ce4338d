import type { Clock } from '@strato/clock';
import { JsonRecords, KeyValueStore } from '@strato/coordination';
import { PersistentFramework } from '@strato/framework-sdk';
import type { Logger } from '@strato/service';
import type { ChronosScheduler } from './core/chronos-core';
import type { ChronosConfig } from './flags';

/** Chronos' registration with the master: a driver whose framework id is kept at `framework/id`. */
export type FrameworkLink = PersistentFramework;

/**
 * Reads the saved framework id and builds Chronos' driver (not started). The id is persisted before
 * Chronos acts on a subscription, so a restarted Chronos re-attaches to the tasks it launched (Chronos #520 lost it).
 */
export function linkToMaster(config: ChronosConfig, store: KeyValueStore, logger: Logger, scheduler: ChronosScheduler, clock?: Clock): Promise<FrameworkLink> {
  const { master, frameworkName: name, mesosRole, failoverTimeoutMs, hostname, httpPort } = config;
  return PersistentFramework.create({
    master, clock, logger, scheduler, label: 'Chronos', ids: new JsonRecords(store, 'framework'),
    framework: { name, roles: [mesosRole], failoverTimeoutMs, checkpoint: true, capabilities: ['PARTITION_AWARE', 'TASK_KILLING_STATE'], hostname, webuiUrl: `http://${hostname}:${httpPort}` },
  });
}
