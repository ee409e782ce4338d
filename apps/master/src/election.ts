import { Leadership, LostReason, ZkSession, ZkUrl } from '@strato/coordination';
import { MasterInfo } from '@strato/domain';
import { getErrorMessage } from '@strato/errors';
import { Logger } from '@strato/service';
import { masterInfoFromJson, masterInfoToJson } from '@strato/wire';
import { LeaderGate, MasterRole } from './leader-gate';

export interface ElectionOptions {
  readonly zk: ZkUrl;
  readonly sessionTimeoutMs: number;
  /** What this master publishes (ports filled in once its servers listen). */
  readonly self: MasterInfo;
  /** Wall clock (milliseconds since the epoch), for `elected_time`. */
  readonly now: () => number;
  /** Monotonic clock of the lease (default `performance.now`). */
  readonly leaseNow?: () => number;
}

export interface ElectionHooks {
  /** Elected: recover the registry over this session and start acting. A rejection is fatal. */
  readonly elected: (session: ZkSession) => Promise<void>;
  /** This master led and no longer does (or could not take over): stop acting at once and exit. */
  readonly lost: (reason: string) => void;
  /** ZooKeeper named a (possibly different) leader, or none. */
  readonly leaderChanged?: () => void;
}

/** Waiters released per event-loop turn once a just-elected master may act (see `wake`). */
const WAKE_BATCH = 50;

/**
 * The master's part in Mesos' election: an ephemeral sequential `json.info_` node under the `--zk`
 * path holding its JSON MasterInfo (so Mesos tools and our agents and frameworks find the leader).
 * It gates acting: only once elected, with the registry recovered, and within the ZooKeeper lease.
 */
export class MasterElection implements LeaderGate {
  private leadership?: Leadership;
  private recovered = false;
  private electing = false;
  private stopped = false;
  electedTime?: number;
  private readonly waiters = new Set<(ok: boolean) => void>();
  private waiterPoll?: NodeJS.Timeout;
  private wakeQueued = false;

  private readonly self: MasterInfo;

  constructor(
    private readonly options: ElectionOptions,
    private readonly logger: Logger,
    private readonly hooks: ElectionHooks,
  ) {
    this.self = options.self;
  }

  get role(): MasterRole {
    if (this.stopped) return 'stopped';
    const role = this.leadership?.role ?? 'standby';
    return role === 'leading' && !this.recovered ? 'recovering' : role;
  }

  canAct(): boolean {
    return this.recovered && !this.stopped && this.leadership?.canAct() === true;
  }

  leader(): MasterInfo | undefined {
    const role = this.role;
    if (role === 'leading' || role === 'recovering') return this.self;
    if (role === 'lost') return undefined;
    return masterInfoFromJson(this.leadership?.leader);
  }

  whenActing(timeoutMs: number): Promise<boolean> {
    if (this.canAct()) return Promise.resolve(true);
    if (!this.mayBecomeAble()) return Promise.resolve(false);
    return new Promise((resolve) => {
      const timer = setTimeout(() => done(this.canAct()), timeoutMs);
      const done = (ok: boolean) => {
        clearTimeout(timer);
        this.waiters.delete(done);
        if (this.waiters.size === 0) this.stopPolling();
        resolve(ok);
      };
      this.waiters.add(done);
      // Recovery, a reconnect or a renewed lease can each end the wait: look every 20 ms while anyone waits.
      this.waiterPoll ??= setInterval(() => this.wake(), 20);
    });
  }

  /** Elected (recovering) or leading: it may yet act; a standby, lost or stopped master will not. */
  private mayBecomeAble(): boolean {
    const role = this.role;
    return role === 'recovering' || role === 'leading';
  }

  /**
   * Releases the waiters once the answer is known, WAKE_BATCH per event-loop turn: after a failover
   * 1,000 held agents are admitted in slices, so the first ones' Registered messages go out while
   * the rest are still being handled instead of all at the end.
   */
  private wake(): void {
    const ok = this.canAct();
    if (!ok && this.mayBecomeAble()) return;
    const batch = [...this.waiters].slice(0, WAKE_BATCH);
    for (const done of batch) done(ok);
    if (this.waiters.size > 0 && !this.wakeQueued) {
      this.wakeQueued = true;
      setImmediate(() => {
        this.wakeQueued = false;
        this.wake();
      });
    }
  }

  private stopPolling(): void {
    clearInterval(this.waiterPoll);
    this.waiterPoll = undefined;
  }

  /** Stands in the election; call once the servers listen, so the published ports are real. */
  async start(): Promise<void> {
    const { zk: { servers, path }, sessionTimeoutMs, leaseNow } = this.options;
    const leadership = await Leadership.start({ servers, path, prefix: 'json.info_', sessionTimeoutMs, now: leaseNow }, masterInfoToJson(this.self));
    this.leadership = leadership;
    leadership.on('elected', () => this.onElected(leadership));
    leadership.on('lost', (reason: LostReason) => {
      this.wake();
      this.hooks.lost(reason);
    });
    leadership.on('suspended', () => this.logger.warn('ZooKeeper connection lost while leading: not acting until it is back'));
    leadership.on('resumed', () => this.logger.info('ZooKeeper connection back: acting again'));
    leadership.on('leader', (data: unknown) => {
      const leader = masterInfoFromJson(data);
      this.logger.info({ leader: leader ? `${leader.hostname}:${leader.port}` : undefined, id: leader?.id }, leader ? 'leading master detected' : 'no leading master');
      this.hooks.leaderChanged?.();
    });
    leadership.on('error', (error) => this.logger.warn({ error: getErrorMessage(error) }, 'ZooKeeper election error'));
    // Elected during start (the first candidate): the event fired before anyone listened.
    if (leadership.role === 'leading') this.onElected(leadership);
    else this.logger.info({ zk: path }, 'standing by in the master election');
  }

  /** Withdraws (the next master takes over at once) and closes the session. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake();
    await this.leadership?.stop();
  }

  private onElected(leadership: Leadership): void {
    if (this.electing || this.stopped) return;
    this.electing = true;
    this.hooks
      .elected(leadership.session)
      .then(() => {
        if (leadership.role !== 'leading' || this.stopped) return;
        this.recovered = true;
        this.electedTime = this.options.now();
        this.logger.info({ id: this.self.id }, 'elected leader');
        this.wake();
      })
      .catch((error: unknown) => {
        if (leadership.role === 'leading' && !this.stopped) this.hooks.lost(`registry recovery failed: ${getErrorMessage(error)}`);
      });
  }
}
