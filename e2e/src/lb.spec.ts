import { freePort, tempDir, waitFor } from '@strato/testing';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { httpGet, useLb } from './support/lb';
import { AppInfoJson, TaskJson, useMarathonCluster } from './support/marathon';

/**
 * The test app: answers every request with its task id, `/health` with 500 while `<markers>/<task id>` exists.
 * On SIGTERM it serves on for a short drain (Marathon reports the task TASK_KILLING at once, so lb takes it out
 * of HAProxy meanwhile), then stops accepting, finishes what is in flight and exits, as real apps behind a
 * load balancer do.
 */
const SERVER = `
const http = require('http'), fs = require('fs'), path = require('path');
const id = process.env.MESOS_TASK_ID, markers = process.argv[2];
const server = http.createServer((req, res) => {
  if (req.url === '/health') {
    const sick = fs.existsSync(path.join(markers, id));
    res.statusCode = sick ? 500 : 200;
    return res.end(sick ? 'sick' : 'ok');
  }
  res.end(id);
});
server.listen(Number(process.env.PORT0));
process.on('SIGTERM', () => setTimeout(() => server.close(() => process.exit(0)), 500));
`;

const HEALTH_CHECK = {
  protocol: 'HTTP', portIndex: 0, path: '/health', delaySeconds: 0, intervalSeconds: 1, timeoutSeconds: 1, gracePeriodSeconds: 5, maxConsecutiveFailures: 0,
};

describe('strato-lb routes Marathon apps through a real HAProxy', () => {
  const env = useMarathonCluster();
  const lbEnv = useLb(env);
  const dir = tempDir('strato-e2e-lb-app-');
  const markers = join(dir, 'markers');
  const script = join(dir, 'server.js');
  let created: string[] = [];

  beforeAll(() => {
    writeFileSync(script, SERVER);
    mkdirSync(markers);
  });

  afterEach(async () => {
    for (const id of created) await env.marathon.api(`/v2/apps${id}?force=true`, { method: 'DELETE' });
    await waitFor(async () => ((await Promise.all(created.map((id) => env.marathon.api(`/v2/apps${id}`)))).every((r) => r.status === 404) ? true : undefined), {
      timeoutMs: 20_000,
      description: `${created.join(', ')} to be deleted`,
    });
    created = [];
  });

  /** Posts an app of `instances` test servers in group `external` on a free service port; waits for it to run. */
  async function deploy(id: string, instances: number, extra: Record<string, unknown> = {}): Promise<{ servicePort: number; app: AppInfoJson }> {
    const servicePort = await freePort();
    const { labels, ...rest } = extra as { labels?: Record<string, string> };
    const body = {
      id, cmd: `node ${script} ${markers}`, instances, cpus: 0.1, mem: 32,
      portDefinitions: [{ port: servicePort }], labels: { HAPROXY_GROUP: 'external', ...labels }, ...rest,
    };
    const res = await env.marathon.post('/v2/apps', body);
    if (res.status !== 201) throw new Error(`POST /v2/apps ${id}: ${res.status} ${await res.text()}`);
    created.push(id);
    return { servicePort, app: await env.marathon.waitForRunning(id, instances) };
  }

  const backendOf = (id: string, servicePort: number) => `${id.slice(1).replace(/\//g, '_')}_${servicePort}`;
  const addresses = (tasks: TaskJson[]) => tasks.map((t) => `127.0.0.1:${t.ports[0]}`).sort();

  /** Waits until lb's running config routes `backend` to exactly the task addresses Marathon lists for `id`. */
  async function waitForRouted(id: string, servicePort: number): Promise<AppInfoJson> {
    return waitFor(
      async () => {
        const app = await env.marathon.app(id);
        const want = addresses(app.tasks.filter((t) => t.state === 'TASK_RUNNING'));
        return JSON.stringify(await lbEnv.lb.servers(backendOf(id, servicePort))) === JSON.stringify(want) && app.deployments.length === 0 ? app : undefined;
      },
      { timeoutMs: 20_000, description: `lb's config to route ${id} to its running tasks` },
    );
  }

  /** Answers through HAProxy until every id in `want` (and no other) answered. */
  async function waitForIds(port: number, want: string[], host?: string): Promise<void> {
    const seen = new Set<string>();
    await waitFor(
      async () => {
        const answer = await httpGet(port, '/', host);
        if (answer.status === 200) seen.add(answer.body);
        return [...seen].sort().join() === [...want].sort().join();
      },
      { timeoutMs: 20_000, intervalMs: 10, description: `answers from ${want.join(', ')} (seen: ${[...seen].join(', ')})` },
    );
  }

  /** Polls until `n` consecutive answers through HAProxy are all 200 from one of `ids`; returns the ids that answered. */
  async function waitForOnly(port: number, ids: string[], n = 20): Promise<Set<string>> {
    let run: string[] = [];
    await waitFor(
      async () => {
        const answer = await httpGet(port, '/');
        run = answer.status === 200 && ids.includes(answer.body) ? [...run, answer.body] : [];
        return run.length >= n;
      },
      { timeoutMs: 20_000, intervalMs: 10, description: `${n} consecutive answers from ${ids.join(', ')} only` },
    );
    return new Set(run);
  }

  it('spreads requests on the service port over all 3 tasks', async () => {
    const id = '/e2e/lb/three';
    const { servicePort, app } = await deploy(id, 3);
    await waitForIds(servicePort, app.tasks.map((t) => t.id));
    expect(await lbEnv.lb.servers(backendOf(id, servicePort))).toEqual(addresses(app.tasks));
  });

  it('routes only to the remaining task after a scale-down to 1', async () => {
    const id = '/e2e/lb/scale-down';
    const { servicePort, app } = await deploy(id, 3);
    await waitForIds(servicePort, app.tasks.map((t) => t.id));
    expect((await env.marathon.put(`/v2/apps${id}`, { instances: 1 })).status).toBe(200);
    const [left] = (await env.marathon.waitForRunning(id, 1)).tasks;
    expect(await waitForOnly(servicePort, [left.id])).toEqual(new Set([left.id]));
  });

  it('stops routing to a killed task and routes to its replacement', async () => {
    const id = '/e2e/lb/kill';
    const { servicePort, app } = await deploy(id, 3);
    const ids = app.tasks.map((t) => t.id);
    await waitForIds(servicePort, ids);
    const victim = ids[0];
    expect((await env.marathon.api(`/v2/apps${id}/tasks/${victim}`, { method: 'DELETE' })).status).toBe(200);
    const after = await waitFor(
      async () => {
        const a = await waitForRouted(id, servicePort);
        return a.tasks.length === 3 && a.tasks.every((t) => t.id !== victim) ? a : undefined;
      },
      { timeoutMs: 30_000, description: `${id} to be routed to 3 tasks without ${victim}` },
    );
    const now = after.tasks.map((t) => t.id);
    await waitForIds(servicePort, now);
    const answered = await waitForOnly(servicePort, now, 30);
    expect(answered.has(victim)).toBe(false);
  });

  it('does not route to a task whose health check fails, and routes to it again once it passes', async () => {
    const id = '/e2e/lb/unhealthy';
    const { servicePort } = await deploy(id, 3, { healthChecks: [HEALTH_CHECK] });
    const app = await waitFor(async () => {
      const a = await env.marathon.app(id);
      return a['tasksHealthy'] === 3 ? a : undefined;
    }, { timeoutMs: 20_000, description: `${id} to have 3 healthy tasks` });
    const ids = app.tasks.map((t) => t.id);
    await waitForIds(servicePort, ids);
    const [sick, ...others] = ids;
    writeFileSync(join(markers, sick), '');
    const answered = await waitForOnly(servicePort, others, 20);
    expect([...answered].sort()).toEqual([...others].sort());
    rmSync(join(markers, sick));
    await waitForIds(servicePort, ids);
  });

  it('routes by Host header on the shared HTTP frontend; an unknown host gets 503', async () => {
    const id = '/e2e/lb/vhost';
    const { app } = await deploy(id, 1, { labels: { HAPROXY_0_VHOST: 'web.example.test' } });
    const [task] = app.tasks;
    await waitForIds(lbEnv.lb.httpFrontendPort, [task.id], 'web.example.test');
    expect(await httpGet(lbEnv.lb.httpFrontendPort, '/', 'WEB.example.test:80')).toEqual({ status: 200, body: task.id });
    expect((await httpGet(lbEnv.lb.httpFrontendPort, '/', 'unknown.example.test')).status).toBe(503);
  });

  it('keeps serving the last good config when a label makes it invalid, and recovers when that app goes', async () => {
    const good = '/e2e/lb/good';
    const bad = '/e2e/lb/bad';
    const { servicePort, app } = await deploy(good, 1);
    await waitForIds(servicePort, [app.tasks[0].id]);
    const head = '\nbackend {{backend}}\n  balance {{balance}}\n  mode {{mode}}\n  no-such-directive here\n';
    const failuresBefore = (await lbEnv.lb.metrics())['lb/validation_failures'] ?? 0;
    const { servicePort: badPort } = await deploy(bad, 1, { labels: { HAPROXY_0_BACKEND_HEAD: head } });
    const health = await waitFor(async () => {
      const h = await lbEnv.lb.health();
      return h.status === 'degraded' && h.lastApply?.kind === 'invalid' ? h : undefined;
    }, { timeoutMs: 20_000, description: 'lb to report the refused config' });
    expect(health.lastError?.message).toMatch(/ALERT.*no-such-directive/);
    expect(health.haproxy.running).toBe(true);
    expect((await lbEnv.lb.metrics())['lb/validation_failures']).toBeGreaterThan(failuresBefore);
    expect(await lbEnv.lb.config()).not.toContain('no-such-directive');
    expect(await waitForOnly(servicePort, [app.tasks[0].id], 10)).toEqual(new Set([app.tasks[0].id]));
    await expect(httpGet(badPort, '/')).rejects.toThrow();
    expect((await env.marathon.api(`/v2/apps${bad}`, { method: 'DELETE' })).status).toBe(200);
    await waitFor(async () => ((await lbEnv.lb.health()).status === 'ok' ? true : undefined), { timeoutMs: 20_000, description: 'lb /health to be ok again' });
    expect(await waitForOnly(servicePort, [app.tasks[0].id], 10)).toEqual(new Set([app.tasks[0].id]));
  });

  it('loses no request while the app scales 3 → 5 → 2 and restarts', async () => {
    const id = '/e2e/lb/steady';
    const { servicePort, app } = await deploy(id, 3, { healthChecks: [{ ...HEALTH_CHECK, maxConsecutiveFailures: 3 }] });
    await waitForIds(servicePort, app.tasks.map((t) => t.id));
    expect(await lbEnv.lb.config()).toMatch(/option redispatch\n\s+retries 3\n/);
    const load = steadyLoad(servicePort, 'e2e_lb_steady.', 4);
    try {
      for (const change of [{ instances: 5 }, { instances: 2 }, 'restart'] as const) {
        const res = change === 'restart' ? await env.marathon.post(`/v2/apps${id}/restart`, {}) : await env.marathon.put(`/v2/apps${id}`, change);
        expect(res.status).toBe(200);
        await waitFor(async () => ((await env.marathon.deployments()).length === 0 ? true : undefined), {
          timeoutMs: 30_000,
          description: `the deployment of ${JSON.stringify(change)} to finish`,
        });
        const routed = await waitForRouted(id, servicePort);
        await waitForIds(servicePort, routed.tasks.filter((t) => t.state === 'TASK_RUNNING').map((t) => t.id));
      }
    } finally {
      await load.stop();
    }
    expect(load.failures).toEqual([]);
    expect(load.requests).toBeGreaterThan(100);
  }, 120_000);
});

/** `concurrency` loops of sequential requests through HAProxy; each non-200 answer or error is a failure. */
function steadyLoad(port: number, bodyPrefix: string, concurrency: number): { requests: number; failures: string[]; stop(): Promise<void> } {
  let running = true;
  const load = { requests: 0, failures: [] as string[], stop: async () => undefined as void };
  const loop = async () => {
    while (running) {
      load.requests++;
      try {
        const answer = await httpGet(port, '/', undefined, 10_000);
        if (answer.status !== 200 || !answer.body.startsWith(bodyPrefix)) load.failures.push(`${new Date().toISOString()} ${answer.status} ${answer.body.slice(0, 80)}`);
      } catch (error) {
        load.failures.push(`${new Date().toISOString()} ${(error as Error).message}`);
      }
    }
  };
  const loops = Array.from({ length: concurrency }, loop);
  load.stop = async () => {
    running = false;
    await Promise.all(loops);
  };
  return load;
}
