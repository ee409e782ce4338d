import { EventEmitter } from 'node:events';
import ZooKeeper from 'zookeeper';
import { NodeExistsError, SessionLostError, zkError } from './zk-errors';

const C = ZooKeeper.constants;

export type CreateMode = 'persistent' | 'ephemeral' | 'persistent-sequential' | 'ephemeral-sequential';

const MODES: Record<CreateMode, number> = {
  persistent: C.ZOO_PERSISTENT,
  ephemeral: C.ZOO_EPHEMERAL,
  'persistent-sequential': C.ZOO_PERSISTENT_SEQUENTIAL,
  'ephemeral-sequential': C.ZOO_EPHEMERAL_SEQUENTIAL,
};

/** The parts of a znode's stat this library uses. */
export interface ZkStat {
  readonly version: number;
  readonly cversion: number;
  readonly numChildren: number;
  readonly dataLength: number;
  /** The transaction that created the node and the one that last changed it. */
  readonly czxid: number;
  readonly mzxid: number;
  /** The owning session's id (hex) for an ephemeral node, `'0'` otherwise. */
  readonly ephemeralOwner: string;
}

export interface WatchEvent {
  readonly type: 'created' | 'deleted' | 'changed' | 'child' | 'notwatching';
  readonly path: string;
}

/** Called at most once, for the first change after the read that set it. */
export type Watcher = (event: WatchEvent) => void;

export type SessionState = 'connecting' | 'connected' | 'disconnected' | 'expired' | 'closed';

export interface ZkSessionOptions {
  /** `host:port[,host:port…]` (see `parseZkUrl`). */
  readonly servers: string;
  /** The session timeout asked of the server (default 10 s; the server clamps it to its min/max). */
  readonly sessionTimeoutMs?: number;
  /** How long `connect` waits for the first connection (default: the session timeout). */
  readonly connectTimeoutMs?: number;
}

/** What the native client (`zookeeper` 7.3, callback API) offers; its own typings are mostly `any`. */
interface NativeClient {
  on(event: 'connect' | 'connecting', listener: () => void): void;
  on(event: 'close', listener: (client: unknown, code: number) => void): void;
  init(config: object): void;
  close(): void;
  readonly timeout: number;
  readonly client_id: string;
  a_create(path: string, data: Buffer, flags: number, cb: (rc: number, error: string, path: string) => void): number;
  a_exists(path: string, watch: boolean, cb: (rc: number, error: string, stat: ZkStat) => void): number;
  aw_exists(path: string, watcher: NativeWatcher, cb: (rc: number, error: string, stat: ZkStat) => void): number;
  a_get(path: string, watch: boolean, cb: (rc: number, error: string, stat: ZkStat, data: Buffer | null) => void): number;
  aw_get(path: string, watcher: NativeWatcher, cb: (rc: number, error: string, stat: ZkStat, data: Buffer | null) => void): number;
  a_get_children(path: string, watch: boolean, cb: (rc: number, error: string, children: string[]) => void): number;
  aw_get_children(path: string, watcher: NativeWatcher, cb: (rc: number, error: string, children: string[]) => void): number;
  a_set(path: string, data: Buffer, version: number, cb: (rc: number, error: string, stat: ZkStat) => void): number;
  a_delete_(path: string, version: number, cb: (rc: number, error: string) => void): number;
}
type NativeWatcher = (type: number, state: number, path: string) => void;

const EVENT_TYPES: Record<number, WatchEvent['type']> = {
  [C.ZOO_CREATED_EVENT]: 'created',
  [C.ZOO_DELETED_EVENT]: 'deleted',
  [C.ZOO_CHANGED_EVENT]: 'changed',
  [C.ZOO_CHILD_EVENT]: 'child',
  [C.ZOO_NOTWATCHING_EVENT]: 'notwatching',
};

/**
 * One ZooKeeper session over the native client, with promise operations and typed errors.
 *
 * Events: `connected` (also after a reconnect within the session), `disconnected` (the connection is
 * lost; the session may survive), `expired` (`reason`: `'server'` when the server said so on reconnect,
 * `'timeout'` when the client stayed disconnected for the whole session timeout — the server has
 * expired it by then, or will any moment, so it is treated as lost at once), `closed` (by `close()`).
 * After `expired` the client is closed: every later operation fails with `SessionLostError`, and
 * watches never fire. Start a new session to go on.
 */
export class ZkSession extends EventEmitter {
  private stateNow: SessionState = 'connecting';
  private expiryTimer?: NodeJS.Timeout;
  private readonly pending = new Set<(error: Error) => void>();

  private constructor(
    private readonly client: NativeClient,
    readonly servers: string,
    private readonly requestedTimeoutMs: number,
  ) {
    super();
  }

  /** Connects and resolves once the session is established. */
  static connect(options: ZkSessionOptions): Promise<ZkSession> {
    const sessionTimeoutMs = options.sessionTimeoutMs ?? 10_000;
    const client = new ZooKeeper({
      connect: options.servers,
      timeout: sessionTimeoutMs,
      debug_level: 0, // otherwise the C client logs to stderr every ~0.7 s while disconnected
      host_order_deterministic: false,
      // The addon closes the session as "expired" after this many socket wake-ups in a row that did not
      // complete a reply (default 10); reading a value of a few hundred KB takes more than that.
      // Dead connections are still found by the C client's own session-timeout pings.
      response_counter_limit: 1_000_000,
    }) as unknown as NativeClient;
    const session = new ZkSession(client, options.servers, sessionTimeoutMs);
    client.on('connect', () => session.onConnected());
    client.on('connecting', () => session.onConnecting());
    client.on('close', (_client, code) => session.onClosed(code));
    return new Promise((resolve, reject) => {
      const connectTimeoutMs = options.connectTimeoutMs ?? sessionTimeoutMs;
      const timer = setTimeout(() => {
        session.off('connected', onConnected);
        session.close();
        reject(new Error(`could not connect to ZooKeeper at ${options.servers} within ${connectTimeoutMs} ms`));
      }, connectTimeoutMs);
      const onConnected = () => {
        clearTimeout(timer);
        resolve(session);
      };
      session.once('connected', onConnected);
      client.init({});
    });
  }

  get state(): SessionState {
    return this.stateNow;
  }

  /** The session id (hex), as ephemeral nodes' `ephemeralOwner` shows it. */
  get id(): string {
    return this.client.client_id;
  }

  /** The negotiated session timeout (the requested one until connected). */
  get sessionTimeoutMs(): number {
    return this.client.timeout > 0 ? Math.min(this.client.timeout, this.requestedTimeoutMs) : this.requestedTimeoutMs;
  }

  /** Creates a node; resolves with its path (with the sequence number for sequential modes). */
  create(path: string, data: Buffer, mode: CreateMode = 'persistent'): Promise<string> {
    return this.call('create', path, (cb) => this.client.a_create(path, data, MODES[mode], cb), (created: string) => created);
  }

  /** The node's data (empty when it has none) and stat; `NoNodeError` if it does not exist. */
  get(path: string, watch?: Watcher): Promise<{ data: Buffer; stat: ZkStat }> {
    const map = (stat: ZkStat, data: Buffer | null) => ({ data: data ?? Buffer.alloc(0), stat });
    if (watch) return this.call('get', path, (cb) => this.client.aw_get(path, this.oneShot(watch), cb), map);
    return this.call('get', path, (cb) => this.client.a_get(path, false, cb), map);
  }

  /** Sets the node's data if its version is `version` (-1: any). */
  set(path: string, data: Buffer, version = -1): Promise<ZkStat> {
    return this.call('set', path, (cb) => this.client.a_set(path, data, version, cb), (stat: ZkStat) => stat);
  }

  /** Deletes a node without children if its version is `version` (-1: any). */
  delete(path: string, version = -1): Promise<void> {
    return this.call('delete', path, (cb) => this.client.a_delete_(path, version, cb), () => undefined);
  }

  /** The node's stat, or undefined; a watch set here also fires when the node is created. */
  exists(path: string, watch?: Watcher): Promise<ZkStat | undefined> {
    // ZNONODE is an answer here, not an error (the watch is set either way).
    const map = (stat: ZkStat | null) => stat ?? undefined;
    if (watch) return this.call('exists', path, (cb) => this.client.aw_exists(path, this.oneShot(watch), cb), map, C.ZNONODE);
    return this.call('exists', path, (cb) => this.client.a_exists(path, false, cb), map, C.ZNONODE);
  }

  /** The names of the node's children (unsorted, as the server lists them). */
  children(path: string, watch?: Watcher): Promise<string[]> {
    const map = (children: string[] | null) => children ?? [];
    if (watch) return this.call('children', path, (cb) => this.client.aw_get_children(path, this.oneShot(watch), cb), map);
    return this.call('children', path, (cb) => this.client.a_get_children(path, false, cb), map);
  }

  /** Creates `path` and its missing ancestors as empty persistent nodes. */
  async mkdirp(path: string): Promise<void> {
    const segments = path.split('/').filter((s) => s.length > 0);
    for (let i = 1; i <= segments.length; i++) {
      const prefix = `/${segments.slice(0, i).join('/')}`;
      // Most of the path usually exists: look before creating, so existing nodes cost a read, not a failed write.
      if (await this.exists(prefix)) continue;
      await this.create(prefix, Buffer.alloc(0)).catch((error: unknown) => {
        if (!(error instanceof NodeExistsError)) throw error;
      });
    }
  }

  /** Closes the session (its ephemeral nodes go at once). Safe to call more than once. */
  close(): void {
    if (this.stateNow === 'closed' || this.stateNow === 'expired') return;
    this.finish('closed');
    this.emit('closed');
  }

  private onConnected(): void {
    if (this.stateNow === 'closed' || this.stateNow === 'expired') return;
    clearTimeout(this.expiryTimer);
    this.expiryTimer = undefined;
    this.stateNow = 'connected';
    this.emit('connected');
  }

  private onConnecting(): void {
    if (this.stateNow !== 'connected') return;
    this.stateNow = 'disconnected';
    // The server expires the session once it has heard nothing for the timeout; it last heard from
    // us before this moment, so by the time this fires it has expired it (or will any moment).
    this.expiryTimer = setTimeout(() => this.expire('timeout'), this.sessionTimeoutMs);
    this.emit('disconnected');
  }

  private onClosed(code: number): void {
    if (code === C.ZOO_EXPIRED_SESSION_STATE) this.expire('server');
    else if (this.stateNow !== 'closed' && this.stateNow !== 'expired') {
      this.finish('expired');
      this.emit('expired', code === C.ZOO_AUTH_FAILED_STATE ? 'auth-failed' : 'closed-by-client');
    }
  }

  private expire(reason: 'server' | 'timeout'): void {
    if (this.stateNow === 'closed' || this.stateNow === 'expired') return;
    this.finish('expired');
    this.emit('expired', reason);
  }

  private finish(state: 'closed' | 'expired'): void {
    this.stateNow = state;
    clearTimeout(this.expiryTimer);
    this.expiryTimer = undefined;
    this.client.close();
    const error = new SessionLostError(C.ZCLOSING, 'operation', '', state === 'closed' ? 'session closed' : 'session expired');
    for (const reject of [...this.pending]) reject(error);
    this.pending.clear();
  }

  private oneShot(watch: Watcher): NativeWatcher {
    let fired = false;
    return (type, _state, path) => {
      const kind = EVENT_TYPES[type];
      // Session events go to every watcher on each state change; the watch itself stays set.
      if (!kind || fired || this.stateNow === 'closed' || this.stateNow === 'expired') return;
      fired = true;
      watch({ type: kind, path });
    };
  }

  /**
   * Runs one async client call. Its completion settles the promise; `okCode` is a return code that
   * counts as an answer (ZNONODE for `exists`). A session that ends meanwhile rejects it.
   */
  private call<A extends unknown[], T>(op: string, path: string, start: (cb: (rc: number, error: string, ...result: A) => void) => number, map: (...result: A) => T, okCode = 0): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.stateNow === 'closed' || this.stateNow === 'expired') {
        reject(new SessionLostError(C.ZINVALIDSTATE, op, path, `session ${this.stateNow}`));
        return;
      }
      const fail = (error: Error) => {
        this.pending.delete(fail);
        reject(error);
      };
      this.pending.add(fail);
      const rc = start((code, _error, ...result) => {
        if (!this.pending.delete(fail)) return; // already rejected: the session ended
        if (code === 0 || code === okCode) resolve(map(...((code === 0 ? result : []) as A)));
        else reject(zkError(code, op, path));
      });
      if (rc !== 0) fail(zkError(rc, op, path));
    });
  }
}
