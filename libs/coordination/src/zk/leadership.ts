import { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';
import { ConnectionLossError, NoNodeError, SessionLostError } from './zk-errors';
import { Leader, LeaderDetector } from './leader-detector';
import { LeaderElection, LostReason } from './leader-election';
import { ZkSession } from './zk-session';

export interface LeadershipOptions {
  /** `host:port[,host:port…]` (see `parseZkUrl`). */
  readonly servers: string;
  /** The election group's znode, e.g. `/mesos` (masters) or `/marathon/leader`. */
  readonly path: string;
  /** Candidate node prefix (`json.info_` for masters; default `member_`). */
  readonly prefix?: string;
  /** Asked of the server; it clamps it (default 10 s). */
  readonly sessionTimeoutMs?: number;
  /** Monotonic milliseconds (default `performance.now`); the lease is measured with it. */
  readonly now?: () => number;
  /** Where a standby whose session expired waits before joining again (default 1 s). */
  readonly rejoinDelayMs?: number;
}

export type Role = 'standby' | 'leading' | 'lost' | 'stopped';

/** Hooks for the log: the service decides how to word and where to write. */
export interface LeadershipEvents {
  /** This process leads now. */
  elected: [];
  /** It led and no longer does (`reason`); it must stop acting at once. Final: `role` is `lost`. */
  lost: [reason: LostReason];
  /** A leader lost its connection: it must not act until `resumed` (or `lost`). */
  suspended: [];
  resumed: [];
  /** Who leads changed: their published JSON, or undefined while no one does. */
  leader: [data: unknown];
  /** A standby's session expired and it stands again with a new one. */
  rejoined: [];
  error: [error: unknown];
}

/**
 * One process's part in a leader election, with the safety a leader needs.
 *
 * - Stands as a candidate (see `LeaderElection`) and follows who leads (`LeaderDetector`), in one
 *   session.
 * - `canAct()` is true only while this process leads AND holds a lease: the last round trip to
 *   ZooKeeper that confirmed its candidate node was sent less than 2/3 of the session timeout ago.
 *   The server cannot expire the session sooner than a full timeout after it last heard from us, so
 *   a leader that was frozen (SIGSTOP, a long GC pause) or cut off stops acting before anyone else
 *   can be elected, even before its client notices anything. The lease is renewed every 1/4 timeout.
 * - A leader that loses its session (expired, or disconnected past the timeout) gets `lost` and
 *   stays lost: its in-memory state is a leader's, so the service steps down for good (the
 *   originals exit and let a supervisor restart them). A standby just joins again with a new session.
 */
export class Leadership extends EventEmitter<LeadershipEvents> {
  private currentRole: Role = 'standby';
  private leaseUntil = -Infinity;
  private renewTimer?: NodeJS.Timeout;
  private rejoinTimer?: NodeJS.Timeout;
  private election?: LeaderElection;
  private detector?: LeaderDetector;
  private sessionNow?: ZkSession;
  private readonly now: () => number;

  private constructor(
    private readonly options: LeadershipOptions,
    private readonly data: unknown,
  ) {
    super();
    this.now = options.now ?? (() => performance.now());
  }

  /** Connects, stands as a candidate publishing `data`, and resolves after the first look. */
  static async start(options: LeadershipOptions, data: unknown): Promise<Leadership> {
    const leadership = new Leadership(options, data);
    await leadership.stand();
    return leadership;
  }

  get role(): Role {
    return this.currentRole;
  }

  /** The current session (a standby gets a new one after an expiry). */
  get session(): ZkSession {
    if (!this.sessionNow) throw new Error('leadership is stopped');
    return this.sessionNow;
  }

  /** The leader's published JSON as last seen (this process's own while it leads). */
  get leader(): unknown {
    return this.detector?.leader?.data;
  }

  get leaderNode(): Leader | undefined {
    return this.detector?.leader;
  }

  /** True only while leading, connected and within the lease (see the class comment). */
  canAct(): boolean {
    return this.currentRole === 'leading' && this.sessionNow?.state === 'connected' && this.now() < this.leaseUntil;
  }

  /** Withdraws (the next candidate takes over at once) and closes the session. */
  async stop(): Promise<void> {
    const wasLeading = this.currentRole === 'leading';
    this.currentRole = 'stopped';
    clearTimeout(this.renewTimer);
    clearTimeout(this.rejoinTimer);
    this.detector?.stop();
    const session = this.sessionNow;
    await this.election?.withdraw().catch(() => undefined);
    session?.close();
    if (wasLeading) this.leaseUntil = -Infinity;
  }

  private async stand(): Promise<void> {
    const { servers, sessionTimeoutMs, path, prefix } = this.options;
    const session = await ZkSession.connect({ servers, sessionTimeoutMs });
    if (this.currentRole === 'stopped') {
      session.close();
      return;
    }
    this.sessionNow = session;
    session.on('disconnected', () => {
      if (this.currentRole === 'leading' && this.sessionNow === session) this.emit('suspended');
    });
    session.on('connected', () => {
      if (this.currentRole === 'leading' && this.sessionNow === session) void this.renew(session, true);
    });
    const detector = new LeaderDetector(path, prefix ?? 'member_');
    detector.on('change', (data: unknown) => this.emit('leader', data));
    detector.on('error', (error) => this.reportError(error));
    this.detector = detector;
    const election = new LeaderElection({ path, prefix, data: this.data });
    election.on('elected', () => this.onElected(session));
    election.on('lost', (reason: LostReason) => this.onLost(session, reason));
    election.on('error', (error) => this.reportError(error));
    this.election = election;
    await election.join(session);
    await detector.start(session);
  }

  private onElected(session: ZkSession): void {
    if (this.currentRole !== 'standby' || this.sessionNow !== session) return;
    this.currentRole = 'leading';
    // The election just read the group over this session: that round trip confirms it.
    this.leaseUntil = this.now() + this.leaseMs(session);
    this.scheduleRenew(session);
    this.emit('elected');
  }

  private onLost(session: ZkSession, reason: LostReason): void {
    if (this.sessionNow !== session || this.currentRole === 'stopped') return;
    clearTimeout(this.renewTimer);
    this.leaseUntil = -Infinity;
    if (this.currentRole === 'leading') {
      this.currentRole = 'lost';
      this.detector?.stop();
      session.close();
      this.emit('lost', reason);
      return;
    }
    // A standby has nothing to lose: stand again in a new session.
    this.detector?.stop();
    session.close();
    this.rejoinTimer = setTimeout(() => void this.rejoin(), this.options.rejoinDelayMs ?? 1_000);
  }

  private async rejoin(): Promise<void> {
    if (this.currentRole !== 'standby') return;
    try {
      await this.stand();
      this.emit('rejoined');
    } catch (error) {
      this.reportError(error);
      if (this.currentRole === 'standby') this.rejoinTimer = setTimeout(() => void this.rejoin(), this.options.rejoinDelayMs ?? 1_000);
    }
  }

  private leaseMs(session: ZkSession): number {
    return (session.sessionTimeoutMs * 2) / 3;
  }

  private scheduleRenew(session: ZkSession): void {
    clearTimeout(this.renewTimer);
    this.renewTimer = setTimeout(() => void this.renew(session, false), session.sessionTimeoutMs / 4);
  }

  /** One round trip that reads our own node: while it exists, the session is alive and we lead. */
  private async renew(session: ZkSession, afterReconnect: boolean): Promise<void> {
    const node = this.election?.node;
    const sentAt = this.now();
    try {
      if (!node) return;
      const stat = await session.exists(node);
      if (this.sessionNow !== session || this.currentRole !== 'leading') return;
      if (!stat) return this.onLost(session, 'node-deleted');
      this.leaseUntil = Math.max(this.leaseUntil, sentAt + this.leaseMs(session));
      if (afterReconnect) this.emit('resumed');
    } catch (error) {
      if (!(error instanceof ConnectionLossError || error instanceof SessionLostError || error instanceof NoNodeError)) this.reportError(error);
    } finally {
      if (this.sessionNow === session && this.currentRole === 'leading' && !afterReconnect) this.scheduleRenew(session);
    }
  }

  private reportError(error: unknown): void {
    if (this.listenerCount('error') > 0) this.emit('error', error);
  }
}
