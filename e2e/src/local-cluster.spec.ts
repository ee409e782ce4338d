import { descendantsOf, freePort, pidAlive, startProcess, tempDir, waitFor } from '@strato/testing';
import { join } from 'node:path';

const START = join(__dirname, '..', '..', 'tools', 'cluster', 'start.mjs');

describe('the local cluster launcher (npm start)', () => {
  it('starts a master, two agents, Marathon, Chronos and the HAProxy bridge (an app answers on its service port), and stops them all on SIGINT', async () => {
    const [masterPort, grpcPort, agentPort, marathonPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
    const [chronosPort, lbPort, httpPort, statsPort, servicePort] = [await freePort(), await freePort(), await freePort(), await freePort(), await freePort()];
    const launcher = startProcess('cluster', process.execPath, {
      args: [START],
      env: {
        STRATO_CLUSTER_DIR: tempDir('strato-cluster-'),
        STRATO_CLUSTER_MASTER_PORT: String(masterPort),
        STRATO_CLUSTER_GRPC_PORT: String(grpcPort),
        STRATO_CLUSTER_AGENT_PORT: String(agentPort),
        STRATO_CLUSTER_MARATHON_PORT: String(marathonPort),
        STRATO_CLUSTER_CHRONOS_PORT: String(chronosPort),
        STRATO_CLUSTER_LB_PORT: String(lbPort),
        STRATO_CLUSTER_HTTP_PORT: String(httpPort),
        STRATO_CLUSTER_HAPROXY_STATS_PORT: String(statsPort),
      },
    });
    try {
      await launcher.waitForLog(/Press Ctrl-C to stop/);
      const state = await waitFor(
        async () => {
          const s = (await (await fetch(`http://127.0.0.1:${masterPort}/master/state`)).json()) as { slaves: { active: boolean; resources: { cpus: number } }[] };
          return s.slaves.filter((a) => a.active).length === 2 ? s : undefined;
        },
        { timeoutMs: 20_000, description: 'two active agents' },
      );
      expect(state.slaves.every((a) => a.resources.cpus >= 1)).toBe(true);
      await waitFor(async () => ((await (await fetch(`http://127.0.0.1:${marathonPort}/v2/info`)).json()) as { frameworkId: string | null }).frameworkId, {
        timeoutMs: 20_000,
        description: 'Marathon to register',
      });
      const app = {
        id: '/hello', instances: 1, cpus: 0.1, mem: 32, portDefinitions: [{ port: servicePort }], labels: { HAPROXY_GROUP: 'external' },
        cmd: `node -e "require('http').createServer((q,s)=>s.end('hello from '+process.env.MESOS_TASK_ID)).listen(process.env.PORT0)"`,
      };
      const posted = await fetch(`http://127.0.0.1:${marathonPort}/v2/apps`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(app) });
      expect(posted.status).toBe(201);
      const answer = await waitFor(
        async () => {
          const res = await fetch(`http://127.0.0.1:${servicePort}/`, { signal: AbortSignal.timeout(2000) }).catch(() => undefined);
          const body = res?.status === 200 ? await res.text() : '';
          return body.startsWith('hello from hello.') ? body : undefined;
        },
        { timeoutMs: 30_000, description: 'the app to answer through HAProxy on its service port' },
      );
      expect(answer).toMatch(/^hello from hello\.instance-/);
      expect(((await (await fetch(`http://127.0.0.1:${lbPort}/health`)).json()) as { status: string }).status).toBe('ok');
      expect((await fetch(`http://127.0.0.1:${chronosPort}/scheduler/jobs`)).status).toBe(200);
      const children = descendantsOf(launcher.pid);
      expect(children.length).toBeGreaterThanOrEqual(6); // master, 2 agents, Marathon, Chronos, lb, HAProxy (and the task)
      launcher.child.kill('SIGINT');
      expect(await launcher.wait()).toBe(0);
      await waitFor(() => children.every((pid) => !pidAlive(pid)), { timeoutMs: 10_000, description: 'every service process to exit' });
    } finally {
      await launcher.stop(2000);
    }
  });
});
