import { tempDir, waitFor } from '@strato/testing';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { agentRunningTasks, AppInfoJson, TestMarathon, useMarathonCluster } from './support/marathon';

/** A tiny HTTP server on $PORT0 answering every request with `status`. */
const server = (status: number): string =>
  `node -e "require('http').createServer((q,s)=>{s.statusCode=${status};s.end('x')}).listen(process.env.PORT0)"`;

/** Answers 503 on /ready to the first `n` requests there, then 200 (the server itself decides when it is ready). */
const readyAfter = (n: number): string =>
  `node -e "let k=0;require('http').createServer((q,s)=>{if(q.url==='/ready'){k++;s.statusCode=k>${n}?200:503}s.end('k'+k)}).listen(process.env.PORT0)"`;

interface ReadinessResult {
  name: string;
  taskId: string;
  ready: boolean;
  lastResponse?: { status: number; contentType: string; body: string };
}
interface DeploymentJson {
  id: string;
  affectedApps: string[];
  currentActions: { action: string; app: string; readinessCheckResults: ReadinessResult[] }[];
}

interface HealthResult {
  alive: boolean;
  consecutiveFailures: number;
}
type HealthTask = AppInfoJson['tasks'][number] & { healthCheckResults?: HealthResult[] };

const base = { cpus: 0.1, mem: 32, portDefinitions: [{ port: 0 }] };

async function waitForHealthy(marathon: TestMarathon, id: string, n: number): Promise<AppInfoJson> {
  return waitFor(
    async () => {
      const a = await marathon.app(id);
      const tasks = a.tasks as HealthTask[];
      return a.tasksRunning === n && a['tasksHealthy'] === n && tasks.length === n && tasks.every((t) => t.healthCheckResults?.[0]?.alive === true)
        ? a
        : undefined;
    },
    { timeoutMs: 20_000, description: `${id} to have ${n} healthy tasks` },
  );
}

describe('Marathon health checks and fetch', () => {
  const env = useMarathonCluster();

  it('a Marathon-run HTTP health check makes the task healthy', async () => {
    const id = '/e2e/health-http';
    const hc = { protocol: 'HTTP', portIndex: 0, path: '/', delaySeconds: 0, intervalSeconds: 1, timeoutSeconds: 2, gracePeriodSeconds: 10, maxConsecutiveFailures: 3 };
    expect((await env.marathon.post('/v2/apps', { ...base, id, cmd: server(200), instances: 1, healthChecks: [hc] })).status).toBe(201);
    const app = await waitForHealthy(env.marathon, id, 1);
    expect(app['tasksUnhealthy']).toBe(0);
    const result = (app.tasks[0] as HealthTask).healthCheckResults![0];
    expect(result).toMatchObject({ alive: true, consecutiveFailures: 0 });
    expect((await env.marathon.api(`/v2/apps${id}`, { method: 'DELETE' })).status).toBe(200);
  });

  it('an agent-run MESOS_HTTP health check makes the task healthy through status updates', async () => {
    const id = '/e2e/health-mesos-http';
    const hc = { protocol: 'MESOS_HTTP', portIndex: 0, path: '/', delaySeconds: 0, intervalSeconds: 1, timeoutSeconds: 2, gracePeriodSeconds: 10, maxConsecutiveFailures: 3 };
    expect((await env.marathon.post('/v2/apps', { ...base, id, cmd: server(200), instances: 1, healthChecks: [hc] })).status).toBe(201);
    await waitForHealthy(env.marathon, id, 1);
    expect((await env.marathon.api(`/v2/apps${id}`, { method: 'DELETE' })).status).toBe(200);
  });

  it('kills and replaces a task whose HTTP health check keeps failing, with health events on SSE', async () => {
    const id = '/e2e/health-failing';
    const events = await env.marathon.events();
    const hc = { protocol: 'HTTP', portIndex: 0, path: '/', delaySeconds: 0, intervalSeconds: 1, timeoutSeconds: 1, gracePeriodSeconds: 0, maxConsecutiveFailures: 2 };
    expect((await env.marathon.post('/v2/apps', { ...base, id, cmd: server(500), instances: 1, healthChecks: [hc] })).status).toBe(201);
    const first = await waitFor(
      async () => {
        const a = await env.marathon.app(id);
        return a.tasks.find((t) => t.state === 'TASK_RUNNING')?.id;
      },
      { timeoutMs: 20_000, description: `${id} to have a running task` },
    );
    await events.waitFor('failed_health_check_event', (e) => e.data['appId'] === id);
    const kill = await events.waitFor('unhealthy_instance_kill_event', (e) => e.data['appId'] === id && e.data['taskId'] === first);
    expect(String(kill.data['reason'])).toContain('500');
    const replacement = await waitFor(
      async () => {
        const a = await env.marathon.app(id);
        return a.tasks.find((t) => t.id !== first && t.state === 'TASK_RUNNING')?.id;
      },
      { timeoutMs: 30_000, description: `${id} to run a replacement task` },
    );
    expect(replacement).not.toBe(first);
    expect((await env.marathon.api(`/v2/apps${id}`, { method: 'DELETE' })).status).toBe(200);
  });

  it('a readiness check holds the deployment until the app answers ready', async () => {
    const id = '/e2e/readiness';
    const rc = { name: 'ready', protocol: 'HTTP', path: '/ready', portName: 'http', intervalSeconds: 2, timeoutSeconds: 1, httpStatusCodesForReady: [200], preserveLastResponse: true };
    const body = { ...base, portDefinitions: [{ port: 0, name: 'http' }], id, cmd: readyAfter(3), instances: 1, readinessChecks: [rc] };
    const created = await env.marathon.post('/v2/apps', body);
    expect(created.status).toBe(201);
    const deploymentId = created.headers.get('marathon-deployment-id');
    const waiting = await waitFor(
      async () => {
        const d = (await env.marathon.json<DeploymentJson[]>('/v2/deployments')).find((x) => x.id === deploymentId);
        const results = d?.currentActions.flatMap((a) => a.readinessCheckResults) ?? [];
        // The first runs may find the server not listening yet (no answer, so no lastResponse).
        return results.some((r) => r.lastResponse?.status === 503) ? results : undefined;
      },
      { timeoutMs: 15_000, intervalMs: 100, description: `${id} readiness results in /v2/deployments` },
    );
    expect(waiting).toEqual([expect.objectContaining({ name: 'ready', ready: false, lastResponse: expect.objectContaining({ status: 503 }) })]);
    const app = await env.marathon.json<{ app: { readinessCheckResults?: ReadinessResult[] } }>(`/v2/apps${id}?embed=app.readiness`);
    expect(app.app.readinessCheckResults?.[0]).toMatchObject({ name: 'ready', taskId: waiting[0].taskId });
    const done = await env.marathon.waitForRunning(id, 1, 20_000);
    expect(done.tasks[0].id).toBe(waiting[0].taskId);
    expect((await env.marathon.deployments()).find((d) => d.id === deploymentId)).toBeUndefined();
    expect((await env.marathon.api(`/v2/apps${id}`, { method: 'DELETE' })).status).toBe(200);
  });

  it('fetches a file:// URI into the sandbox before the command runs', async () => {
    const id = '/e2e/fetch-file';
    const content = `hello from the fetcher ${Date.now()}`;
    const file = join(tempDir('strato-e2e-fetch-'), 'greeting.txt');
    writeFileSync(file, content);
    expect(
      (await env.marathon.post('/v2/apps', { id, cmd: 'cat greeting.txt && sleep 300', instances: 1, cpus: 0.1, mem: 16, fetch: [{ uri: `file://${file}` }] })).status,
    ).toBe(201);
    const [task] = (await env.marathon.waitForRunning(id, 1)).tasks;
    const found = await waitFor(
      async () => {
        for (const a of env.cluster.agents) {
          const t = (await env.cluster.agentState(a)).tasks?.find((x) => x.id === task.id && x.sandbox);
          if (t) return { agent: a, sandbox: t.sandbox! };
        }
        return undefined;
      },
      { timeoutMs: 10_000, description: `the sandbox of ${task.id}` },
    );
    const stdout = await waitFor(
      async () => {
        const res = await fetch(`http://127.0.0.1:${found.agent.httpPort}/files/read?path=${encodeURIComponent(join(found.sandbox, 'stdout'))}&offset=0`);
        if (res.status !== 200) return undefined;
        const { data } = (await res.json()) as { data: string };
        return data.includes(content) ? data : undefined;
      },
      { timeoutMs: 10_000, description: 'the fetched content in the task stdout' },
    );
    expect(stdout).toContain(content);
    expect((await env.marathon.api(`/v2/apps${id}`, { method: 'DELETE' })).status).toBe(200);
  });
});

describe('Marathon replaces the tasks of a killed agent', () => {
  const env = useMarathonCluster();

  it('brings them back on the surviving agent and keeps the count exact when the agent returns', async () => {
    const id = '/e2e/lost-agent';
    const prefix = 'e2e_lost-agent.';
    expect((await env.marathon.post('/v2/apps', { id, cmd: 'sleep 300', instances: 2, cpus: 0.1, mem: 16 })).status).toBe(201);
    const before = await env.marathon.waitForRunning(id, 2);
    const placed = await agentRunningTasks(env.cluster, prefix);
    expect(placed.map((t) => t.id).sort()).toEqual(before.tasks.map((t) => t.id).sort());
    const victim = env.cluster.agents[placed[0].agent];
    const survivor = env.cluster.agents.find((a) => a !== victim)!;
    const survivorAgentId = (await env.cluster.agentState(survivor)).id;
    const lost = placed.filter((t) => t.agent === victim.index).map((t) => t.id);

    await victim.process.kill9();

    const after = await waitFor(
      async () => {
        const a = await env.marathon.app(id);
        const running = a.tasks.filter((t) => t.state === 'TASK_RUNNING');
        return running.length === 2 && running.every((t) => t.slaveId === survivorAgentId && !lost.includes(t.id)) ? a : undefined;
      },
      { timeoutMs: 30_000, description: `${id} to run 2 tasks on the surviving agent` },
    );
    expect(after.tasks.filter((t) => t.state === 'TASK_RUNNING')).toHaveLength(2);

    env.cluster.restartAgent(victim);
    await env.cluster.waitForAgents(2);
    // The restarted agent kills what it ran before; once it reports nothing running, the count must still be 2.
    await waitFor(async () => ((await agentRunningTasks(env.cluster, prefix)).every((t) => t.agent !== victim.index) ? true : undefined), {
      timeoutMs: 20_000,
      description: 'the restarted agent to run none of the app tasks',
    });
    const final = await env.marathon.waitForRunning(id, 2);
    expect(final.tasks.every((t) => t.slaveId === survivorAgentId)).toBe(true);
    expect((await agentRunningTasks(env.cluster, prefix)).length).toBe(2);
    expect((await env.marathon.app(id)).tasksRunning).toBe(2);
    expect((await env.marathon.api(`/v2/apps${id}`, { method: 'DELETE' })).status).toBe(200);
  });
});
