import { build } from 'esbuild';
import * as pb from '@strato/proto';
import { freePort, processGroupAlive, ServiceProcess, startProcess, tempDir, waitFor } from '@strato/testing';
import { readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CheckpointStore, TaskCheckpoint } from './checkpoint';
import { FakeMaster } from './testing/fake-master';

const repoRoot = resolve(__dirname, '..', '..', '..');

/** Bundles src/main.ts like `npm run build`, into a temp dir, so the test runs the real binary. */
async function bundleAgent(outDir: string): Promise<string> {
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  const outfile = join(outDir, 'main.js');
  await build({
    entryPoints: [join(__dirname, 'main.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})],
    logLevel: 'warning',
  });
  return outfile;
}

const shell = (value: string): pb.CommandInfo => ({ value, shell: true, arguments: [], uris: [], user: '', environment: { variables: [] } });

jest.setTimeout(30_000);

describe('strato-agent process', () => {
  let dir: string;
  let bundle: string;
  let master: FakeMaster;
  let agent: ServiceProcess | undefined;
  const pgids: number[] = [];

  beforeAll(async () => {
    dir = tempDir('strato-agent-proc-');
    bundle = await bundleAgent(join(dir, 'dist'));
  });

  beforeEach(async () => {
    master = await FakeMaster.start({ agentId: 'agent-p' });
  });

  afterEach(async () => {
    await agent?.stop(10_000);
    master.close();
    for (const pgid of pgids) {
      try {
        process.kill(-pgid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function startAgent(workDir: string): Promise<ServiceProcess> {
    const args = ['--master', master.address, '--port', String(await freePort()), '--work_dir', workDir, '--registration_backoff_factor', '100ms'];
    const env = { NODE_PATH: join(repoRoot, 'node_modules'), STRATO_RESOURCES: 'cpus:2;mem:1024;disk:1024;ports:[31000-31010]' };
    agent = startProcess('agent', process.execPath, { args: [bundle, ...args], env, cwd: dir });
    await agent.waitForLog(/"msg":"registered with master"/);
    return agent;
  }

  async function runSleeper(taskId: string): Promise<void> {
    master.runTask('fw1', { taskId, command: shell('sleep 100 & sleep 100') });
    master.acknowledge(await master.waitForUpdate(taskId, 1));
    expect((await master.waitForUpdate(taskId, 2)).status!.state).toBe(pb.TaskState.TASK_RUNNING);
  }

  let workDir = '';

  /** The task checkpoints in the agent's store; only while no agent runs (one writer per store). */
  async function checkpointedTasks(): Promise<TaskCheckpoint[]> {
    const store = new CheckpointStore(workDir);
    try {
      const { tasks, errors } = await store.loadTasks();
      expect(errors).toEqual([]);
      return tasks;
    } finally {
      store.close();
    }
  }

  /** The process group the (stopped) agent checkpointed for the task; killed after the test. */
  async function checkpointedPgid(taskId: string): Promise<number> {
    const task = (await checkpointedTasks()).find((t) => t.task.taskId === taskId);
    const pgid = task?.container?.pgid;
    if (typeof pgid !== 'number') throw new Error(`no checkpointed container for ${taskId}`);
    pgids.push(pgid);
    return pgid;
  }

  it('prints its flags with --help', async () => {
    const help = startProcess('help', process.execPath, { args: [bundle, '--help'], env: { NODE_PATH: join(repoRoot, 'node_modules') } });
    expect(await help.wait()).toBe(0);
    for (const name of ['--master', '--work_dir', '--resources', '--attributes', '--default_kill_grace_period', '--status_update_retry_interval_min']) {
      expect(help.logs).toContain(name);
    }
    expect(help.logs).toContain('STRATO_');
  });

  it('after a SIGKILL, the restarted agent kills the orphaned tasks and reports them TASK_FAILED', async () => {
    workDir = join(dir, 'crash');
    await startAgent(workDir);
    await runSleeper('survivor');
    await agent!.kill9();
    const pgid = await checkpointedPgid('survivor');
    expect(processGroupAlive(pgid)).toBe(true); // the crash left the task behind

    const before = master.connectionCount;
    await startAgent(workDir);
    const again = (await master.waitForMessage('reregister', before)).message;
    if (again?.$case !== 'reregister') throw new Error('expected reregister');
    expect(again.value.agentInfo!.id).toBe('agent-p');
    await waitFor(() => !processGroupAlive(pgid), { description: 'the orphaned process group to be killed' });

    // The un-acknowledged RUNNING comes first, then the agent's TASK_FAILED.
    const running = await master.waitForUpdate('survivor', 3);
    expect(running.status!.state).toBe(pb.TaskState.TASK_RUNNING);
    master.acknowledge(running);
    const failed = await master.waitForUpdate('survivor', 4);
    expect(failed.status).toMatchObject({
      state: pb.TaskState.TASK_FAILED,
      reason: pb.TaskStatus_Reason.REASON_AGENT_RESTARTED,
      message: 'Agent restarted; task killed',
      source: pb.TaskStatus_Source.SOURCE_AGENT,
    });
    master.acknowledge(failed);
    await agent!.waitForLog(/"msg":"task removed"/);
    expect(await agent!.stop(10_000)).toBe(0); // the removal is written by the next batch, at the latest on shutdown
    expect(await checkpointedTasks()).toEqual([]);
  });

  it('on SIGTERM kills every task, reports TASK_KILLED and exits', async () => {
    workDir = join(dir, 'graceful');
    await startAgent(workDir);
    await runSleeper('graceful');
    master.acknowledge(await master.waitForUpdate('graceful', 2));
    const code = await agent!.stop(10_000);
    expect(code).toBe(0);
    expect(processGroupAlive(await checkpointedPgid('graceful'))).toBe(false);
    const killed = await master.waitForState('graceful', pb.TaskState.TASK_KILLED);
    expect(killed.status!.message).toMatch(/^Agent shut down: Command terminated with signal SIG(TERM|KILL)$/);
  });
});
