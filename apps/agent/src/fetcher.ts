import { CommandUri } from '@strato/domain';
import { createHash } from 'node:crypto';
import { appendFile, chmod, copyFile, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ArchiveTools, extractArchive, SYSTEM_TOOLS } from './fetcher-archive';
import { httpDownload } from './fetcher-http';

/**
 * Puts a task's `command.uris` into its sandbox before the command starts (Mesos fetcher).
 * Rejects with a FetchError on the first URI that cannot be fetched; the rest are not tried.
 */
export interface Fetcher {
  fetch(request: FetchRequest): Promise<void>;
}

export interface FetchRequest {
  readonly uris: readonly CommandUri[];
  /** An existing directory; its `stderr` file receives the fetcher's log lines. */
  readonly sandbox: string;
  /** Aborts a download in progress (the task was killed while launching). */
  readonly signal?: AbortSignal;
}

/** One URI could not be fetched; `message` is the task's status message. */
export class FetchError extends Error {
  override readonly name = 'FetchError';
  constructor(
    readonly uri: string,
    readonly why: string,
  ) {
    super(`Failed to fetch '${uri}': ${why}`);
  }
}

export interface FetcherOptions {
  /** `--fetcher_cache_dir`: where `cache: true` URIs are kept, one file per URI. */
  readonly cacheDir: string;
  /** `--fetcher_stall_timeout`: an HTTP download fails when no data arrives for this long. */
  readonly stallTimeoutMs: number;
  readonly tools?: ArchiveTools;
}

/** What a URI points at: an HTTP(S) URL or a local file. */
type Source = { readonly kind: 'http'; readonly url: string; readonly name: string } | { readonly kind: 'file'; readonly path: string; readonly name: string };

/** Parses the URI; throws an Error with the reason when it is not supported. */
export function parseSource(uri: string): Source {
  if (isAbsolute(uri)) return { kind: 'file', path: uri, name: basename(uri) };
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw new Error('unsupported URI scheme');
  }
  const lastSegment = () => {
    const raw = url.pathname.split('/').pop() ?? '';
    try {
      return decodeURIComponent(raw);
    } catch {
      return raw;
    }
  };
  if (url.protocol === 'http:' || url.protocol === 'https:') return { kind: 'http', url: url.href, name: lastSegment() };
  if (url.protocol === 'file:') {
    const path = fileURLToPath(url);
    return { kind: 'file', path, name: basename(path) };
  }
  throw new Error(`unsupported URI scheme '${url.protocol.slice(0, -1)}'`);
}

/** The sandbox path a URI is stored under: `outputFile` (relative, inside the sandbox) or its sanitized name. */
export function destinationPath(sandbox: string, uri: CommandUri, sourceName: string): string {
  if (uri.outputFile !== undefined && uri.outputFile !== '') {
    const out = uri.outputFile;
    if (isAbsolute(out) || out.split(/[/\\]/).includes('..') || out.includes('\0')) {
      throw new Error(`output file '${out}' must be a relative path inside the sandbox`);
    }
    const dest = resolve(sandbox, out);
    const rel = relative(sandbox, dest);
    if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) throw new Error(`output file '${out}' must be a relative path inside the sandbox`);
    return dest;
  }
  const name = sourceName.replace(/[/\\\0]/g, '_');
  if (name === '' || name === '.' || name === '..') throw new Error('cannot derive a file name from the URI; set outputFile');
  return join(sandbox, name);
}

/**
 * The real fetcher: HTTP(S) with redirects and a stall timeout, local files by copy, archives
 * extracted with the system tools, and a per-agent cache for `cache: true` URIs.
 */
export class RealFetcher implements Fetcher {
  readonly cache: FetcherCache;
  private readonly tools: ArchiveTools;

  constructor(private readonly options: FetcherOptions) {
    this.cache = new FetcherCache(options.cacheDir);
    this.tools = options.tools ?? SYSTEM_TOOLS;
  }

  async fetch(request: FetchRequest): Promise<void> {
    for (const uri of request.uris) {
      const log = (line: string) => appendFile(join(request.sandbox, 'stderr'), `${line}\n`).catch(() => undefined);
      await log(`Fetching '${uri.value}'`);
      try {
        const dest = await this.fetchOne(uri, request, log);
        await log(`Fetched '${uri.value}' to '${dest}'`);
      } catch (e) {
        const error = e instanceof FetchError ? e : new FetchError(uri.value, (e as Error).message);
        await log(error.message);
        throw error;
      }
    }
  }

  private async fetchOne(uri: CommandUri, request: FetchRequest, log: (line: string) => Promise<void>): Promise<string> {
    const source = parseSource(uri.value);
    const dest = destinationPath(request.sandbox, uri, source.name);
    await mkdir(dirname(dest), { recursive: true });
    if (uri.cache) {
      // A shared download is not aborted by one task's kill: other tasks may be waiting for it.
      const cached = await this.cache.get(uri.value, (target) => this.download(source, target, undefined));
      await copyFile(cached, dest);
    } else {
      await atomically(dest, (target) => this.download(source, target, request.signal));
    }
    if (uri.executable) await chmod(dest, 0o755);
    else if (uri.extract && (await extractArchive(dest, request.sandbox, this.tools))) {
      await log(`Extracted '${dest}' into '${request.sandbox}'`);
    }
    return dest;
  }

  private async download(source: Source, target: string, signal: AbortSignal | undefined): Promise<void> {
    if (source.kind === 'http') return httpDownload(source.url, target, { stallTimeoutMs: this.options.stallTimeoutMs, signal });
    const info = await stat(source.path);
    if (!info.isFile()) throw new Error(`'${source.path}' is not a regular file`);
    await copyFile(source.path, target);
  }
}

/** Writes `dest` through a temporary file renamed into place, so a failed write leaves nothing. */
async function atomically(dest: string, write: (temp: string) => Promise<void>): Promise<void> {
  const temp = `${dest}.fetching-${process.pid}-${Math.random().toString(36).slice(2)}`;
  try {
    await write(temp);
    await rename(temp, dest);
  } catch (e) {
    await rm(temp, { force: true });
    throw e;
  }
}

const ENTRY = /^[0-9a-f]{64}$/;

/**
 * `<cache_dir>/<sha256(uri)>`: each URI is downloaded once, then copied from here; concurrent
 * requests for the same URI share one download. A failed download leaves no entry. Entries from
 * a previous agent run are removed on first use (as Mesos empties its cache at startup). There is
 * no size limit or eviction yet: the cache grows with every distinct cached URI until restart.
 */
export class FetcherCache {
  private readonly inFlight = new Map<string, Promise<string>>();
  private ready?: Promise<void>;

  constructor(readonly dir: string) {}

  static key(uri: string): string {
    return createHash('sha256').update(uri).digest('hex');
  }

  /** The cached file for `uri`, produced with `download(target)` when it is not there yet. */
  get(uri: string, download: (target: string) => Promise<void>): Promise<string> {
    const key = FetcherCache.key(uri);
    let entry = this.inFlight.get(key);
    if (!entry) {
      entry = this.produce(key, download);
      this.inFlight.set(key, entry);
      // Keep successful entries (the file exists from now on); forget failures so a later task retries.
      entry.catch(() => this.inFlight.delete(key));
    }
    return entry;
  }

  private async produce(key: string, download: (target: string) => Promise<void>): Promise<string> {
    this.ready ??= this.clear();
    await this.ready;
    const path = join(this.dir, key);
    await atomically(path, download);
    return path;
  }

  private async clear(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    for (const name of await readdir(this.dir)) {
      if (ENTRY.test(name) || /^[0-9a-f]{64}\.fetching-/.test(name)) await rm(join(this.dir, name), { force: true });
    }
  }
}
