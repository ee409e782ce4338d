import { Leadership, LostReason } from '@strato/coordination';
import type { Logger } from '@strato/service';
import type { ChronosZkConfig } from './flags';

/** What a candidate publishes in its election node: who it is and where its API answers. */
export interface ChronosLeaderData {
  readonly host: string;
  readonly port: number;
  readonly url: string;
}

export function leaderData(host: string, port: number): ChronosLeaderData {
  return { host, port, url: `http://${host}:${port}` };
}

/** The API URL in a leader's published data (undefined for data that is not a Chronos candidate's). */
export function leaderUrlOf(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const { url, host, port } = data as Partial<ChronosLeaderData>;
  if (typeof url === 'string') return url;
  return typeof host === 'string' && typeof port === 'number' ? `http://${host}:${port}` : undefined;
}

/** The line the process leaves when it steps down; Mesos and Marathon exit the same way. */
export function lostMessage(reason: LostReason): string {
  return `lost leadership (${reason}); exiting so a supervisor restarts this instance as a standby`;
}

/** Chronos' candidacy: `<zk_path>/candidate/member_…` (Curator's latch lived there too). */
export function standForElection(zk: ChronosZkConfig, self: ChronosLeaderData): Promise<Leadership> {
  return Leadership.start({ servers: zk.servers, path: `${zk.path}/candidate`, prefix: 'member_', sessionTimeoutMs: zk.sessionTimeoutMs }, self);
}

/** Where the leader keeps jobs, runs and the framework id. */
export function statePath(zk: ChronosZkConfig): string {
  return `${zk.path}/state`;
}

/** Log lines for what the election reports besides `elected` and `lost` (which the service acts on). */
export function logLeadership(leadership: Leadership, logger: Logger): void {
  leadership.on('suspended', () => logger.warn('disconnected from ZooKeeper while leading: not acting until it reconnects'));
  leadership.on('resumed', () => logger.info('reconnected to ZooKeeper: acting again'));
  leadership.on('leader', (data) => logger.info({ leader: leaderUrlOf(data) ?? null }, 'the leader changed'));
  leadership.on('rejoined', () => logger.info('standing in the election again with a new ZooKeeper session'));
  leadership.on('error', (error) => logger.warn({ error: String(error) }, 'leader election error'));
}
