import { Clock, TimerHandle } from '@strato/clock';
import { LeaderFollower, parseZkUrl } from '@strato/coordination';
import { Logger } from '@strato/service';
import { masterInfoFromJson } from '@strato/wire';

/**
 * Where the leading master's gRPC endpoint is, for the agent's link: fixed (`--master=host:port`)
 * or followed in ZooKeeper (`--master=zk://…`, as Mesos agents do).
 */
export interface MasterDetector {
  /** The leading master's gRPC `host:port`, or undefined while none is known. */
  readonly leader: string | undefined;
  /** What is followed, for logs: the address or the `zk://` URL. */
  readonly source: string;
  /** Starts detecting; `onChange` hears every new leader, and undefined when none is known any more. */
  start(onChange: (leader: string | undefined) => void): void;
  stop(): void;
}

/** `--master=host:port`: the leader never changes. */
export function fixedMaster(address: string): MasterDetector {
  return { leader: address, source: address, start: () => undefined, stop: () => undefined };
}

/** True for a `--master` that names a ZooKeeper group rather than an address. */
export function isZkUrl(text: string): boolean {
  return /^zk:\/\//i.test(text.trim());
}

/** The masters' nodes under their `--zk` path: `json.info_<seq>`, the lowest leads (as Mesos). */
export const MASTER_PREFIX = 'json.info_';

export interface ZkMasterDetectorOptions {
  /** `zk://host:port[,host:port…]/path`: the masters' `--zk`. */
  readonly url: string;
  readonly sessionTimeoutMs: number;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Wait between attempts while ZooKeeper cannot be reached at all (default 1 s). */
  readonly retryMs?: number;
}

/**
 * Follows the elected master in ZooKeeper: a `LeaderFollower` on the masters' group, the leader's
 * JSON turned into its gRPC `hostname:grpc_port`. ZooKeeper being unreachable at start is retried
 * until `stop()`: an agent started before ZooKeeper (or during its restart) must still find the master.
 */
export class ZkMasterDetector implements MasterDetector {
  private follower?: LeaderFollower;
  private current?: string;
  private stopped = false;
  private retryTimer?: TimerHandle;
  private onChange: (leader: string | undefined) => void = () => undefined;
  private readonly zk: { servers: string; path: string };

  constructor(private readonly options: ZkMasterDetectorOptions) {
    this.zk = parseZkUrl(options.url);
  }

  get leader(): string | undefined {
    return this.current;
  }

  get source(): string {
    return this.options.url;
  }

  start(onChange: (leader: string | undefined) => void): void {
    this.onChange = onChange;
    void this.follow();
  }

  stop(): void {
    this.stopped = true;
    this.options.clock.clearTimeout(this.retryTimer);
    this.follower?.stop();
    this.follower = undefined;
  }

  private async follow(): Promise<void> {
    const { url, sessionTimeoutMs, logger } = this.options;
    let follower: LeaderFollower;
    try {
      follower = await LeaderFollower.start({ ...this.zk, prefix: MASTER_PREFIX, sessionTimeoutMs });
    } catch (error) {
      if (this.stopped) return;
      const retryMs = this.options.retryMs ?? 1_000;
      logger.warn({ zk: url, err: (error as Error).message, retryMs }, 'cannot reach ZooKeeper; retrying');
      this.retryTimer = this.options.clock.setTimeout(() => void this.follow(), retryMs);
      return;
    }
    if (this.stopped) return follower.stop();
    this.follower = follower;
    follower.on('error', (error) => logger.warn({ zk: url, err: (error as Error)?.message }, 'ZooKeeper detection error'));
    follower.on('leader', (data) => this.seen(data));
    this.seen(follower.leader);
  }

  private seen(data: unknown): void {
    if (this.stopped) return;
    let leader: string | undefined;
    if (data !== undefined) {
      const info = masterInfoFromJson(data);
      if (info) leader = info.hostname.includes(':') ? `[${info.hostname}]:${info.grpcPort}` : `${info.hostname}:${info.grpcPort}`;
      else this.options.logger.warn({ zk: this.options.url, data }, 'the leading master published no usable gRPC address');
    }
    if (leader === this.current) return;
    this.current = leader;
    if (leader) this.options.logger.info({ zk: this.options.url, master: leader }, 'detected a new leading master');
    this.onChange(leader);
  }
}
