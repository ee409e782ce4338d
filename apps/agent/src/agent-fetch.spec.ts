import * as pb from '@strato/proto';
import { tempDir, waitFor } from '@strato/testing';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Agent } from './agent';
import { FakeMaster } from './testing/fake-master';
import { FileServer } from './testing/file-server';

jest.setTimeout(30_000);

const withUris = (value: string, uris: string[]): pb.CommandInfo => ({
  value,
  shell: true,
  arguments: [],
  user: '',
  environment: { variables: [] },
  uris: uris.map((u) => ({ value: u, executable: false, cache: false, outputFile: '' })),
});

describe('Agent fetching command URIs (fake master, real HTTP server, real processes)', () => {
  let master: FakeMaster;
  let agent: Agent;
  let server: FileServer;
  let workDir: string;

  beforeEach(async () => {
    server = await FileServer.start({
      '/files/greeting.txt': (res) => res.writeHead(200).end('hi from http\n'),
      '/files/endless.bin': (res) => res.writeHead(200).write('some bytes, then nothing'),
    });
    master = await FakeMaster.start({ agentId: 'agent-1' });
    workDir = tempDir('strato-agent-fetch-');
    agent = new Agent({
      config: {
        master: master.address,
        ip: '127.0.0.1',
        port: 0,
        hostname: 'test-host',
        workDir,
        resources: 'cpus:4;mem:4096;disk:10000;ports:[31000-31100]',
        defaultRole: '*',
        registrationBackoffFactorMs: 50,
        zkSessionTimeoutMs: 10_000,
        defaultKillGracePeriodMs: 1000,
        statusUpdateRetryIntervalMinMs: 60_000,
        fetcherCacheDir: join(workDir, 'fetcher_cache'),
        fetcherStallTimeoutMs: 5_000,
        logLevel: 'silent',
      },
      host: { cpus: 8, memTotalMb: 8192, diskTotalMb: 50_000 },
      shutdownDeliveryMs: 200,
    });
    await agent.start();
    await waitFor(() => agent.registered, { description: 'registration' });
  });

  afterEach(async () => {
    await agent.stop();
    master.close();
    await server.close();
    rmSync(workDir, { recursive: true, force: true });
  });

  /** Acknowledges the task's updates as they come until one in `state` arrives. */
  const ackUntil = (taskId: string, state: pb.TaskState, timeoutMs = 10_000) =>
    waitFor(
      () => {
        for (const u of master.updates(taskId)) master.acknowledge(u);
        return master.updates(taskId).find((u) => u.status!.state === state);
      },
      { timeoutMs, description: `${pb.TaskState[state]} for ${taskId}` },
    );

  it('fetches the URIs into the sandbox before the command runs', async () => {
    const command = withUris('cat greeting.txt', [server.url('/files/greeting.txt')]);
    master.runTask('fw1', { taskId: 'ok', command, resources: [] });
    const sandbox = await waitFor(() => agent.tasks.list()[0]?.sandbox);
    const finished = await ackUntil('ok', pb.TaskState.TASK_FINISHED);
    expect(finished.status!.message).toBe('Command exited with status 0');
    expect(readFileSync(join(sandbox, 'stdout'), 'utf8')).toBe('hi from http\n');
    expect(readFileSync(join(sandbox, 'stderr'), 'utf8')).toContain(`Fetched '${server.url('/files/greeting.txt')}'`);
  });

  it('fails the task without running its command when a fetch fails', async () => {
    const bad = server.url('/files/missing.tar.gz');
    const command = withUris('touch ran', [server.url('/files/greeting.txt'), bad]);
    master.runTask('fw1', { taskId: 'bad', command, resources: [] });
    const sandbox = await waitFor(() => agent.tasks.list()[0]?.sandbox);
    const failed = await ackUntil('bad', pb.TaskState.TASK_FAILED);
    expect(failed.status).toMatchObject({
      reason: pb.TaskStatus_Reason.REASON_CONTAINER_LAUNCH_FAILED,
      source: pb.TaskStatus_Source.SOURCE_AGENT,
      message: `Failed to fetch '${bad}': HTTP 404 Not Found`,
    });
    expect(master.updates('bad').map((u) => u.status!.state)).toEqual([pb.TaskState.TASK_STARTING, pb.TaskState.TASK_FAILED]);
    expect(existsSync(join(sandbox, 'greeting.txt'))).toBe(true);
    expect(existsSync(join(sandbox, 'ran'))).toBe(false);
    expect(agent.metrics.snapshot()['containerizer/fetcher/task_fetches_failed']).toBe(1);
  });

  it('aborts the fetch when the task is killed while launching: TASK_KILLED, command never run', async () => {
    const command = withUris('touch ran', [server.url('/files/endless.bin')]);
    master.runTask('fw1', { taskId: 'slow', command, resources: [] });
    const sandbox = await waitFor(() => agent.tasks.list()[0]?.sandbox);
    await waitFor(() => server.count('/files/endless.bin') === 1, { description: 'the download to start' });
    master.send({ $case: 'killTask', value: { frameworkId: 'fw1', taskId: 'slow' } });
    // Well under the 5 s stall timeout: only an aborted download ends this soon.
    const killed = await ackUntil('slow', pb.TaskState.TASK_KILLED, 2_500);
    expect(killed.status!.reason).toBe(pb.TaskStatus_Reason.REASON_TASK_KILLED_DURING_LAUNCH);
    expect(existsSync(join(sandbox, 'ran'))).toBe(false);
    expect(existsSync(join(sandbox, 'endless.bin'))).toBe(false);
  });
});
