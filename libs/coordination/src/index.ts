/**
 * Coordination for services that keep state: durable key-value storage and leadership. One
 * interface, two implementations: local files (standalone, `npm start`) now, ZooKeeper for HA later.
 */
export type { KeyValueStore, StoreOp } from './store';
export type { FileStoreOptions } from './file-store';
export { FileStore } from './file-store';
export { MemoryStore } from './memory-store';
export { JsonRecords } from './json-records';
