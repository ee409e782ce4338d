import { EventEmitter } from 'node:events';
import { ConnectionLossError, NoNodeError, SessionLostError } from './zk-errors';
import { ZkSession } from './zk-session';
import { SerialTask } from './serial-task';

export interface LeaderElectionOptions {
  /** The group's znode (created if missing), e.g. `/strato/marathon/leader`. */
  readonly path: string;
  /** Candidate node name prefix (default `member_`; Mesos masters use `json.info_`). */
  readonly prefix?: string;
  /** What the candidate publishes (JSON): a detector hands the leader's to its clients. */
  readonly data: unknown;
}

export type LostReason = 'session-expired' | 'session-closed' | 'node-deleted';

/** `<prefix><10-digit sequence>` sorts by its sequence: the lowest is the leader. */
export function sequenceOf(name: string): number {
  return Number(name.slice(-10));
}

/** The names among `children` that start with `prefix`, lowest sequence first. */
export function candidatesOf(children: readonly string[], prefix: string): string[] {
  return children.filter((name) => name.startsWith(prefix) && /^\d{10}$/.test(name.slice(-10))).sort((a, b) => sequenceOf(a) - sequenceOf(b));
}

/**
 * A candidate in a leader election: an ephemeral sequential node `<path>/<prefix><seq>` holding the
 * candidate's JSON. The lowest sequence leads; every other candidate watches only its predecessor and
 * looks again when that one goes (no herd effect).
 *
 * Events: `elected` (this candidate leads now), `lost` (`reason`: the session expired — also when it
 * stayed disconnected for the whole session timeout, emitted at once, before any reconnect — or was
 * closed, or the node was deleted by someone else). After `lost` the candidacy is over and `leading` is false: a
 * leader must stop acting as one at once. `join` again with a new session to stand again. `error`
 * (only if listened to) reports unexpected failures while looking; connection losses are retried on
 * reconnect.
 */
export class LeaderElection extends EventEmitter {
  private readonly prefix: string;
  private session?: ZkSession;
  private ownNode?: string;
  private isLeader = false;
  private readonly check = new SerialTask(
    () => this.lookOnce(),
    (error) => this.failed(error),
  );
  private readonly onExpired = () => this.lose('session-expired');
  private readonly onClosed = () => this.lose('session-closed');
  private readonly onConnected = () => this.check.trigger();

  constructor(private readonly options: LeaderElectionOptions) {
    super();
    this.prefix = options.prefix ?? 'member_';
    if (!/^[A-Za-z0-9._:-]+$/.test(this.prefix)) throw new Error(`invalid candidate prefix '${this.prefix}'`);
  }

  /** True while this candidate is the leader. */
  get leading(): boolean {
    return this.isLeader;
  }

  /** This candidate's node (full path) while it stands. */
  get node(): string | undefined {
    return this.ownNode;
  }

  /** Stands as a candidate in `session`; resolves once the node exists and the first look is done. */
  async join(session: ZkSession): Promise<void> {
    if (this.session) throw new Error(`already a candidate (${this.ownNode ?? 'joining'}); withdraw first`);
    if (session.state !== 'connected') throw new Error(`cannot join with a session that is ${session.state}`);
    this.session = session;
    session.on('expired', this.onExpired);
    session.on('closed', this.onClosed);
    session.on('connected', this.onConnected);
    try {
      await session.mkdirp(this.options.path);
      const node = await session.create(`${this.options.path}/${this.prefix}`, Buffer.from(JSON.stringify(this.options.data)), 'ephemeral-sequential');
      if (this.session !== session) return; // lost meanwhile
      this.ownNode = node;
    } catch (error) {
      if (this.session === session) this.detach();
      throw error;
    }
    await this.lookOnce().catch((error: unknown) => this.failed(error));
  }

  /** Deletes this candidate's node (a leader steps down; the next candidate takes over). */
  async withdraw(): Promise<void> {
    const { session, ownNode } = this;
    this.detach();
    if (!session || !ownNode || session.state === 'closed' || session.state === 'expired') return;
    await session.delete(ownNode).catch((error: unknown) => {
      if (!(error instanceof NoNodeError)) throw error;
    });
  }

  private async lookOnce(): Promise<void> {
    const session = this.session;
    const own = this.ownNode?.slice(this.options.path.length + 1);
    if (!session || !own) return;
    for (;;) {
      const candidates = candidatesOf(await session.children(this.options.path), this.prefix);
      if (this.session !== session) return;
      const index = candidates.indexOf(own);
      if (index < 0) return this.lose('node-deleted');
      if (index === 0) {
        if (!this.isLeader) {
          this.isLeader = true;
          this.emit('elected');
        }
        return;
      }
      const predecessor = `${this.options.path}/${candidates[index - 1]}`;
      const watched = await session.exists(predecessor, () => {
        if (this.session === session) this.check.trigger();
      });
      if (watched) return; // the watch fires when it goes; if it went meanwhile, look again now
    }
  }

  private failed(error: unknown): void {
    // A lost connection: look again on reconnect. A lost session: `expired` handles it.
    if (error instanceof ConnectionLossError || error instanceof SessionLostError) return;
    if (this.listenerCount('error') > 0) this.emit('error', error);
  }

  private lose(reason: LostReason): void {
    if (!this.session) return;
    this.detach();
    this.emit('lost', reason);
  }

  private detach(): void {
    this.session?.off('expired', this.onExpired);
    this.session?.off('closed', this.onClosed);
    this.session?.off('connected', this.onConnected);
    this.session = undefined;
    this.ownNode = undefined;
    this.isLeader = false;
  }
}
