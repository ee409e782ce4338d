import * as http2 from 'node:http2';

/** How long a standby waits before it opens its link to the same leader again after losing it. */
const RELINK_MS = 1_000;

/**
 * A standby's idle HTTP/2 connection to the leading master's gRPC port (no stream is ever opened on
 * it; grpc-js servers keep idle connections). A leader that dies takes its sockets with it, so the
 * link closes at once, while ZooKeeper still waits out the dead leader's session timeout before it
 * names a successor: `lost` fires then, and the standby uses that time to warm up for the takeover.
 * A link that cannot be opened, or closes because this master stops following, reports nothing.
 */
export class LeaderLink {
  private target?: string;
  private session?: http2.ClientHttp2Session;
  private relink?: NodeJS.Timeout;
  private stopped = false;

  constructor(private readonly lost: (target: string) => void) {}

  /** Follows `target` (`host:grpcPort`), or nobody (undefined: no leader, or this master leads). */
  follow(target: string | undefined): void {
    if (this.stopped || target === this.target) return;
    this.drop();
    this.target = target;
    if (target) this.open(target);
  }

  stop(): void {
    this.stopped = true;
    this.drop();
    this.target = undefined;
  }

  private open(target: string): void {
    let connected = false;
    const session = http2.connect(`http://${target}`);
    this.session = session;
    session.unref(); // an idle link never keeps the process alive
    session.on('connect', () => (connected = true));
    session.on('error', () => undefined); // 'close' follows
    session.on('close', () => {
      if (this.session !== session) return; // replaced or dropped on purpose
      this.session = undefined;
      if (connected) this.lost(target);
      this.relink = setTimeout(() => this.target === target && !this.stopped && this.open(target), RELINK_MS);
      this.relink.unref();
    });
  }

  private drop(): void {
    clearTimeout(this.relink);
    const session = this.session;
    this.session = undefined;
    session?.destroy();
  }
}
