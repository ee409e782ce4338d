/**
 * Coordination for services that keep state: durable key-value storage and leadership. One
 * interface, two implementations: local files (standalone, `npm start`) and ZooKeeper (HA), plus
 * leader election and detection in ZooKeeper.
 */
export type { KeyValueStore, StoreOp } from './store';
export type { FileStoreOptions } from './file-store';
export { FileStore } from './file-store';
export { MemoryStore } from './memory-store';
export { JsonRecords } from './json-records';
export type { ZkUrl } from './zk/zk-url';
export { parseZkUrl } from './zk/zk-url';
export type { CreateMode, SessionState, WatchEvent, Watcher, ZkSessionOptions, ZkStat } from './zk/zk-session';
export { ZkSession } from './zk/zk-session';
export { BadVersionError, ConnectionLossError, NodeExistsError, NoNodeError, NotEmptyError, SessionLostError, ZkError } from './zk/zk-errors';
export type { ZooKeeperStoreOptions } from './zk/zk-store';
export { ZooKeeperStore } from './zk/zk-store';
export { CHUNK_BYTES, COMPRESS_ABOVE_BYTES } from './zk/zk-value';
export type { LeaderElectionOptions, LostReason } from './zk/leader-election';
export { LeaderElection } from './zk/leader-election';
export type { Leader } from './zk/leader-detector';
export { LeaderDetector } from './zk/leader-detector';
export type { LeadershipEvents, LeadershipOptions, Role } from './zk/leadership';
export { Leadership } from './zk/leadership';
export type { LeaderFollowerEvents, LeaderFollowerOptions } from './zk/leader-follower';
export { LeaderFollower } from './zk/leader-follower';
