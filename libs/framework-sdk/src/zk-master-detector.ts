import type { Clock, TimerHandle } from '@strato/clock';
import { LeaderFollower, parseZkUrl } from '@strato/coordination';
import { failedPrecondition, getErrorMessage, invalidArgument, StratoError } from '@strato/errors';
import { masterInfoFromJson } from '@strato/wire';
import { targetOfMaster } from './master-address';
import type { DriverLogger } from './types';

/** The masters' election group: every master publishes `json.info_<seq>`, the lowest leads (as Mesos). */
export const MASTER_PREFIX = 'json.info_';
export const DEFAULT_ZK_SESSION_TIMEOUT_MS = 10_000;
const DEFAULT_RETRY_MS = 1_000;

export interface ZkMasterDetectorOptions {
  /** `zk://host:port[,host:port…]/path`, the path the masters were given with `--zk`. */
  readonly url: string;
  readonly sessionTimeoutMs?: number;
  readonly clock: Clock;
  readonly logger: DriverLogger;
  /** Wait between attempts while ZooKeeper cannot be reached at all (default 1 s). */
  readonly retryMs?: number;
}

interface Waiter {
  resolve(target: string): void;
  reject(error: StratoError): void;
}

/** Validates a `zk://` master URL, as an INVALID_ARGUMENT error naming it. */
export function checkZkMasterUrl(url: string): { servers: string; path: string } {
  try {
    return parseZkUrl(url.trim());
  } catch (error) {
    throw invalidArgument(`invalid master '${url}': ${getErrorMessage(error)}`);
  }
}

/**
 * Follows the leading master in ZooKeeper for the driver: a `LeaderFollower` on the masters' group,
 * its JSON turned into the leader's gRPC target (`hostname:grpc_port`). `next()` waits while no
 * master leads, so the driver never dials a stale address; `onChange` hears every new leader so a
 * stream to a master that no longer leads is dropped at once instead of after its heartbeats stop.
 * ZooKeeper being unreachable at start is retried until `stop()`, not reported as a failure: a
 * framework started before ZooKeeper (or during its restart) must still find the master.
 */
export class ZkMasterDetector {
  private follower?: LeaderFollower;
  private target?: string;
  private stopped = false;
  private retryTimer?: TimerHandle;
  private waitingLogged = false;
  private readonly waiters = new Set<Waiter>();
  private readonly zk: { servers: string; path: string };

  constructor(
    private readonly options: ZkMasterDetectorOptions,
    private readonly onChange: (target: string) => void,
  ) {
    this.zk = checkZkMasterUrl(options.url);
  }

  /** The leader's gRPC target as last seen, or undefined while none is known. */
  get leader(): string | undefined {
    return this.target;
  }

  /** Starts following in the background. */
  start(): void {
    void this.follow();
  }

  /** The leader's target, waiting for one to be known (rejects once the detector stops). */
  next(): Promise<string> {
    if (this.stopped) return Promise.reject(failedPrecondition('the master detector is stopped'));
    if (this.target) return Promise.resolve(this.target);
    if (!this.waitingLogged) {
      this.waitingLogged = true;
      this.options.logger.info({ zk: this.options.url }, 'no leading master in ZooKeeper yet; waiting for one');
    }
    return new Promise((resolve, reject) => this.waiters.add({ resolve, reject }));
  }

  stop(): void {
    this.stopped = true;
    this.options.clock.clearTimeout(this.retryTimer);
    if (this.follower) this.options.logger.debug({ zk: this.options.url }, 'stopped following the masters in ZooKeeper');
    this.follower?.stop();
    this.follower = undefined;
    const error = failedPrecondition('the master detector is stopped');
    for (const waiter of this.takeWaiters()) waiter.reject(error);
  }

  private async follow(): Promise<void> {
    const { servers, path } = this.zk;
    let follower: LeaderFollower;
    try {
      follower = await LeaderFollower.start({
        servers,
        path,
        prefix: MASTER_PREFIX,
        sessionTimeoutMs: this.options.sessionTimeoutMs ?? DEFAULT_ZK_SESSION_TIMEOUT_MS,
      });
    } catch (error) {
      if (this.stopped) return;
      const retryMs = this.options.retryMs ?? DEFAULT_RETRY_MS;
      this.options.logger.warn({ zk: this.options.url, error: getErrorMessage(error), retryMs }, 'cannot reach ZooKeeper; retrying');
      this.retryTimer = this.options.clock.setTimeout(() => void this.follow(), retryMs);
      return;
    }
    if (this.stopped) {
      follower.stop();
      return this.options.logger.debug({ zk: this.options.url }, 'stopped following the masters in ZooKeeper');
    }
    this.follower = follower;
    this.options.logger.debug({ zk: this.options.url }, 'following the masters in ZooKeeper');
    follower.on('error', (error) => this.options.logger.warn({ zk: this.options.url, error: getErrorMessage(error) }, 'ZooKeeper detection error'));
    follower.on('leader', (data) => this.seen(data));
    this.seen(follower.leader);
  }

  private seen(data: unknown): void {
    if (this.stopped) return;
    if (data === undefined) {
      if (this.target) this.options.logger.warn({ zk: this.options.url, was: this.target }, 'no leading master in ZooKeeper');
      this.target = undefined;
      return;
    }
    const info = masterInfoFromJson(data);
    if (!info) {
      this.options.logger.warn({ zk: this.options.url, data }, 'the leading master published no usable gRPC address; waiting');
      this.target = undefined;
      return;
    }
    const target = targetOfMaster(info);
    if (target === this.target) return;
    this.target = target;
    this.waitingLogged = false;
    this.options.logger.info({ zk: this.options.url, master: target, masterId: info.id }, 'detected a new leading master');
    for (const waiter of this.takeWaiters()) waiter.resolve(target);
    this.onChange(target);
  }

  private takeWaiters(): Waiter[] {
    const waiters = [...this.waiters];
    this.waiters.clear();
    return waiters;
  }
}
