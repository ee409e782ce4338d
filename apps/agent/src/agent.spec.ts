import * as pb from '@strato/proto';
import { freePort, processGroupAlive, tempDir, waitFor } from '@strato/testing';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Agent } from './agent';
import { CheckpointStore } from './checkpoint';
import { AgentConfig } from './flags';
import { FakeMaster } from './testing/fake-master';

const scalar = (name: string, value: number): pb.Resource => ({ name, type: pb.Value_Type.SCALAR, scalar: { value }, role: '*', allocationRole: '' });
const ports = (...list: number[]): pb.Resource => ({
  name: 'ports',
  type: pb.Value_Type.RANGES,
  ranges: { range: list.map((p) => ({ begin: p, end: p })) },
  role: '*',
  allocationRole: '',
});
const shell = (value: string, env: Record<string, string> = {}): pb.CommandInfo => ({
  value,
  shell: true,
  arguments: [],
  uris: [],
  user: '',
  environment: { variables: Object.entries(env).map(([name, v]) => ({ name, value: v })) },
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
const getJson = async (url: string): Promise<Json> => (await fetch(url)).json();

function config(master: string, workDir: string): AgentConfig {
  return {
    master,
    ip: '127.0.0.1',
    port: 0,
    hostname: 'test-host',
    workDir,
    resources: 'cpus:4;mem:4096;disk:10000;ports:[31000-31100]',
    attributes: 'rack:r1',
    defaultRole: '*',
    registrationBackoffFactorMs: 50,
    zkSessionTimeoutMs: 10_000,
    defaultKillGracePeriodMs: 1000,
    // Large on purpose: any resend seen in these tests comes from a reconnect, not from the retry timer.
    statusUpdateRetryIntervalMinMs: 60_000,
    fetcherCacheDir: join(workDir, 'fetcher_cache'),
    fetcherStallTimeoutMs: 5_000,
    logLevel: 'silent',
  };
}

/** The agent id in the work dir's store, read by a second, short-lived reader (the agent's writes are synchronous). */
async function checkpointedAgentId(workDir: string): Promise<string | undefined> {
  const checkpoints = new CheckpointStore(workDir);
  try {
    return (await checkpoints.loadAgent())?.id;
  } finally {
    checkpoints.close();
  }
}

// Longer than any waitFor deadline, so a failure reports what was awaited rather than a bare timeout.
jest.setTimeout(30_000);

describe('Agent with a fake master over real gRPC', () => {
  let master: FakeMaster;
  let agent: Agent;
  let workDir: string;

  beforeEach(async () => {
    master = await FakeMaster.start({ agentId: 'agent-1' });
    workDir = tempDir('strato-agent-it-');
    agent = new Agent({ config: config(master.address, workDir), host: { cpus: 8, memTotalMb: 8192, diskTotalMb: 50_000 }, shutdownDeliveryMs: 200 });
    await agent.start();
    await waitFor(() => agent.registered, { description: 'registration' });
  });

  afterEach(async () => {
    await agent.stop();
    master.close();
    rmSync(workDir, { recursive: true, force: true });
  });

  /** Acknowledges every update of the task until its terminal one, returning them all. */
  async function ackUntilTerminal(taskId: string, from = 1): Promise<pb.AgentMessage_StatusUpdate[]> {
    const seen: pb.AgentMessage_StatusUpdate[] = [];
    for (let n = from; n < from + 10; n++) {
      const u = await master.waitForUpdate(taskId, n);
      seen.push(u);
      master.acknowledge(u);
      const s = u.status!.state;
      if ([pb.TaskState.TASK_FINISHED, pb.TaskState.TASK_FAILED, pb.TaskState.TASK_KILLED, pb.TaskState.TASK_ERROR].includes(s)) return seen;
    }
    throw new Error(`no terminal update for ${taskId}: ${master.describe(taskId)}`);
  }

  it('registers with its resources and attributes, persists its id and re-registers with it', async () => {
    const register = (await master.waitForMessage('register')).message;
    if (register?.$case !== 'register') throw new Error('expected register');
    const info = register.value.agentInfo!;
    expect(info).toMatchObject({ id: '', hostname: 'test-host', port: agent.httpPort });
    expect(info.resources.map((r) => r.name)).toEqual(['cpus', 'mem', 'disk', 'ports']);
    expect(info.attributes).toEqual([expect.objectContaining({ name: 'rack', text: { value: 'r1' } })]);
    expect(await checkpointedAgentId(workDir)).toBe('agent-1');

    master.endCurrent();
    const again = (await master.waitForMessage('reregister', 1)).message;
    if (again?.$case !== 'reregister') throw new Error('expected reregister');
    expect(again.value.agentInfo!.id).toBe('agent-1');
    await waitFor(() => agent.registered);
  });

  it('runs a task: STARTING, RUNNING, FINISHED, one update in flight, each released by its ack', async () => {
    const command = shell('echo hello; echo "$PORT0 $PORT1 $PORTS $MESOS_TASK_ID $HOST $GREETING"', { GREETING: 'hi' });
    master.runTask('fw1', { taskId: 't1', command, resources: [scalar('cpus', 1), scalar('mem', 64), ports(31005, 31001)] });
    const starting = await master.waitForUpdate('t1', 1);
    expect(starting.frameworkId).toBe('fw1');
    expect(starting.status).toMatchObject({ state: pb.TaskState.TASK_STARTING, agentId: 'agent-1', source: pb.TaskStatus_Source.SOURCE_EXECUTOR });
    expect(starting.status!.uuid).not.toBe('');
    expect(Math.abs(starting.status!.timestamp - Date.now() / 1000)).toBeLessThan(60);

    await waitFor(() => agent.tasks.list()[0]?.phase === 'terminated', { description: 'the task to end' });
    expect(master.updates('t1')).toHaveLength(1); // RUNNING and FINISHED wait behind the unacknowledged STARTING
    expect(agent.tasks.usedResources().cpus()).toBe(1);

    master.acknowledge(starting);
    const running = await master.waitForUpdate('t1', 2);
    expect(running.status!.state).toBe(pb.TaskState.TASK_RUNNING);
    master.acknowledge(starting); // stale: ignored
    master.acknowledge(running);
    const finished = await master.waitForUpdate('t1', 3);
    expect(finished.status).toMatchObject({ state: pb.TaskState.TASK_FINISHED, message: 'Command exited with status 0', exitCode: 0 });
    expect(new Set([starting, running, finished].map((u) => u.status!.uuid)).size).toBe(3);
    expect(master.updates('t1')).toHaveLength(3);

    const sandbox = agent.tasks.list()[0].sandbox!;
    expect(sandbox).toContain(join('slaves', 'agent-1', 'frameworks', 'fw1', 'executors', 't1', 'runs'));
    expect(readFileSync(join(sandbox, 'stdout'), 'utf8')).toBe('hello\n31005 31001 31005,31001 t1 test-host hi\n');

    master.acknowledge(finished);
    await waitFor(() => agent.tasks.list().length === 0, { description: 'the task record to go' });
    expect(agent.tasks.usedResources().isEmpty()).toBe(true);
    const state = await getJson(`http://127.0.0.1:${agent.httpPort}/state`);
    expect(state.completed_frameworks[0].completed_executors[0].completed_tasks[0]).toMatchObject({ id: 't1', state: 'TASK_FINISHED' });
  });

  it('re-sends unacknowledged updates after reconnecting, and re-registers its live tasks', async () => {
    master.runTask('fw1', { taskId: 't2', command: shell('sleep 100'), resources: [scalar('cpus', 0.5)] });
    const starting = await master.waitForUpdate('t2', 1);
    await waitFor(() => agent.tasks.list()[0]?.phase === 'running');
    expect(master.updates('t2')).toHaveLength(1);

    master.endCurrent();
    const again = (await master.waitForMessage('reregister', 1)).message;
    if (again?.$case !== 'reregister') throw new Error('expected reregister');
    expect(again.value.tasks).toEqual([
      expect.objectContaining({ frameworkId: 'fw1', task: expect.objectContaining({ taskId: 't2' }), latestStatus: expect.objectContaining({ state: pb.TaskState.TASK_RUNNING }) }),
    ]);
    expect(again.value.frameworks.map((f) => f.id)).toEqual(['fw1']);
    const resent = await master.waitForUpdate('t2', 2);
    expect(resent.status!.uuid).toBe(starting.status!.uuid);
    expect(master.received.find((r) => r.message.message?.$case === 'statusUpdate' && r.connection === 1)).toBeDefined();

    master.acknowledge(resent);
    expect((await master.waitForUpdate('t2', 3)).status!.state).toBe(pb.TaskState.TASK_RUNNING);
  });

  it('answers pings, and reconnects when pings stop coming', async () => {
    master.send({ $case: 'ping', value: { sequence: 42 } });
    const pong = (await master.waitForMessage('pong')).message;
    expect(pong).toEqual({ $case: 'pong', value: { sequence: 42 } });

    master.pingIntervalSeconds = 0.1;
    master.endCurrent();
    await master.waitForMessage('reregister', 1);
    // Registered with 0.1 s pings and no ping ever sent: after 5 missed pings the agent reconnects.
    await master.waitForMessage('reregister', 2, 5_000);
  });

  it('answers a kill of an unknown task with TASK_LOST without uuid', async () => {
    master.send({ $case: 'killTask', value: { frameworkId: 'fw1', taskId: 'ghost' } });
    const lost = await master.waitForUpdate('ghost', 1);
    expect(lost.status).toMatchObject({ state: pb.TaskState.TASK_LOST, reason: pb.TaskStatus_Reason.REASON_TASK_UNKNOWN, uuid: '' });
  });

  it("kills a task with the kill's grace period, which beats the task's own", async () => {
    const command = shell('trap "" TERM; echo ready; sleep 100');
    master.runTask('fw1', { taskId: 't3', command, killPolicy: { gracePeriodSeconds: 60 } });
    await ackUntilRunning(master, 't3');
    const record = agent.tasks.list()[0];
    await waitFor(() => readFileSync(join(record.sandbox!, 'stdout'), 'utf8').includes('ready'));
    const pgid = Number(record.container!.pgid);
    master.send({ $case: 'killTask', value: { frameworkId: 'fw1', taskId: 't3', killPolicy: { gracePeriodSeconds: 0.2 } } });
    const killed = await master.waitForState('t3', pb.TaskState.TASK_KILLED, 5_000);
    expect(killed.status!.message).toBe('Command terminated with signal SIGKILL');
    expect(processGroupAlive(pgid)).toBe(false);
  });

  it('fails tasks that cannot launch: missing program, no command', async () => {
    const missing: pb.CommandInfo = { ...shell('/no/such/binary'), shell: false };
    master.runTask('fw1', { taskId: 't4', command: missing });
    master.runTask('fw1', { taskId: 't5', container: { type: pb.ContainerInfo_Type.DOCKER, volumes: [], hostname: '' } });
    const updates4 = await ackUntilTerminal('t4');
    expect(updates4.map((u) => u.status!.state)).toEqual([pb.TaskState.TASK_STARTING, pb.TaskState.TASK_FAILED]);
    expect(updates4[1].status).toMatchObject({ reason: pb.TaskStatus_Reason.REASON_CONTAINER_LAUNCH_FAILED, source: pb.TaskStatus_Source.SOURCE_AGENT });
    expect(updates4[1].status!.message).toMatch(/ENOENT/);
    const [failed5] = await ackUntilTerminal('t5');
    expect(failed5.status!.state).toBe(pb.TaskState.TASK_FAILED);
    expect(failed5.status!.message).toMatch(/^Containerizer does not support this task/);
    await waitFor(() => agent.tasks.list().length === 0);
  });

  it('reports exit codes, framework shutdown and the maximum completion time', async () => {
    master.runTask('fw1', { taskId: 'exit3', command: shell('exit 3') });
    master.runTask('fw2', { taskId: 'slow', command: shell('sleep 100'), maxCompletionTimeSeconds: 0.3 });
    master.runTask('fw3', { taskId: 'doomed', command: shell('sleep 100') });
    await ackUntilRunning(master, 'doomed');
    master.send({ $case: 'shutdownFramework', value: { frameworkId: 'fw3' } });

    const exit3 = (await ackUntilTerminal('exit3')).pop()!;
    expect(exit3.status).toMatchObject({ state: pb.TaskState.TASK_FAILED, message: 'Command exited with status 3', exitCode: 3 });
    const slow = (await ackUntilTerminal('slow')).pop()!;
    expect(slow.status).toMatchObject({ state: pb.TaskState.TASK_FAILED, reason: pb.TaskStatus_Reason.REASON_MAX_COMPLETION_TIME_REACHED });
    const doomed = (await ackUntilTerminal('doomed', 3)).pop()!;
    expect(doomed.status).toMatchObject({ state: pb.TaskState.TASK_KILLED, reason: pb.TaskStatus_Reason.REASON_FRAMEWORK_REMOVED });

    const metrics = await getJson(`http://127.0.0.1:${agent.httpPort}/metrics/snapshot`);
    expect(metrics).toMatchObject({ 'slave/tasks_failed': 2, 'slave/tasks_killed': 1, 'slave/registered': 1, 'slave/cpus_total': 4 });
  });

  it('runs an HTTP health check next to the task: RUNNING, then RUNNING healthy=true, no more while healthy', async () => {
    const port = await freePort();
    const server = `require('http').createServer((q, s) => s.end('ok')).listen(Number(process.env.PORT0), '127.0.0.1')`;
    const healthCheck: pb.HealthCheck = {
      type: pb.HealthCheck_Type.HTTP,
      delaySeconds: 0,
      intervalSeconds: 0.1,
      timeoutSeconds: 1,
      consecutiveFailures: 3,
      gracePeriodSeconds: 5,
      http: { scheme: 'http', port, path: '/health', statuses: [] },
    };
    master.runTask('fw1', { taskId: 'web-hc', command: shell(`exec '${process.execPath}' -e "${server}"`), resources: [ports(port)], healthCheck });
    await ackUntilRunning(master, 'web-hc');
    const healthy = await master.waitForUpdate('web-hc', 3);
    expect(healthy.status).toMatchObject({
      state: pb.TaskState.TASK_RUNNING,
      healthy: true,
      reason: pb.TaskStatus_Reason.REASON_TASK_HEALTH_CHECK_STATUS_UPDATED,
      source: pb.TaskStatus_Source.SOURCE_EXECUTOR,
    });
    expect(healthy.status!.uuid).not.toBe('');
    expect(master.updates('web-hc')[1].status!.healthy).toBeUndefined(); // plain RUNNING carries no health
    master.acknowledge(healthy);
    await new Promise((resolve) => setTimeout(resolve, 500)); // ≈5 more healthy checks
    expect(master.updates('web-hc')).toHaveLength(3);
  });

  it('kills a task whose health check keeps failing: unhealthy updates, then TASK_KILLED with the cause', async () => {
    const closed = await freePort();
    const healthCheck: pb.HealthCheck = {
      type: pb.HealthCheck_Type.TCP,
      delaySeconds: 0,
      intervalSeconds: 0.1,
      timeoutSeconds: 1,
      consecutiveFailures: 2,
      gracePeriodSeconds: 0,
      tcp: { port: closed },
    };
    master.runTask('fw1', { taskId: 'sick', command: shell('sleep 100'), healthCheck });
    const updates = await ackUntilTerminal('sick');
    expect(updates.map((u) => [u.status!.state, u.status!.healthy])).toEqual([
      [pb.TaskState.TASK_STARTING, undefined],
      [pb.TaskState.TASK_RUNNING, undefined],
      [pb.TaskState.TASK_RUNNING, false],
      [pb.TaskState.TASK_RUNNING, false],
      [pb.TaskState.TASK_KILLED, false],
    ]);
    const cause = `Failed to connect to 127.0.0.1:${closed}: connect ECONNREFUSED 127.0.0.1:${closed}`;
    expect(updates[2].status).toMatchObject({ reason: pb.TaskStatus_Reason.REASON_TASK_HEALTH_CHECK_STATUS_UPDATED, message: cause });
    expect(updates[4].status!.message).toBe(`Task was killed since health check failed: ${cause}`);
  });

  it('refuses a task whose health check cannot run (TASK_ERROR)', async () => {
    const healthCheck: pb.HealthCheck = { type: pb.HealthCheck_Type.TCP };
    master.runTask('fw1', { taskId: 'bad-hc', command: shell('sleep 100'), healthCheck });
    const [error] = await ackUntilTerminal('bad-hc');
    expect(error.status).toMatchObject({ state: pb.TaskState.TASK_ERROR, reason: pb.TaskStatus_Reason.REASON_TASK_INVALID, message: 'Invalid health check: TCP check needs a port' });
  });

  it('serves /state with frameworks, executors and tasks, and /health', async () => {
    master.runTask('fw1', { taskId: 'web', name: 'web-app', command: shell('sleep 100'), resources: [scalar('cpus', 0.25), scalar('mem', 32)] });
    await ackUntilRunning(master, 'web');
    const base = `http://127.0.0.1:${agent.httpPort}`;
    const state = await getJson(`${base}/state`);
    expect(state).toMatchObject({ id: 'agent-1', hostname: 'test-host', master_hostname: 'fake-master', attributes: { rack: 'r1' } });
    expect(state.resources).toMatchObject({ cpus: 4, mem: 4096, ports: '[31000-31100]' });
    expect(state.used_resources).toMatchObject({ cpus: 0.25, mem: 32 });
    const executor = state.frameworks[0].executors[0];
    expect(executor.tasks[0]).toMatchObject({ id: 'web', name: 'web-app', framework_id: 'fw1', state: 'TASK_RUNNING' });
    expect(existsSync(executor.directory)).toBe(true);
    expect(state.tasks).toHaveLength(1);
    const files = await getJson(`${base}/files/browse?path=${encodeURIComponent(executor.directory)}`);
    expect(files.map((f: { path: string }) => f.path).sort()).toEqual([join(executor.directory, 'stderr'), join(executor.directory, 'stdout')]);
    expect(await (await fetch(`${base}/health`)).text()).toBe('OK');
    expect(await (await fetch(`${base}/health?detail=1`)).json()).toMatchObject({ registered: true, agent_id: 'agent-1' });
  });
});

/** Acknowledges STARTING and waits for RUNNING (left unacknowledged). */
async function ackUntilRunning(master: FakeMaster, taskId: string): Promise<void> {
  master.acknowledge(await master.waitForUpdate(taskId, 1));
  const running = await master.waitForUpdate(taskId, 2);
  expect(running.status!.state).toBe(pb.TaskState.TASK_RUNNING);
  master.acknowledge(running);
}
