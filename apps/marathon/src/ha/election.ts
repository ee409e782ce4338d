import { Leadership, type LostReason } from '@strato/coordination';
import type { Logger } from '@strato/service';
import type { MarathonZk } from '../flags';
import { leaderData } from './standby-app';

/** What Marathon does at each turn of its leadership. */
export interface ElectionHandlers {
  /** This instance leads now: load the state and start acting. Called once, maybe before `standInElection` resolves. */
  elected(leadership: Leadership): Promise<void>;
  /** Final: stop acting at once and end the process. */
  lost(reason: LostReason): void;
  /** Connected again after a suspension, within the lease: act again. */
  resumed(): void;
}

export interface ElectionOptions {
  readonly zk: MarathonZk;
  readonly sessionTimeoutMs: number;
  /** This instance's advertised host and its HTTP port (listening already: standbys proxy to it). */
  readonly host: string;
  readonly port: number;
  readonly logger: Logger;
}

/** `<zk path>/leader`: Marathon's (Twitter commons) election group; candidates are `member_<seq>`. */
export function leaderGroup(zk: MarathonZk): string {
  return `${zk.path === '/' ? '' : zk.path}/leader`;
}

/** `<zk path>/state`: where the leader keeps apps, groups, deployments, instances and the framework id. */
export function stateRoot(zk: MarathonZk): string {
  return `${zk.path === '/' ? '' : zk.path}/state`;
}

/**
 * Stands in Marathon's leader election and routes its events to `handlers`. Suspension is only
 * logged: the core checks `canAct()` wherever it acts, so it pauses by itself.
 */
export async function standInElection(options: ElectionOptions, handlers: ElectionHandlers): Promise<Leadership> {
  const { zk, logger } = options;
  const leadership = await Leadership.start(
    { servers: zk.servers, path: leaderGroup(zk), prefix: 'member_', sessionTimeoutMs: options.sessionTimeoutMs },
    leaderData(options.host, options.port),
  );
  let electedOnce = false;
  const elected = (): void => {
    if (electedOnce) return;
    electedOnce = true;
    void handlers.elected(leadership);
  };
  leadership.on('elected', elected);
  leadership.on('lost', (reason) => handlers.lost(reason));
  leadership.on('suspended', () => logger.warn('disconnected from ZooKeeper while leading: not acting until reconnected'));
  leadership.on('resumed', () => {
    logger.info('reconnected to ZooKeeper: acting as leader again');
    handlers.resumed();
  });
  leadership.on('leader', (data) => logger.info({ leader: data ?? null }, 'leader changed'));
  leadership.on('rejoined', () => logger.warn('standby session expired: standing in the election again'));
  leadership.on('error', (error) => logger.warn({ error: String(error) }, 'leader election error'));
  // The first look may have elected us before anyone listened.
  if (leadership.role === 'leading') elected();
  else logger.info({ group: leaderGroup(zk) }, 'standing in the leader election as a standby');
  return leadership;
}
