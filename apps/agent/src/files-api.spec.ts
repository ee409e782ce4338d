import { createHttpApp, HttpServer, listenHttp } from '@strato/service';
import { tempDir } from '@strato/testing';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { filesRouter, resolveSandboxPath } from './files-api';

describe('files API', () => {
  let workDir: string;
  let sandbox: string;
  let runs: string;
  let server: HttpServer;
  let base: string;

  beforeAll(async () => {
    workDir = tempDir('strato-agent-files-');
    runs = join(workDir, 'slaves', 'a1', 'frameworks', 'f1', 'executors', 't1', 'runs');
    sandbox = join(runs, 'c1');
    mkdirSync(join(sandbox, 'sub'), { recursive: true });
    writeFileSync(join(sandbox, 'stdout'), 'hello world\n');
    writeFileSync(join(sandbox, 'sub', 'note.txt'), 'n');
    symlinkSync('c1', join(runs, 'latest'));
    symlinkSync('/etc', join(sandbox, 'etc-link'));
    symlinkSync('/etc/hostname', join(sandbox, 'host-link'));
    symlinkSync(join(workDir, 'meta'), join(sandbox, 'meta-link'));
    mkdirSync(join(workDir, 'meta'), { recursive: true });
    writeFileSync(join(workDir, 'meta', 'agent.json'), '{"id":"secret"}');
    const app = createHttpApp();
    app.use(filesRouter(workDir));
    server = await listenHttp(app, '127.0.0.1', 0);
    base = `http://127.0.0.1:${server.port}`;
  });

  afterAll(async () => {
    await server.close();
    rmSync(workDir, { recursive: true, force: true });
  });

  const get = async (endpoint: string, path: string, extra = '') => {
    const res = await fetch(`${base}/files/${endpoint}?path=${encodeURIComponent(path)}${extra}`);
    return { status: res.status, text: await res.text() };
  };

  describe('containment', () => {
    const refused = [
      ['a file of the work dir outside the sandboxes', () => join(workDir, 'meta', 'agent.json')],
      ['a path climbing out with ..', () => join(sandbox, '..', '..', '..', '..', '..', '..', 'meta', 'agent.json')],
      ['a path climbing out with .. written literally', () => `${sandbox}/../../../../../../meta/agent.json`],
      ['a system file', () => '/etc/passwd'],
      ['the root', () => '/'],
      ['a symlink to a directory outside', () => join(sandbox, 'etc-link', 'passwd')],
      ['a symlink to a file outside', () => join(sandbox, 'host-link')],
      ['a symlink to the work dir meta', () => join(sandbox, 'meta-link', 'agent.json')],
      ['the runs directory above the sandboxes', () => runs],
      ['the work dir', () => workDir],
      ['a relative path', () => 'slaves/a1/frameworks/f1/executors/t1/runs/c1/stdout'],
    ] as const;

    it.each(refused)('refuses %s', async (_name, path) => {
      await expect(resolveSandboxPath(workDir, path())).rejects.toMatchObject({ status: 403 });
      for (const endpoint of ['browse', 'read', 'download']) {
        const res = await get(endpoint, path());
        expect(res.status).toBe(403);
        expect(JSON.parse(res.text).message).toMatch(/not/);
        expect(res.text).not.toContain('secret');
        expect(res.text).not.toContain('root:');
      }
    });

    it('allows files inside a sandbox, also through the latest symlink', async () => {
      expect(await resolveSandboxPath(workDir, join(sandbox, 'stdout'))).toMatch(/c1\/stdout$/);
      expect(await resolveSandboxPath(workDir, join(runs, 'latest', 'stdout'))).toMatch(/c1\/stdout$/);
      expect(await resolveSandboxPath(workDir, join(sandbox, 'sub', '..', 'stdout'))).toMatch(/c1\/stdout$/);
    });

    it('answers 404 for a missing file inside a sandbox and 400 without a path', async () => {
      expect((await get('read', join(sandbox, 'nope'))).status).toBe(404);
      expect((await fetch(`${base}/files/read`)).status).toBe(400);
    });
  });

  it('browses a sandbox in the Mesos shape', async () => {
    const res = await get('browse', sandbox);
    expect(res.status).toBe(200);
    const list = JSON.parse(res.text) as Array<Record<string, unknown>>;
    const stdout = list.find((e) => e.path === join(sandbox, 'stdout'));
    expect(stdout).toMatchObject({ size: 12, mode: expect.stringMatching(/^-rw/), nlink: 1 });
    expect(typeof stdout!.mtime).toBe('number');
    expect(typeof stdout!.uid).toBe('string');
    expect(typeof stdout!.gid).toBe('string');
    expect(list.find((e) => e.path === join(sandbox, 'sub'))).toMatchObject({ mode: expect.stringMatching(/^d/) });
  });

  it('reads with offset and length, and offset -1 gives the size', async () => {
    expect(JSON.parse((await get('read', join(sandbox, 'stdout'))).text)).toEqual({ data: 'hello world\n', offset: 0 });
    expect(JSON.parse((await get('read', join(sandbox, 'stdout'), '&offset=6&length=5')).text)).toEqual({ data: 'world', offset: 6 });
    expect(JSON.parse((await get('read', join(sandbox, 'stdout'), '&offset=-1')).text)).toEqual({ data: '', offset: 12 });
    expect(JSON.parse((await get('read', join(sandbox, 'stdout'), '&offset=100')).text)).toEqual({ data: '', offset: 100 });
    expect((await get('read', join(sandbox, 'stdout'), '&offset=abc')).status).toBe(400);
    expect((await get('read', sandbox)).status).toBe(400);
  });

  it('downloads a file', async () => {
    const res = await fetch(`${base}/files/download?path=${encodeURIComponent(join(runs, 'latest', 'stdout'))}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain('stdout');
    expect(await res.text()).toBe('hello world\n');
  });
});
