import { freePort, ServiceProcess, startProcess, waitFor } from '@strato/testing';
import { join } from 'node:path';
import { TestCluster } from './support/cluster';

const MARATHON_BIN = join(__dirname, '..', '..', 'apps', 'marathon', 'bin', 'strato-marathon.js');

describe('Marathon on a real cluster', () => {
  let cluster: TestCluster;
  let marathon: ServiceProcess | undefined;
  let port: number;

  const startMarathon = async () => {
    marathon = startProcess('marathon', process.execPath, {
      args: [MARATHON_BIN, `--master=${cluster.masterAddress}`, `--http_port=${port}`, `--work_dir=${join(cluster.dir, 'marathon')}`],
      logFile: join(cluster.dir, 'marathon.log'),
    });
    await marathon.waitForLog(/marathon started/);
  };
  const info = async () => (await (await fetch(`http://127.0.0.1:${port}/v2/info`)).json()) as { frameworkId: string | null };

  beforeAll(async () => {
    cluster = await TestCluster.start({ agents: 1 });
    port = await freePort();
  });

  afterAll(async () => {
    await marathon?.stop();
    await cluster?.stop();
  });

  it('registers as a framework and keeps its framework id across a restart', async () => {
    await startMarathon();
    const { frameworkId } = await waitFor(async () => ((await info()).frameworkId ? info() : undefined), { description: 'a framework id' });
    const registered = await cluster.state();
    expect(registered.frameworks.find((f) => f.id === frameworkId)).toMatchObject({ name: 'marathon', connected: true });

    await marathon!.stop();
    await waitFor(async () => (await cluster.state()).frameworks.find((f) => f.id === frameworkId && !f.connected), {
      description: 'the master to see Marathon disconnected (its failover timeout keeps it)',
    });
    await startMarathon();
    await waitFor(async () => (await cluster.state()).frameworks.find((f) => f.id === frameworkId && f.connected), {
      description: 'Marathon to re-subscribe with the same framework id',
    });
    expect((await info()).frameworkId).toBe(frameworkId);
    expect((await cluster.state()).frameworks).toHaveLength(1);
  });

  it('deploys, scales, heals and destroys an app through /v2/apps', async () => {
    const api = (path: string, init?: RequestInit) =>
      fetch(`http://127.0.0.1:${port}${path}`, { ...init, headers: { 'content-type': 'application/json', ...init?.headers } });
    const app = async () => ((await (await api('/v2/apps/e2e/sleeper')).json()) as { app: { tasksRunning: number; instances: number; deployments: unknown[]; tasks: { id: string; host: string; ports: number[] }[] } }).app;

    const created = await api('/v2/apps', { method: 'POST', body: JSON.stringify({ id: '/e2e/sleeper', cmd: 'sleep 300', instances: 2, cpus: 0.1, mem: 32 }) });
    expect(created.status).toBe(201);
    expect(created.headers.get('marathon-deployment-id')).toBeTruthy();
    // Running is not the end of the deployment (it may lag a tick behind): a write before it would get 409.
    const settled = async (n: number) => {
      const a = await app();
      return (a.tasksRunning === n && a.deployments.length === 0) || undefined;
    };
    await waitFor(() => settled(2), { timeoutMs: 20_000, description: '2 running tasks, deployment done' });
    expect((await app()).tasks.every((t) => t.ports.length === 1)).toBe(true);

    expect((await api('/v2/apps', { method: 'POST', body: JSON.stringify({ id: '/e2e/sleeper', cmd: 'true' }) })).status).toBe(409);
    const invalid = await api('/v2/apps', { method: 'POST', body: JSON.stringify({ id: '/e2e/bad', cmd: 'true', cpus: -1 }) });
    expect(invalid.status).toBe(422);
    expect(((await invalid.json()) as { details: { path: string }[] }).details.map((d) => d.path)).toContain('/cpus');
    expect((await api('/v2/apps/e2e/missing')).status).toBe(404);

    const scaled = await api('/v2/apps/e2e/sleeper', { method: 'PUT', body: JSON.stringify({ instances: 3 }) });
    expect(scaled.status).toBe(200);
    await waitFor(() => settled(3), { timeoutMs: 20_000, description: '3 running tasks, deployment done' });

    const victim = (await app()).tasks[0].id;
    expect((await api(`/v2/apps/e2e/sleeper/tasks/${victim}`, { method: 'DELETE' })).status).toBe(200);
    await waitFor(async () => {
      const a = await app();
      return a.tasksRunning === 3 && !a.tasks.some((t) => t.id === victim) ? a : undefined;
    }, { timeoutMs: 20_000, description: 'the killed task to be replaced' });

    expect((await api('/v2/apps/e2e/sleeper', { method: 'DELETE' })).status).toBe(200);
    await waitFor(async () => (await api('/v2/apps/e2e/sleeper')).status === 404 || undefined, { description: 'the app to be gone' });
    await waitFor(async () => {
      const agent = await cluster.agentState(cluster.agents[0]);
      return !(agent.tasks ?? []).some((t) => t.state === 'TASK_RUNNING') || undefined;
    }, { timeoutMs: 20_000, description: 'every task to be killed on the agent' });
  });
});
