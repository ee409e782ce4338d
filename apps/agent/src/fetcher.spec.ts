import { CommandUri } from '@strato/domain';
import { tempDir } from '@strato/testing';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { archiveKind } from './fetcher-archive';
import { FetchError, FetcherCache, RealFetcher } from './fetcher';
import { FileServer } from './testing/file-server';

jest.setTimeout(30_000);

const uri = (value: string, extra: Partial<CommandUri> = {}): CommandUri => ({ value, executable: false, extract: true, cache: false, ...extra });

describe('RealFetcher', () => {
  let root: string;
  let server: FileServer;
  let tarball: Buffer;
  let gzipped: Buffer;
  let zipped: Buffer;
  let fetcher: RealFetcher;
  let n = 0;
  let sandbox: string;

  beforeAll(async () => {
    root = tempDir('strato-fetcher-');
    const src = join(root, 'src');
    mkdirSync(join(src, 'app'), { recursive: true });
    writeFileSync(join(src, 'app', 'run.sh'), '#!/bin/sh\necho from-tarball\n');
    writeFileSync(join(src, 'app', 'data.txt'), 'data');
    execFileSync('tar', ['-czf', join(root, 'bundle.tar.gz'), '-C', src, 'app']);
    tarball = readFileSync(join(root, 'bundle.tar.gz'));
    writeFileSync(join(root, 'notes.txt'), 'single gzipped file\n');
    execFileSync('gzip', ['-k', join(root, 'notes.txt')]);
    gzipped = readFileSync(join(root, 'notes.txt.gz'));
    execFileSync('zip', ['-q', '-r', join(root, 'site.zip'), 'app'], { cwd: src });
    zipped = readFileSync(join(root, 'site.zip'));
    server = await FileServer.start({
      '/files/hello.txt': (res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('hello world\n'),
      '/files/bundle.tar.gz': (res) => res.writeHead(200).end(tarball),
      '/files/notes.txt.gz': (res) => res.writeHead(200).end(gzipped),
      '/files/site.zip': (res) => res.writeHead(200).end(zipped),
      '/files/my%20file.txt': (res) => res.writeHead(200).end('spaced'),
      '/files/cached.bin': (res) => res.writeHead(200).end('cached bytes'),
      '/redirect': (res) => res.writeHead(302, { location: '/files/hello.txt' }).end(),
      '/loop': (res) => res.writeHead(302, { location: '/loop' }).end(),
      '/stall': (res) => res.writeHead(200).write('partial'),
    });
  });

  afterAll(async () => {
    await server.close();
    rmSync(root, { recursive: true, force: true });
  });

  beforeEach(() => {
    sandbox = join(root, `sandbox-${n++}`);
    mkdirSync(sandbox);
    fetcher = new RealFetcher({ cacheDir: join(root, `cache-${n}`), stallTimeoutMs: 500 });
  });

  const read = (name: string) => readFileSync(join(sandbox, name), 'utf8');
  const failure = async (uris: CommandUri[], f = fetcher): Promise<FetchError> => {
    const e = await f.fetch({ uris, sandbox }).then(
      () => undefined,
      (err: unknown) => err,
    );
    if (!(e instanceof FetchError)) throw new Error(`expected a FetchError, got ${String(e)}`);
    return e;
  };

  it('downloads a file over HTTP into the sandbox and logs it to stderr', async () => {
    const url = server.url('/files/hello.txt');
    await fetcher.fetch({ uris: [uri(url)], sandbox });
    expect(read('hello.txt')).toBe('hello world\n');
    expect(read('stderr')).toBe(`Fetching '${url}'\nFetched '${url}' to '${join(sandbox, 'hello.txt')}'\n`);
  });

  it('names the file after the URL-decoded last path segment', async () => {
    await fetcher.fetch({ uris: [uri(server.url('/files/my%20file.txt?x=1'))], sandbox });
    expect(read('my file.txt')).toBe('spaced');
  });

  it('follows redirects, and gives up after 5', async () => {
    await fetcher.fetch({ uris: [uri(server.url('/redirect'), { outputFile: 'greeting' })], sandbox });
    expect(read('greeting')).toBe('hello world\n');
    const e = await failure([uri(server.url('/loop'))]);
    expect(e.message).toBe(`Failed to fetch '${server.url('/loop')}': too many redirects (more than 5)`);
    expect(server.count('/loop')).toBe(6);
  });

  it('fails on a non-2xx status, naming it, and leaves no file behind', async () => {
    const url = server.url('/files/missing.txt');
    const e = await failure([uri(url)]);
    expect(e.message).toBe(`Failed to fetch '${url}': HTTP 404 Not Found`);
    expect(existsSync(join(sandbox, 'missing.txt'))).toBe(false);
    expect(read('stderr')).toContain(`Failed to fetch '${url}': HTTP 404 Not Found`);
  });

  it('fails a download that stalls', async () => {
    const e = await failure([uri(server.url('/stall'))]);
    expect(e.why).toMatch(/stalled: no data for 500 ms/);
    expect(existsSync(join(sandbox, 'stall'))).toBe(false);
  });

  it('fetches in order and stops at the first failure', async () => {
    const e = await failure([uri(server.url('/files/hello.txt')), uri(server.url('/nope')), uri(server.url('/files/cached.bin'))]);
    expect(e.uri).toBe(server.url('/nope'));
    expect(existsSync(join(sandbox, 'hello.txt'))).toBe(true);
    expect(existsSync(join(sandbox, 'cached.bin'))).toBe(false);
  });

  it('extracts a .tar.gz into the sandbox and keeps the archive', async () => {
    await fetcher.fetch({ uris: [uri(server.url('/files/bundle.tar.gz'))], sandbox });
    expect(read('app/run.sh')).toContain('from-tarball');
    expect(read('app/data.txt')).toBe('data');
    expect(existsSync(join(sandbox, 'bundle.tar.gz'))).toBe(true);
    expect(read('stderr')).toContain(`Extracted '${join(sandbox, 'bundle.tar.gz')}' into '${sandbox}'`);
  });

  it('gunzips a single .gz file and unzips a .zip', async () => {
    await fetcher.fetch({ uris: [uri(server.url('/files/notes.txt.gz')), uri(server.url('/files/site.zip'))], sandbox });
    expect(read('notes.txt')).toBe('single gzipped file\n');
    expect(read('app/data.txt')).toBe('data');
    expect(existsSync(join(sandbox, 'site.zip'))).toBe(true);
  });

  it('does not extract with extract=false or executable=true; executable gets mode 0755', async () => {
    await fetcher.fetch({ uris: [uri(server.url('/files/bundle.tar.gz'), { extract: false })], sandbox });
    expect(existsSync(join(sandbox, 'app'))).toBe(false);
    await fetcher.fetch({ uris: [uri(server.url('/files/bundle.tar.gz'), { executable: true, outputFile: 'tool.tar.gz' })], sandbox });
    expect(existsSync(join(sandbox, 'app'))).toBe(false);
    expect(statSync(join(sandbox, 'tool.tar.gz')).mode & 0o777).toBe(0o755);
    await fetcher.fetch({ uris: [uri(server.url('/files/hello.txt'))], sandbox });
    expect(statSync(join(sandbox, 'hello.txt')).mode & 0o111).toBe(0);
  });

  it('reports a missing extraction tool clearly', async () => {
    const noUnzip = new RealFetcher({ cacheDir: join(root, 'cache-x'), stallTimeoutMs: 500, tools: { tar: 'tar', gzip: 'gzip', unzip: '/nonexistent/unzip' } });
    const e = await failure([uri(server.url('/files/site.zip'))], noUnzip);
    expect(e.why).toBe("'unzip' is not installed (needed to extract this archive)");
  });

  it('copies file:// URIs and plain absolute paths', async () => {
    const local = join(root, 'notes.txt');
    await fetcher.fetch({ uris: [uri(pathToFileURL(local).href, { outputFile: 'a.txt' }), uri(local)], sandbox });
    expect(read('a.txt')).toBe('single gzipped file\n');
    expect(read('notes.txt')).toBe('single gzipped file\n');
    const e = await failure([uri(join(root, 'absent.txt'))]);
    expect(e.why).toMatch(/ENOENT/);
  });

  it('keeps outputFile inside the sandbox', async () => {
    await fetcher.fetch({ uris: [uri(server.url('/files/hello.txt'), { outputFile: 'sub/dir/h.txt' })], sandbox });
    expect(read('sub/dir/h.txt')).toBe('hello world\n');
    for (const outputFile of ['../escape.txt', '/tmp/abs.txt', 'a/../../escape.txt', '..']) {
      const e = await failure([uri(server.url('/files/hello.txt'), { outputFile })]);
      expect(e.why).toBe(`output file '${outputFile}' must be a relative path inside the sandbox`);
    }
    expect(existsSync(join(root, 'escape.txt'))).toBe(false);
  });

  it('refuses unsupported schemes and names it cannot use', async () => {
    expect((await failure([uri('ftp://example.com/x.tar')])).message).toBe("Failed to fetch 'ftp://example.com/x.tar': unsupported URI scheme 'ftp'");
    expect((await failure([uri('relative/file.txt')])).why).toBe('unsupported URI scheme');
    expect((await failure([uri(server.url('/files/'))])).why).toMatch(/cannot derive a file name/);
  });

  it('downloads a cached URI once, also for concurrent fetches, and copies it into each sandbox', async () => {
    const url = server.url('/files/cached.bin');
    const before = server.count('/files/cached.bin');
    const sandboxes = [0, 1, 2].map((i) => join(sandbox, `s${i}`));
    for (const s of sandboxes) mkdirSync(s);
    await Promise.all(sandboxes.slice(0, 2).map((s) => fetcher.fetch({ uris: [uri(url, { cache: true })], sandbox: s })));
    await fetcher.fetch({ uris: [uri(url, { cache: true })], sandbox: sandboxes[2] });
    for (const s of sandboxes) expect(readFileSync(join(s, 'cached.bin'), 'utf8')).toBe('cached bytes');
    expect(server.count('/files/cached.bin') - before).toBe(1);
    expect(readFileSync(join(fetcher.cache.dir, FetcherCache.key(url)), 'utf8')).toBe('cached bytes');
    // Without cache: true every fetch downloads again.
    await fetcher.fetch({ uris: [uri(url, { outputFile: 'again' })], sandbox });
    expect(server.count('/files/cached.bin') - before).toBe(2);
  });

  it('does not cache a failed download', async () => {
    const url = server.url('/files/not-yet.txt');
    await failure([uri(url, { cache: true })]);
    await failure([uri(url, { cache: true })]);
    expect(server.count('/files/not-yet.txt')).toBe(2);
    expect(existsSync(join(fetcher.cache.dir, FetcherCache.key(url)))).toBe(false);
  });
});

describe('archiveKind', () => {
  it('knows the Mesos archive suffixes', () => {
    for (const name of ['a.tar', 'a.tar.gz', 'a.tgz', 'a.tar.bz2', 'a.tbz2', 'a.tar.xz', 'a.TXZ']) expect(archiveKind(name)).toBe('tar');
    expect(archiveKind('a.gz')).toBe('gzip');
    expect(archiveKind('a.zip')).toBe('zip');
    expect(archiveKind('a.txt')).toBeUndefined();
    expect(archiveKind('a.bz2')).toBeUndefined();
  });
});
