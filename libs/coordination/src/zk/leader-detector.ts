import { EventEmitter } from 'node:events';
import { ConnectionLossError, NoNodeError, SessionLostError } from './zk-errors';
import { ZkSession } from './zk-session';
import { candidatesOf } from './leader-election';
import { SerialTask } from './serial-task';

export interface Leader {
  /** The leader's node name (`<prefix><seq>`). */
  readonly node: string;
  /** Its JSON, parsed (undefined if it is not valid JSON). */
  readonly data: unknown;
}

/**
 * Follows who leads an election (see `LeaderElection`) without standing in it: watches the group's
 * children and reads the lowest candidate's JSON. Emits `change` with `(data, leader)` whenever the
 * leading node changes, `(undefined, undefined)` when there is none (or the group does not exist yet).
 * Survives reconnects (it looks again on each `connected`). When the session expires the leader is
 * unknown (the same when it is closed): it emits `change` with undefined and stops; `start` again with a new session.
 */
export class LeaderDetector extends EventEmitter {
  private session?: ZkSession;
  private current?: Leader;
  private readonly refresh = new SerialTask(
    () => this.lookOnce(),
    (error) => this.failed(error),
  );
  private readonly onConnected = () => this.refresh.trigger();
  private readonly onExpired = () => {
    this.stop();
    this.emit('change', undefined, undefined);
  };

  constructor(
    readonly path: string,
    readonly prefix = 'member_',
  ) {
    super();
  }

  /** The leader as last seen. */
  get leader(): Leader | undefined {
    return this.current;
  }

  /** Starts following in `session`; resolves after the first look (and its `change`, if any). */
  async start(session: ZkSession): Promise<void> {
    if (this.session) throw new Error('the detector is already started');
    this.session = session;
    session.on('connected', this.onConnected);
    session.on('expired', this.onExpired);
    session.on('closed', this.onExpired);
    await this.lookOnce().catch((error: unknown) => this.failed(error));
  }

  stop(): void {
    this.session?.off('connected', this.onConnected);
    this.session?.off('expired', this.onExpired);
    this.session?.off('closed', this.onExpired);
    this.session = undefined;
    this.current = undefined;
  }

  private async lookOnce(): Promise<void> {
    const session = this.session;
    if (!session) return;
    const again = () => {
      if (this.session === session) this.refresh.trigger();
    };
    for (;;) {
      let children: string[];
      try {
        children = await session.children(this.path, again);
      } catch (error) {
        if (!(error instanceof NoNodeError)) throw error;
        // No group yet: wait for it to be created (if it appeared meanwhile, look again now).
        if (await session.exists(this.path, again)) continue;
        children = [];
      }
      const lowest = candidatesOf(children, this.prefix)[0];
      let leader: Leader | undefined;
      if (lowest) {
        try {
          leader = { node: lowest, data: parseJson((await session.get(`${this.path}/${lowest}`)).data) };
        } catch (error) {
          if (error instanceof NoNodeError) continue; // it went between the two reads
          throw error;
        }
      }
      if (this.session !== session) return;
      if (leader?.node !== this.current?.node) {
        this.current = leader;
        this.emit('change', leader?.data, leader);
      }
      return;
    }
  }

  private failed(error: unknown): void {
    if (error instanceof ConnectionLossError || error instanceof SessionLostError) return; // retried on reconnect
    if (this.listenerCount('error') > 0) this.emit('error', error);
  }
}

function parseJson(data: Buffer): unknown {
  try {
    return JSON.parse(data.toString('utf8'));
  } catch {
    return undefined;
  }
}
