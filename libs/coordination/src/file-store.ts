import { closeSync, existsSync, fdatasync, fdatasyncSync, fstatSync, ftruncateSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { open, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { KeyTree } from './key-tree';
import { checkKey, KeyValueStore, StoreOp } from './store';

const SNAPSHOT = 'snapshot.json';
const JOURNAL = 'journal.log';
/** The journal a compaction in progress (or one that failed) is folding into the next snapshot. */
const OLD_JOURNAL = 'journal.old.log';
/** Snapshot entries serialised per chunk when the whole snapshot is written at once. */
const SNAPSHOT_CHUNK = 1000;
/** A background compaction serialises for at most this long before it lets writes and requests run. */
const SLICE_MS = 3;
/** Entries serialised between two looks at the clock. */
const SLICE_STEP = 32;
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
 * A torn last line (a crash mid-append, never acknowledged) is dropped on open.
 * Compaction runs in the background, so writes go on meanwhile: the journal is renamed to
 * `journal.old.log` and a fresh one started; the state at that moment is written as a new snapshot
 * (temp file, fsync, rename, directory fsync) in chunks; then the old journal is deleted. Opening
 * replays snapshot, old journal, journal. Replaying a journal over a snapshot that already holds it
 * changes nothing (the last op on each key wins), so a crash at any step is safe.
 * Everything is kept in memory: reads never touch the disk. One writer per directory.
 */
export class FileStore implements KeyValueStore {
  private readonly tree = new KeyTree();
  private journal: number;
  /** The background compaction in progress. */
  private compacting?: Promise<void>;
  /** `journal.old.log` exists: a compaction is folding it, or failed to (the next one covers it). */
  private oldJournal = false;
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
    this.oldJournal = existsSync(join(dir, OLD_JOURNAL));
    if (this.oldJournal) this.replayOldJournal();
    this.journal = openSync(join(dir, JOURNAL), 'a+');
    this.journalBytes = this.replayJournal();
    if (fresh) this.importLegacyFiles();
    if (fresh) syncDir(dir);
    // A compaction was cut short: finish it now, before anything could rotate the journal over the old one.
    if (this.oldJournal) this.compact();
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
    if (this.inFlight === 0 && !this.broken && !this.compacting && !this.closed && this.journalBytes > Math.max(this.compactAtBytes, this.snapshotBytes)) {
      this.compacting = this.compactInBackground()
        // Housekeeping only: every write is durable in a journal; the next compaction covers the old one too.
        .catch(() => undefined)
        .finally(() => (this.compacting = undefined));
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

  /** Refuses new writes, waits for those in flight and for a compaction in progress, then closes the journal. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    while (this.inFlight > 0 || this.syncing || this.compacting) {
      if (this.compacting) await this.compacting;
      else await new Promise((resolve) => setImmediate(resolve));
    }
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

  /** The old journal was complete (synced) before it was renamed: every line must parse. */
  private replayOldJournal(): void {
    const path = join(this.dir, OLD_JOURNAL);
    const text = readFileSync(path, 'utf8');
    if (applyLines(this.tree, text, path) !== Buffer.byteLength(text)) throw new Error(`${path}: torn last entry`);
  }

  /** Applies every complete line; a torn tail is cut off so the next append starts clean. */
  private replayJournal(): number {
    const path = join(this.dir, JOURNAL);
    const bytes = applyLines(this.tree, readFileSync(path, 'utf8'), path);
    if (bytes < fstatSync(this.journal).size) {
      ftruncateSync(this.journal, bytes);
      fdatasyncSync(this.journal);
    }
    return bytes;
  }

  /** Compaction in one go, at open (the event loop is not serving anyone yet). */
  private compact(): void {
    const text = snapshotText(this.tree.entries());
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
    if (this.oldJournal) unlinkSync(join(this.dir, OLD_JOURNAL));
    this.oldJournal = false;
    this.snapshotBytes = text.length;
    this.journalBytes = 0;
  }

  /**
   * Compaction while writes go on. Called with no write in flight, so the journal holds exactly the
   * state in memory: it becomes the old journal, new writes go to a fresh one, and the snapshot of
   * that state is written in chunks. An old journal left by a failed compaction is not rotated over:
   * the state taken now covers it (and the current journal, which replays harmlessly over it).
   */
  private async compactInBackground(): Promise<void> {
    const entries = this.tree.entries(); // values are never mutated in place: this is the state now
    if (!this.oldJournal) {
      renameSync(join(this.dir, JOURNAL), join(this.dir, OLD_JOURNAL));
      this.oldJournal = true;
      const previous = this.journal;
      this.journal = openSync(join(this.dir, JOURNAL), 'a+');
      this.journalBytes = 0;
      syncDir(this.dir); // the rename and the new journal are durable before anything is appended to it
      closeSync(previous);
    }
    const tmp = join(this.dir, `${SNAPSHOT}.tmp`);
    const file = await open(tmp, 'w');
    let bytes = 0;
    try {
      for (let i = 0; i < entries.length || i === 0; ) {
        // As many entries as fit in one time slice, so a large snapshot never holds the event loop for long.
        const sliceEnd = performance.now() + SLICE_MS;
        let chunk = '';
        do {
          chunk += snapshotChunk(entries, i, SLICE_STEP);
          i += SLICE_STEP;
        } while (i < entries.length && performance.now() < sliceEnd);
        await file.write(chunk);
        bytes += chunk.length;
        await new Promise((resolve) => setImmediate(resolve)); // let waiting writes and requests run
      }
      await file.datasync();
    } finally {
      await file.close();
    }
    await rename(tmp, join(this.dir, SNAPSHOT));
    syncDir(this.dir);
    await unlink(join(this.dir, OLD_JOURNAL));
    this.oldJournal = false;
    this.snapshotBytes = bytes;
  }
}

function snapshotText(entries: readonly [string, Buffer][]): string {
  let text = '';
  for (let i = 0; i < entries.length || i === 0; i += SNAPSHOT_CHUNK) text += snapshotChunk(entries, i, SNAPSHOT_CHUNK);
  return text;
}

/** Entries [from, from + count) of the snapshot JSON, with its head before the first and its tail after the last. */
function snapshotChunk(entries: readonly [string, Buffer][], from: number, count: number): string {
  const head = from === 0 ? `{"format":${JSON.stringify(FORMAT)},"entries":[` : ',';
  const body = entries.slice(from, from + count).map(([key, value]) => JSON.stringify([key, value.toString('base64')])).join(',');
  const tail = from + count >= entries.length ? ']}' : '';
  return head + body + tail;
}

/** Applies every complete, well-formed line of a journal; returns the bytes they span. A bad last line is a torn append. */
function applyLines(tree: KeyTree, text: string, path: string): number {
  let good = 0;
  for (let start = 0; start < text.length; ) {
    const end = text.indexOf('\n', start);
    if (end < 0) break;
    let ops: StoreOp[];
    try {
      ops = (JSON.parse(text.slice(start, end)) as JournalOp[]).map(fromJournal);
    } catch (error) {
      if (text.indexOf('\n', end + 1) < 0) break; // the last line: torn by a crash, never acknowledged
      throw new Error(`${path}: corrupt entry at byte ${start}: ${(error as Error).message}`);
    }
    tree.apply(ops);
    good = start = end + 1;
  }
  return Buffer.byteLength(text.slice(0, good));
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
