import { EventEmitter } from 'node:events';
import { LeaderDetector } from './leader-detector';
import { ZkSession } from './zk-session';

export interface LeaderFollowerOptions {
  /** `host:port[,host:port…]` (see `parseZkUrl`). */
  readonly servers: string;
  /** The election group's znode. */
  readonly path: string;
  /** Candidate node prefix (`json.info_` for masters; default `member_`). */
  readonly prefix?: string;
  readonly sessionTimeoutMs?: number;
  /** Wait between attempts to connect a new session after one expired (default 1 s). */
  readonly retryDelayMs?: number;
}

export interface LeaderFollowerEvents {
  /** Who leads changed: their JSON, or undefined while no one does (or ZooKeeper is away). */
  leader: [data: unknown];
  error: [error: unknown];
}

/**
 * Follows who leads a group for a client (an agent, a framework): a `LeaderDetector` in its own
 * session that outlives session expiry (it connects a new session and looks again). Nothing here
 * stands in the election.
 */
export class LeaderFollower extends EventEmitter<LeaderFollowerEvents> {
  private session?: ZkSession;
  private detector?: LeaderDetector;
  private current: unknown;
  private stopped = false;
  private retryTimer?: NodeJS.Timeout;
  private readonly waiters = new Set<(data: unknown) => void>();

  private constructor(private readonly options: LeaderFollowerOptions) {
    super();
  }

  /** Connects and resolves after the first look (the leader may still be unknown). */
  static async start(options: LeaderFollowerOptions): Promise<LeaderFollower> {
    const follower = new LeaderFollower(options);
    await follower.follow();
    return follower;
  }

  /** The leader's JSON as last seen, or undefined. */
  get leader(): unknown {
    return this.current;
  }

  /** Resolves with the leader's JSON as soon as one is known (at once if one is). */
  waitForLeader(timeoutMs: number): Promise<unknown> {
    if (this.current !== undefined) return Promise.resolve(this.current);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(done);
        reject(new Error(`no leader in ZooKeeper at ${this.options.servers}${this.options.path} within ${timeoutMs} ms`));
      }, timeoutMs);
      const done = (data: unknown) => {
        clearTimeout(timer);
        resolve(data);
      };
      this.waiters.add(done);
    });
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.detector?.stop();
    this.session?.close();
  }

  private async follow(): Promise<void> {
    const { servers, sessionTimeoutMs, path, prefix } = this.options;
    const session = await ZkSession.connect({ servers, sessionTimeoutMs });
    if (this.stopped) return session.close();
    this.session = session;
    const detector = new LeaderDetector(path, prefix ?? 'member_');
    this.detector = detector;
    detector.on('change', (data: unknown) => this.set(data));
    detector.on('error', (error) => this.listenerCount('error') > 0 && this.emit('error', error));
    const again = () => {
      if (this.session !== session || this.stopped) return;
      this.set(undefined);
      this.retry();
    };
    session.on('expired', again);
    session.on('closed', again);
    await detector.start(session);
  }

  private retry(): void {
    this.retryTimer = setTimeout(() => {
      this.follow().catch((error: unknown) => {
        if (this.listenerCount('error') > 0) this.emit('error', error);
        if (!this.stopped) this.retry();
      });
    }, this.options.retryDelayMs ?? 1_000);
  }

  private set(data: unknown): void {
    if (data === this.current) return;
    this.current = data;
    this.emit('leader', data);
    if (data === undefined) return;
    for (const waiter of [...this.waiters]) waiter(data);
    this.waiters.clear();
  }
}
