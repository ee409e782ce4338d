import { checkKey, checkPrefix, KeyValueStore, StoreOp } from '../store';
import { BadVersionError, NodeExistsError, NoNodeError, NotEmptyError } from './zk-errors';
import { ZkSession } from './zk-session';
import { decodeValue, encodeValue, INTERNAL_PREFIX } from './zk-value';

/** Batch intents live here, below the store's root; `#` keeps the name out of the user key space. */
export const BATCHES = `${INTERNAL_PREFIX}batches`;
const INTENT_PREFIX = 'batch-';

type IntentOp = ['p', string, string] | ['d', string];

export interface ZooKeeperStoreOptions {
  /** For tests: runs once a batch's intent is durable, before its ops are applied (throw to simulate a crash). */
  readonly afterIntentWritten?: (intentPath: string) => Promise<void> | void;
}

/**
 * A `KeyValueStore` in ZooKeeper below `root`: key `a/b` is the znode `<root>/a/b`; parents are
 * created as needed and hold no data unless a value is put there. A value's node holds a format byte
 * and the value (gzip-compressed above 256 KiB), or a header naming chunk children (`#<gen>-<i>`)
 * when it is still over 900 KiB (see zk-value.ts).
 *
 * ZooKeeper's client here has no multi-op, so `batch` writes the whole batch first as one intent node
 * (`<root>/#batches/batch-<seq>`, chunked the same way when large), then applies its ops in order,
 * then deletes the intent. `open` replays leftover intents in sequence order (every op is idempotent:
 * a put overwrites, a delete removes a subtree), so a batch cut short by a crash is completed by the
 * next writer. A batch that fails in a live store (connection loss) is replayed before its next write.
 *
 * One writer per root. Writes run one at a time, in call order, and resolve once ZooKeeper has
 * acknowledged them; reads wait for the write in progress, so this store never shows half a batch.
 */
export class ZooKeeperStore implements KeyValueStore {
  private tail: Promise<unknown> = Promise.resolve();
  /** A batch failed after (maybe) writing its intent: replay intents before the next write. */
  private recoveryNeeded = false;

  private constructor(
    readonly session: ZkSession,
    readonly root: string,
    private readonly options: ZooKeeperStoreOptions,
  ) {}

  /** Opens the store below `root` (an absolute path, not `/`), creating it, and replays leftover batch intents. */
  static async open(session: ZkSession, root: string, options: ZooKeeperStoreOptions = {}): Promise<ZooKeeperStore> {
    const normalised = `/${root.split('/').filter((s) => s.length > 0).join('/')}`;
    if (normalised === '/') throw new Error('a ZooKeeperStore needs a root below / (e.g. /strato/marathon)');
    const store = new ZooKeeperStore(session, normalised, options);
    await session.mkdirp(`${normalised}/${BATCHES}`);
    await store.replayIntents();
    return store;
  }

  async get(key: string): Promise<Buffer | undefined> {
    const path = this.pathOf(checkKey(key));
    await this.tail;
    for (let attempt = 1; ; attempt++) {
      try {
        const { data } = await this.session.get(path);
        return await decodeValue(data, path, async (name) => (await this.session.get(`${path}/${name}`)).data);
      } catch (error) {
        if (!(error instanceof NoNodeError)) throw error;
        if (error.path === path) return undefined;
        // A chunk vanished: another writer replaced the value between our reads. Read it again.
        if (attempt >= 3) throw error;
      }
    }
  }

  async put(key: string, value: Buffer): Promise<void> {
    const path = this.pathOf(checkKey(key));
    const copy = Buffer.from(value);
    return this.write(() => this.writeValue(path, copy));
  }

  async delete(key: string): Promise<void> {
    const path = this.pathOf(checkKey(key));
    return this.write(() => this.deleteKey(path));
  }

  async batch(ops: readonly StoreOp[]): Promise<void> {
    for (const op of ops) checkKey(op.key);
    if (ops.length === 0) return;
    const intent: IntentOp[] = ops.map((op) => (op.op === 'put' ? ['p', op.key, op.value.toString('base64')] : ['d', op.key]));
    return this.write(async () => {
      try {
        const intentPath = await this.writeIntent(Buffer.from(JSON.stringify(intent)));
        await this.options.afterIntentWritten?.(intentPath);
        await this.applyIntent(intentPath, intent);
      } catch (error) {
        // The intent may be in ZooKeeper (a lost answer does not mean a lost write): it is replayed, and
        // the batch completed, before the next write. Its caller must treat the outcome as unknown.
        this.recoveryNeeded = true;
        throw error;
      }
    });
  }

  async children(prefix: string): Promise<string[]> {
    const segments = checkPrefix(prefix);
    await this.tail;
    try {
      return (await this.session.children(this.pathOf(segments))).filter((name) => !name.startsWith(INTERNAL_PREFIX)).sort();
    } catch (error) {
      if (error instanceof NoNodeError) return [];
      throw error;
    }
  }

  /** Runs writes one at a time in call order, after any replay a failed batch left to do. */
  private write(run: () => Promise<void>): Promise<void> {
    const next = this.tail.then(async () => {
      if (this.recoveryNeeded) await this.replayIntents();
      await run();
    });
    this.tail = next.catch(() => undefined);
    return next;
  }

  private pathOf(segments: readonly string[]): string {
    return segments.length === 0 ? this.root : `${this.root}/${segments.join('/')}`;
  }

  /** Replays every leftover intent in sequence order, deleting each once applied. */
  private async replayIntents(): Promise<void> {
    const dir = `${this.root}/${BATCHES}`;
    const names = (await this.session.children(dir)).filter((name) => name.startsWith(INTENT_PREFIX)).sort();
    for (const name of names) {
      const path = `${dir}/${name}`;
      const { data } = await this.session.get(path);
      // An intent with no data was cut short while its chunks were written: none of its ops ran.
      const encoded = await decodeValue(data, path, async (chunk) => (await this.session.get(`${path}/${chunk}`)).data);
      if (encoded) await this.applyIntent(path, JSON.parse(encoded.toString('utf8')) as IntentOp[]);
      else await this.deleteTree(path);
    }
    this.recoveryNeeded = false;
  }

  /** Writes a batch's ops as one sequential intent node; resolves with its path once it is complete. */
  private async writeIntent(ops: Buffer): Promise<string> {
    const encoded = await encodeValue(ops);
    const prefix = `${this.root}/${BATCHES}/${INTENT_PREFIX}`;
    if (encoded.chunks.length === 0) return this.session.create(prefix, encoded.data, 'persistent-sequential');
    // Large: an empty intent (ignored on replay) gets its chunks, then its header, which completes it.
    const path = await this.session.create(prefix, Buffer.alloc(0), 'persistent-sequential');
    await Promise.all(encoded.chunks.map((chunk) => this.session.create(`${path}/${chunk.name}`, chunk.data)));
    await this.session.set(path, encoded.data);
    return path;
  }

  private async applyIntent(intentPath: string, ops: readonly IntentOp[]): Promise<void> {
    for (const op of ops) {
      const path = this.pathOf(checkKey(op[1]));
      if (op[0] === 'p') await this.writeValue(path, Buffer.from(op[2], 'base64'));
      else await this.deleteKey(path);
    }
    await this.deleteTree(intentPath);
  }

  /**
   * Puts one value. A chunked value's chunks are written first under a fresh generation, then the
   * node's header switches to them in one write, then the previous value's chunks are removed: a
   * crash leaves the old value or the new one, at worst with unreferenced chunks the next put removes.
   */
  private async writeValue(path: string, value: Buffer): Promise<void> {
    const encoded = await encodeValue(value);
    if (encoded.chunks.length > 0) {
      await this.createOrSet(path, Buffer.alloc(0), false);
      await Promise.all(encoded.chunks.map((chunk) => this.session.create(`${path}/${chunk.name}`, chunk.data)));
    }
    const numChildren = await this.createOrSet(path, encoded.data, true);
    if (numChildren > 0) {
      const keep = new Set(encoded.chunks.map((chunk) => chunk.name));
      const stale = (await this.session.children(path)).filter((name) => name.startsWith(INTERNAL_PREFIX) && !keep.has(name));
      await Promise.all(stale.map((name) => this.deleteTree(`${path}/${name}`)));
    }
  }

  /**
   * Sets the node's data (or only makes sure it exists when `overwrite` is false), creating it and
   * its parents as needed; resolves with its number of children.
   */
  private async createOrSet(path: string, data: Buffer, overwrite: boolean): Promise<number> {
    for (;;) {
      try {
        if (overwrite) return (await this.session.set(path, data)).numChildren;
        const stat = await this.session.exists(path);
        if (stat) return stat.numChildren;
      } catch (error) {
        if (!(error instanceof NoNodeError)) throw error;
      }
      try {
        await this.session.create(path, data);
        return 0;
      } catch (error) {
        if (error instanceof NoNodeError) await this.session.mkdirp(path.slice(0, path.lastIndexOf('/')));
        else if (!(error instanceof NodeExistsError)) throw error;
      }
    }
  }

  /** Deletes the key's subtree, then its ancestors up to the root that are left with no value and no children. */
  private async deleteKey(path: string): Promise<void> {
    await this.deleteTree(path);
    for (let parent = path.slice(0, path.lastIndexOf('/')); parent.length > this.root.length; parent = parent.slice(0, parent.lastIndexOf('/'))) {
      try {
        const { data, stat } = await this.session.get(parent);
        if (data.length > 0 || stat.numChildren > 0) return;
        await this.session.delete(parent, stat.version);
      } catch (error) {
        if (error instanceof NoNodeError) continue;
        if (error instanceof NotEmptyError || error instanceof BadVersionError) return;
        throw error;
      }
    }
  }

  /** Deletes a node and everything below it (children first); a missing node is fine. */
  private async deleteTree(path: string): Promise<void> {
    for (;;) {
      let children: string[];
      try {
        children = await this.session.children(path);
      } catch (error) {
        if (error instanceof NoNodeError) return;
        throw error;
      }
      await Promise.all(children.map((child) => this.deleteTree(`${path}/${child}`)));
      try {
        await this.session.delete(path);
        return;
      } catch (error) {
        if (error instanceof NoNodeError) return;
        if (!(error instanceof NotEmptyError)) throw error; // a child appeared meanwhile: go round again
      }
    }
  }
}
