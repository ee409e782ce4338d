import { descendantsOf, freePort, pidAlive, startProcess, tempDir, waitFor } from '@strato/testing';
import { join } from 'node:path';

const START_HA = join(__dirname, '..', '..', 'tools', 'cluster', 'start-ha.mjs');

const ports = async (n: number) => {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(await freePort());
  return out.join(',');
};

async function json<T>(url: string, init: RequestInit = {}): Promise<T | undefined> {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(3_000) }).catch(() => undefined);
  return res?.status === 200 ? ((await res.json()) as T) : undefined;
}

describe('the local HA cluster launcher (npm run cluster:ha)', () => {
  it('starts ZooKeeper, 3 masters, 2 agents, 2 Marathons, 2 Chronos and the bridge, with one leader each, and stops them all on SIGINT', async () => {
    const env = {
      STRATO_CLUSTER_DIR: tempDir('strato-cluster-ha-'),
      STRATO_CLUSTER_ZK_PORT: await ports(1),
      STRATO_CLUSTER_MASTER_PORTS: await ports(3),
      STRATO_CLUSTER_GRPC_PORTS: await ports(3),
      STRATO_CLUSTER_AGENT_PORTS: await ports(2),
      STRATO_CLUSTER_MARATHON_PORTS: await ports(2),
      STRATO_CLUSTER_CHRONOS_PORTS: await ports(2),
      STRATO_CLUSTER_LB_PORT: await ports(1),
      STRATO_CLUSTER_HTTP_PORT: await ports(1),
      STRATO_CLUSTER_HAPROXY_STATS_PORT: await ports(1),
    };
    const url = (port: string) => `http://127.0.0.1:${port}`;
    const launcher = startProcess('cluster-ha', process.execPath, { args: [START_HA], env });
    try {
      await launcher.waitForLog(/Press Ctrl-C to stop/, 90_000);
      const masters = env.STRATO_CLUSTER_MASTER_PORTS.split(',');
      // Every master names the same leader; the leader sees both agents.
      const leader = await waitFor(async () => {
        const targets = new Set<string>();
        for (const port of masters) {
          const res = await fetch(`${url(port)}/master/redirect`, { redirect: 'manual' }).catch(() => undefined);
          if (res?.status !== 307) return undefined;
          targets.add(new URL(res.headers.get('location')!, url(port)).port);
        }
        return targets.size === 1 ? [...targets][0] : undefined;
      }, { timeoutMs: 30_000, description: 'the masters to agree on a leader' });
      expect(masters).toContain(leader);
      await waitFor(async () => (await json<{ slaves: { active: boolean }[] }>(`${url(leader)}/master/state`))?.slaves.filter((s) => s.active).length === 2, {
        timeoutMs: 30_000,
        description: 'two active agents',
      });
      for (const [name, path] of [['MARATHON', '/v2/leader'], ['CHRONOS', '/leader']] as const) {
        const instances = env[`STRATO_CLUSTER_${name}_PORTS`].split(',');
        const leaders = await waitFor(async () => {
          const answers = await Promise.all(instances.map(async (port) => (await json<{ leader: string }>(`${url(port)}${path}`))?.leader));
          return answers.every((a) => a && a === answers[0]) ? answers : undefined;
        }, { timeoutMs: 30_000, description: `both ${name} instances to name one leader` });
        expect(instances).toContain(leaders[0]!.split(':').pop());
      }
      await waitFor(async () => (await json<{ frameworkId: string | null }>(`${url(env.STRATO_CLUSTER_MARATHON_PORTS.split(',')[1]!)}/v2/info`))?.frameworkId, {
        timeoutMs: 30_000,
        description: 'Marathon (through a standby) to be registered',
      });
      await waitFor(async () => (await json<{ status: string }>(`${url(env.STRATO_CLUSTER_LB_PORT)}/health`))?.status === 'ok', {
        timeoutMs: 30_000,
        description: 'the bridge to be healthy',
      });
      const children = descendantsOf(launcher.pid);
      expect(children.length).toBeGreaterThanOrEqual(12); // ZooKeeper, 3 masters, 2 agents, 2 Marathons, 2 Chronos, lb, HAProxy
      launcher.child.kill('SIGINT');
      expect(await launcher.wait()).toBe(0);
      await waitFor(() => children.every((pid) => !pidAlive(pid)), { timeoutMs: 15_000, description: 'every service process to exit' });
    } finally {
      await launcher.stop(2000);
    }
  });
});
