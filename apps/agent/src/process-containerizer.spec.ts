import { CommandInfo, TaskInfo } from '@strato/domain';
import { Resources } from '@strato/resources';
import { processGroupAlive, tempDir, waitFor } from '@strato/testing';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ContainerLaunchError, LaunchCancelledError } from './containerizer';
import { LauncherSpawner } from './launcher/launcher-spawner';
import { commandLine, isSimpleCommand, ProcessContainerizer } from './process-containerizer';
import { DirectSpawner, ProcessSpawner } from './spawner';
import { buildLauncher } from './testing/launcher-build';

const shell = (value: string): CommandInfo => ({ value, shell: true, arguments: [], environment: {}, uris: [] });

jest.setTimeout(30_000);

/** The containerizer's contract holds whether it forks itself or through the launcher helper. */
const spawners: [string, (workDir: string) => ProcessSpawner][] = [
  ['forking itself', () => new DirectSpawner()],
  ['through the launcher helper', (workDir) => new LauncherSpawner({ path: buildLauncher(workDir) })],
];

describe.each(spawners)('ProcessContainerizer (real processes, %s)', (_name, makeSpawner) => {
  let workDir: string;
  let spawner: ProcessSpawner;
  let containerizer: ProcessContainerizer;
  let n = 0;
  const pgids: number[] = [];

  beforeAll(() => {
    workDir = tempDir('strato-agent-pc-');
    spawner = makeSpawner(workDir);
  });

  beforeEach(() => {
    containerizer = new ProcessContainerizer({ spawner });
  });

  afterEach(async () => {
    for (const id of containerizer.containers()) containerizer.kill(id, 0);
    await waitFor(() => containerizer.containers().length === 0, { timeoutMs: 10_000, description: 'containers to stop' });
  });

  afterAll(async () => {
    await spawner.close();
    for (const pgid of pgids) {
      try {
        process.kill(-pgid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
    rmSync(workDir, { recursive: true, force: true });
  });

  async function launch(command: CommandInfo, env: Record<string, string> = {}) {
    const containerId = `c${n++}`;
    const sandbox = join(workDir, containerId);
    mkdirSync(sandbox, { recursive: true });
    const launched = await containerizer.launch({ containerId, sandbox, command, env: { PATH: process.env.PATH ?? '', ...env } });
    pgids.push(Number(launched.recovery.pgid));
    return { ...launched, sandbox, pgid: Number(launched.recovery.pgid) };
  }

  it('runs a shell command in its sandbox, output in stdout/stderr, exit 0', async () => {
    const c = await launch(shell('echo "hello $GREETING"; pwd; echo oops >&2'), { GREETING: 'world' });
    const end = await containerizer.wait(c.containerId);
    expect(end).toEqual({ exitCode: 0, signal: null, killed: false });
    const stdout = readFileSync(join(c.sandbox, 'stdout'), 'utf8');
    expect(stdout).toContain('hello world');
    expect(stdout).toContain(c.sandbox);
    expect(readFileSync(join(c.sandbox, 'stderr'), 'utf8')).toBe('oops\n');
  });

  it('reports a non-zero exit status, and forgets the container once its end was handed out', async () => {
    const c = await launch(shell('exit 3'));
    expect(await containerizer.wait(c.containerId)).toEqual({ exitCode: 3, signal: null, killed: false });
    await expect(containerizer.wait(c.containerId)).rejects.toThrow(/unknown container/);
  });

  it('starts nothing when the launch is called off before the fork', async () => {
    const sandbox = join(workDir, 'called-off');
    mkdirSync(sandbox, { recursive: true });
    const attempt = containerizer.launch({ containerId: 'called-off', sandbox, command: shell('echo ran'), env: {}, proceed: () => false });
    await expect(attempt).rejects.toBeInstanceOf(LaunchCancelledError);
    expect(containerizer.containers()).toEqual([]);
    expect(existsSync(join(sandbox, 'stdout'))).toBe(false);
  });

  it('still reports the exit of a container that ended before anyone waited for it', async () => {
    const c = await launch(shell('exit 5'));
    await waitFor(() => !containerizer.containers().includes(c.containerId), { description: 'the container to end' });
    expect(await containerizer.wait(c.containerId)).toEqual({ exitCode: 5, signal: null, killed: false });
    await expect(containerizer.wait(c.containerId)).rejects.toThrow(/unknown container/);
  });

  it('runs a program without a shell, arguments[0] being argv0', async () => {
    const command: CommandInfo = { value: '/bin/sh', shell: false, arguments: ['my-sh', '-c', 'tr "\\0" " " < /proc/$$/cmdline; echo "$0"', 'x'], environment: {}, uris: [] };
    const c = await launch(command);
    await containerizer.wait(c.containerId);
    const out = readFileSync(join(c.sandbox, 'stdout'), 'utf8');
    expect(out.startsWith('my-sh -c ')).toBe(true);
    expect(out.endsWith('x\n')).toBe(true);
  });

  it('fails to launch a missing program with shell=false', async () => {
    const command: CommandInfo = { value: '/no/such/program', shell: false, arguments: [], environment: {}, uris: [] };
    const attempt = launch(command);
    await expect(attempt).rejects.toBeInstanceOf(ContainerLaunchError);
    await expect(attempt).rejects.toThrow(/ENOENT/);
    expect(containerizer.containers()).toEqual([]);
  });

  it('kills the whole process group with SIGTERM within the grace period', async () => {
    const c = await launch(shell('sleep 100 & sleep 100'));
    await waitFor(() => processGroupAlive(c.pgid));
    const started = Date.now();
    containerizer.kill(c.containerId, 5_000);
    const end = await containerizer.wait(c.containerId);
    expect(end).toEqual({ exitCode: null, signal: 'SIGTERM', killed: true });
    expect(Date.now() - started).toBeLessThan(4_000);
    expect(processGroupAlive(c.pgid)).toBe(false);
  });

  it('SIGKILLs a task that ignores SIGTERM once the grace period is over', async () => {
    const c = await launch(shell('trap "" TERM; echo ready; sleep 100; echo survived'));
    await waitFor(() => readFileSync(join(c.sandbox, 'stdout'), 'utf8').includes('ready'));
    const started = Date.now();
    containerizer.kill(c.containerId, 700);
    const end = await containerizer.wait(c.containerId);
    const took = Date.now() - started;
    expect(end).toEqual({ exitCode: null, signal: 'SIGKILL', killed: true });
    expect(took).toBeGreaterThanOrEqual(650);
    expect(processGroupAlive(c.pgid)).toBe(false);
    expect(readFileSync(join(c.sandbox, 'stdout'), 'utf8')).not.toContain('survived');
  });

  it('lets a later kill shorten the grace period but never lengthen it', async () => {
    const c = await launch(shell('trap "" TERM; echo ready; sleep 100'));
    await waitFor(() => readFileSync(join(c.sandbox, 'stdout'), 'utf8').includes('ready'));
    const started = Date.now();
    containerizer.kill(c.containerId, 60_000);
    containerizer.kill(c.containerId, 300);
    containerizer.kill(c.containerId, 60_000);
    const end = await containerizer.wait(c.containerId);
    expect(end.signal).toBe('SIGKILL');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('kills stragglers left in the group when the main process exits', async () => {
    const c = await launch(shell('sleep 100 & echo started'));
    const end = await containerizer.wait(c.containerId);
    expect(end.exitCode).toBe(0);
    expect(processGroupAlive(c.pgid)).toBe(false);
  });

  it('reports a signal it did not send as not killed', async () => {
    const c = await launch(shell('kill -USR1 $$; sleep 5'));
    expect(await containerizer.wait(c.containerId)).toEqual({ exitCode: null, signal: 'SIGUSR1', killed: false });
  });

  it('destroys the process groups a previous run left behind, and only those', async () => {
    const previous = new ProcessContainerizer();
    const sandbox = join(workDir, 'orphan');
    mkdirSync(sandbox, { recursive: true });
    const env = { PATH: process.env.PATH ?? '', MESOS_CONTAINER_ID: 'orphan-1' };
    const orphan = await previous.launch({ containerId: 'orphan-1', sandbox, command: shell('sleep 100 & sleep 100'), env });
    const previousRunEnded = previous.wait('orphan-1');
    const pgid = Number(orphan.recovery.pgid);
    pgids.push(pgid);
    await waitFor(() => processGroupAlive(pgid));

    const mislabelled = await containerizer.destroyOrphans([{ containerId: 'someone-else', recovery: orphan.recovery }]);
    expect(mislabelled).toEqual([]);
    expect(processGroupAlive(pgid)).toBe(true);

    const destroyed = await containerizer.destroyOrphans([{ containerId: 'orphan-1', recovery: orphan.recovery }]);
    expect(destroyed).toEqual(['orphan-1']);
    expect(processGroupAlive(pgid)).toBe(false);
    expect((await previousRunEnded).signal).toBe('SIGKILL');
  });
});

describe('commandLine', () => {
  it('uses /bin/sh -c for shell commands and argv as given otherwise', () => {
    expect(commandLine(shell('echo hi'))).toEqual({ file: '/bin/sh', args: ['-c', 'echo hi'] });
    expect(commandLine(shell(' sleep 3600 '))).toEqual({ file: '/bin/sh', args: ['-c', 'exec sleep 3600'] });
    const plain = { value: '/bin/echo', shell: false, arguments: [], environment: {}, uris: [] };
    expect(commandLine(plain)).toEqual({ file: '/bin/echo', args: [], argv0: '/bin/echo' });
    expect(commandLine({ ...plain, arguments: ['echo', 'a', 'b'] })).toEqual({ file: '/bin/echo', args: ['a', 'b'], argv0: 'echo' });
  });
});

describe('isSimpleCommand', () => {
  it('accepts one program with plain words, so the program can replace the shell', () => {
    for (const command of ['sleep 3600', './run.sh --port=8080', 'python3 -m http.server 31000', '/usr/bin/env a=b c,d@e%f+g:h']) {
      expect(isSimpleCommand(command)).toBe(true);
    }
  });

  it('refuses builtins, keywords, assignments, expansions, quoting, globs, redirections and operators', () => {
    const refused = [
      'exit 3', 'cd /tmp', 'echo hi', 'true', 'kill -USR1 1', 'while true', 'X=1 cmd', '-x', 'sleep $N', 'sleep "1"', "sleep '1'",
      'ls *.txt', 'ls ~', 'cmd > out', 'a; b', 'a && b', 'a | b', 'a & b', 'sleep 1\nsleep 2', 'cmd # comment', 'cmd `x`', '', '   ',
    ];
    for (const command of refused) expect({ command, simple: isSimpleCommand(command) }).toEqual({ command, simple: false });
  });
});

describe('ProcessContainerizer.unsupported', () => {
  const task = (over: Partial<TaskInfo>): TaskInfo => ({ taskId: 't', name: 't', agentId: 'a', resources: Resources.EMPTY, labels: [], ...over });
  it('refuses tasks without a command and DOCKER containers', () => {
    const pc = new ProcessContainerizer();
    expect(pc.unsupported(task({ command: shell('true') }))).toBeUndefined();
    expect(pc.unsupported(task({}))).toMatch(/^Containerizer does not support this task: .*no command/);
    const docker = task({ container: { type: 'DOCKER', volumes: [], docker: { image: 'nginx', network: 'HOST', portMappings: [], privileged: false, parameters: [], forcePullImage: false } } });
    expect(pc.unsupported(docker)).toMatch(/^Containerizer does not support this task: DOCKER/);
  });
});
