import { closeSync, existsSync, fdatasync, fdatasyncSync, fstatSync, ftruncateSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { KeyTree } from './key-tree';
import { checkKey, KeyValueStore, StoreOp } from './store';

const SNAPSHOT = 'snapshot.json';
const JOURNAL = 'journal.log';
const FORMAT = 'strato-kv/1';
const LEGACY_VALUE = '.value';
const MIN_COMPACT_BYTES = 4 * 1024 * 1024;

type JournalOp = ['p', string, string] | ['d', string];

export interface FileStoreOptions {
  /** Compact once the journal is larger than this and than the last snapshot (default 4 MiB). */
  readonly compactAtBytes?: number;
}

/**
 * Records in two files under a directory: `snapshot.json` (every key at the last compaction) and
 * `journal.log` (one JSON line per write since). A write appends its line and resolves once an
 * fdatasync of the journal covers it (group commit: concurrent writes share one sync, and the event
 * loop is not blocked while it runs); its keys become readable then.
 * A torn last line (a crash mid-append, never acknowledged) is dropped on open. Compaction writes a
 * new snapshot (temp file, fsync, rename, directory fsync) and then empties the journal; replaying
 * a journal over a snapshot that already holds it changes nothing, so a crash in between is safe.
 * Everything is kept in memory: reads never touch the disk. One writer per directory.
 */
export class FileStore implements KeyValueStore {
  private readonly tree = new KeyTree();
  private readonly journal: number;
  private journalBytes: number;
  private snapshotBytes = 0;
  private readonly compactAtBytes: number;
  /** Batches appended but not yet applied (compaction waits until there are none). */
  private inFlight = 0;
  private syncing = false;
  private closed = false;
  /** Set by a failed fdatasync (or a failed clean-up of a half-written line): later writes are refused. */
  private broken?: Error;
  private readonly waiting: { resolve: () => void; reject: (error: Error) => void }[] = [];

  constructor(
    private readonly dir: string,
    options: FileStoreOptions = {},
  ) {
    this.compactAtBytes = options.compactAtBytes ?? MIN_COMPACT_BYTES;
    mkdirSync(dir, { recursive: true });
    const fresh = !existsSync(join(dir, JOURNAL)) && !existsSync(join(dir, SNAPSHOT));
    this.loadSnapshot();
    this.journal = openSync(join(dir, JOURNAL), 'a+');
    this.journalBytes = this.replayJournal();
    if (fresh) this.importLegacyFiles();
    if (fresh) syncDir(dir);
  }

  async get(key: string): Promise<Buffer | undefined> {
    const value = this.tree.get(key);
    return value && Buffer.from(value);
  }

  put(key: string, value: Buffer): Promise<void> {
    return this.batch([{ op: 'put', key, value }]);
  }

  delete(key: string): Promise<void> {
    return this.batch([{ op: 'delete', key }]);
  }

  async batch(ops: readonly StoreOp[]): Promise<void> {
    if (this.closed) throw new Error(`${this.dir}: the store is closed`);
    if (this.broken) throw new Error(`${this.dir}: writes refused since a failed write (${this.broken.message}); reopen the store`);
    if (ops.length === 0) return;
    for (const op of ops) checkKey(op.key);
    const line = Buffer.from(`${JSON.stringify(ops.map(toJournal))}\n`);
    try {
      writeFully(this.journal, line);
    } catch (error) {
      try {
        ftruncateSync(this.journal, this.journalBytes); // no half line may stay in front of the next append
      } catch {
        this.broken = error as Error; // a half line stays: appending after it would corrupt the journal
      }
      throw error;
    }
    this.journalBytes += line.length;
    this.inFlight++;
    try {
      await this.durable();
      this.tree.apply(ops);
    } finally {
      this.inFlight--;
    }
    if (this.inFlight === 0 && !this.broken && this.journalBytes > Math.max(this.compactAtBytes, this.snapshotBytes)) {
      try {
        this.compact();
      } catch {
        // Housekeeping only: the write is durable, the journal still holds everything; the next write retries.
      }
    }
  }

  /**
   * Group commit: resolves once an fdatasync that started after the caller's append has finished. While
   * one runs, later appends wait for the next, which covers them all; the event loop stays free meanwhile.
   * Waiters resolve in append order, so batches reach the in-memory tree in the order they were written.
   */
  private durable(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      if (!this.syncing) this.syncNow();
    });
  }

  private syncNow(): void {
    this.syncing = true;
    const group = this.waiting.splice(0);
    fdatasync(this.journal, (error) => {
      this.syncing = false;
      // After a failed fsync the kernel may have dropped the pages: later syncs could "succeed" over a hole.
      if (error) this.broken ??= error;
      for (const waiter of group) {
        if (error) waiter.reject(error);
        else waiter.resolve();
      }
      if (this.waiting.length > 0) this.syncNow();
    });
  }

  async children(prefix: string): Promise<string[]> {
    return this.tree.children(prefix);
  }

  /** Refuses new writes, waits for those in flight, then closes the journal. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    while (this.inFlight > 0 || this.syncing) await new Promise((resolve) => setImmediate(resolve));
    closeSync(this.journal);
  }

  /**
   * The layout before the journal kept key `a/b` in `dir/a/b/.value`. A directory that has such files but
   * no journal or snapshot yet is imported once into a snapshot; the old files are left in place, unread.
   */
  private importLegacyFiles(): void {
    const ops: StoreOp[] = [];
    const walk = (path: string, segments: string[]): void => {
      for (const entry of readdirSync(path, { withFileTypes: true })) {
        if (entry.isDirectory()) walk(join(path, entry.name), [...segments, entry.name]);
        else if (entry.name === LEGACY_VALUE && segments.length > 0) ops.push({ op: 'put', key: segments.join('/'), value: readFileSync(join(path, entry.name)) });
      }
    };
    walk(this.dir, []);
    if (ops.length === 0) return;
    this.tree.apply(ops);
    this.compact();
  }

  private loadSnapshot(): void {
    let text: string;
    try {
      text = readFileSync(join(this.dir, SNAPSHOT), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    const snapshot = JSON.parse(text) as { format: string; entries: [string, string][] };
    if (snapshot.format !== FORMAT) throw new Error(`${join(this.dir, SNAPSHOT)}: unknown format '${snapshot.format}'`);
    this.tree.apply(snapshot.entries.map(([key, value]) => ({ op: 'put', key, value: Buffer.from(value, 'base64') })));
    this.snapshotBytes = text.length;
  }

  /** Applies every complete line; a torn tail is cut off so the next append starts clean. */
  private replayJournal(): number {
    const text = readFileSync(join(this.dir, JOURNAL), 'utf8');
    let good = 0;
    for (let start = 0; start < text.length; ) {
      const end = text.indexOf('\n', start);
      if (end < 0) break;
      let ops: StoreOp[];
      try {
        ops = (JSON.parse(text.slice(start, end)) as JournalOp[]).map(fromJournal);
      } catch (error) {
        if (text.indexOf('\n', end + 1) < 0) break; // the last line: torn by a crash, never acknowledged
        throw new Error(`${join(this.dir, JOURNAL)}: corrupt entry at byte ${start}: ${(error as Error).message}`);
      }
      this.tree.apply(ops);
      good = start = end + 1;
    }
    const bytes = Buffer.byteLength(text.slice(0, good));
    if (bytes < fstatSync(this.journal).size) {
      ftruncateSync(this.journal, bytes);
      fdatasyncSync(this.journal);
    }
    return bytes;
  }

  private compact(): void {
    const entries = this.tree.entries().map(([key, value]) => [key, value.toString('base64')]);
    const text = JSON.stringify({ format: FORMAT, entries });
    const tmp = join(this.dir, `${SNAPSHOT}.tmp`);
    const fd = openSync(tmp, 'w');
    try {
      writeFully(fd, Buffer.from(text));
      fdatasyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, join(this.dir, SNAPSHOT));
    syncDir(this.dir);
    ftruncateSync(this.journal, 0);
    fdatasyncSync(this.journal);
    this.snapshotBytes = text.length;
    this.journalBytes = 0;
  }
}

function toJournal(op: StoreOp): JournalOp {
  return op.op === 'put' ? ['p', op.key, op.value.toString('base64')] : ['d', op.key];
}

function fromJournal(op: JournalOp): StoreOp {
  if (op[0] === 'p' && typeof op[1] === 'string' && typeof op[2] === 'string') return { op: 'put', key: op[1], value: Buffer.from(op[2], 'base64') };
  if (op[0] === 'd' && typeof op[1] === 'string') return { op: 'delete', key: op[1] };
  throw new Error(`unknown journal op ${JSON.stringify(op)}`);
}

function writeFully(fd: number, data: Buffer): void {
  for (let offset = 0; offset < data.length; ) offset += writeSync(fd, data, offset, data.length - offset);
}

function syncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fdatasyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Some filesystems refuse fsync on directories; the rename is still atomic.
  }
}
