import { Clock } from '@strato/clock';
import { isZkUrl, MASTER_PREFIX, ZkMasterDetector as FollowMasters } from '@strato/framework-sdk';
import { Logger } from '@strato/service';

export { isZkUrl, MASTER_PREFIX };

/**
 * Where the leading master's gRPC endpoint is, for the agent's link: fixed (`--master=host:port`)
 * or followed in ZooKeeper (`--master=zk://…`, as Mesos agents do).
 */
export interface MasterDetector {
  /** The leading master's gRPC `host:port`, or undefined while none is known. */
  readonly leader: string | undefined;
  /** What is followed, for logs: the address or the `zk://` URL. */
  readonly source: string;
  /** Starts detecting; `onChange` hears every new leader. */
  start(onChange: (leader: string | undefined) => void): void;
  stop(): void;
}

/** `--master=host:port`: the leader never changes. */
export function fixedMaster(address: string): MasterDetector {
  return { leader: address, source: address, start: () => undefined, stop: () => undefined };
}

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
 * `--master=zk://…`: the framework SDK's detector (the masters' `json.info_` nodes, the lowest
 * leads; ZooKeeper unreachable at start is retried until `stop()`), seen through the agent's interface.
 */
export class ZkMasterDetector implements MasterDetector {
  private follower?: FollowMasters;

  constructor(private readonly options: ZkMasterDetectorOptions) {}

  get leader(): string | undefined {
    return this.follower?.leader;
  }

  get source(): string {
    return this.options.url;
  }

  start(onChange: (leader: string | undefined) => void): void {
    this.follower = new FollowMasters(this.options, onChange);
    this.follower.start();
  }

  stop(): void {
    this.follower?.stop();
  }
}
