/**
 * Helpers for tests that run real processes: free ports, polling with a deadline (never sleeps
 * as synchronisation), temporary folders and child processes that are always stopped.
 */
export { freePort } from './ports';
export type { WaitOptions } from './wait';
export { waitFor } from './wait';
export type { StartOptions } from './process';
export { ServiceProcess, startProcess, stopAll } from './process';
export { pidAlive, processGroupAlive, descendantsOf } from './pids';
export { tempDir } from './temp';
export type { ZooKeeperOptions } from './zookeeper';
export { startZooKeeper, TestZooKeeper } from './zookeeper';
