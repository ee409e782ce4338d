import { processGroupAlive, tempDir, waitFor } from '@strato/testing';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ProcessContainerizer } from '../process-containerizer';
import { buildLauncher } from '../testing/launcher-build';
import { LauncherSpawner } from './launcher-spawner';

jest.setTimeout(30_000);

describe('LauncherSpawner (the real helper process)', () => {
  let dir: string;
  let launcher: string;
  let spawner: LauncherSpawner;
  const pgids: number[] = [];

  beforeAll(() => {
    dir = tempDir('strato-launcher-');
    launcher = buildLauncher(dir);
  });

  beforeEach(() => {
    spawner = new LauncherSpawner({ path: launcher });
  });

  afterEach(async () => {
    await spawner.close();
    for (const pgid of pgids.splice(0)) {
      try {
        process.kill(-pgid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const request = (command: string) => {
    const sandbox = join(dir, `s${pgids.length}-${Math.random().toString(36).slice(2)}`);
    mkdirSync(sandbox, { recursive: true });
    return { file: '/bin/sh', args: ['-c', command], cwd: sandbox, env: { PATH: process.env.PATH ?? '' }, stdout: join(sandbox, 'stdout'), stderr: join(sandbox, 'stderr') };
  };

  it('keeps working through a SIGTERM to the helper (a Ctrl-C reaches the whole process group)', async () => {
    const first = await spawner.spawn(request('exit 0'));
    const helper = spawner.helperPid!;
    process.kill(helper, 'SIGTERM');
    await expect(first.exit).resolves.toEqual({ code: 0, signal: null });
    const second = await spawner.spawn(request('exit 4'));
    await expect(second.exit).resolves.toEqual({ code: 4, signal: null });
    expect(spawner.helperPid).toBe(helper);
  });

  it('fails the exits it can no longer observe when the helper dies, ends those containers, and starts a new helper', async () => {
    const containerizer = new ProcessContainerizer({ spawner });
    const sandbox = request('').cwd;
    const launched = await containerizer.launch({
      containerId: 'c1', sandbox, env: { PATH: process.env.PATH ?? '' },
      command: { value: 'sleep 100 & sleep 100', shell: true, arguments: [], environment: {}, uris: [] },
    });
    const pgid = Number(launched.recovery.pgid);
    pgids.push(pgid);
    await waitFor(() => processGroupAlive(pgid));
    const helper = spawner.helperPid!;
    process.kill(helper, 'SIGKILL');
    await expect(containerizer.wait('c1')).rejects.toThrow(/launcher helper exited \(SIGKILL\)/);
    expect(processGroupAlive(pgid)).toBe(false);
    const next = await spawner.spawn(request('exit 0'));
    await expect(next.exit).resolves.toEqual({ code: 0, signal: null });
    expect(spawner.helperPid).not.toBe(helper);
  });

  it('fails launches while the helper cannot be started, and closes without waiting for it', async () => {
    const broken = new LauncherSpawner({ path: launcher, execPath: join(dir, 'no-such-node') });
    await expect(broken.spawn(request('exit 0'))).rejects.toThrow(/launcher/);
    await expect(broken.spawn(request('exit 0'))).rejects.toThrow(/launcher/);
    await broken.close();
    expect(broken.helperPid).toBeUndefined();
  });

  it('calls a launch off, forking nothing, when it is no longer wanted', async () => {
    await expect(spawner.spawn(request('exit 0'), () => false)).rejects.toThrow('the launch was cancelled');
    expect(spawner.helperPid).toBeUndefined();
  });

  it('reports a program that cannot start, and on close lets running processes be while refusing new launches', async () => {
    await expect(spawner.spawn({ ...request(''), file: '/no/such/program', args: [] })).rejects.toThrow(/ENOENT/);
    const running = await spawner.spawn(request('sleep 100'));
    pgids.push(running.pid);
    await spawner.close();
    expect(spawner.helperPid).toBeUndefined();
    expect(processGroupAlive(running.pid)).toBe(true);
    await expect(spawner.spawn(request('exit 0'))).rejects.toThrow(/closed/);
  });
});
