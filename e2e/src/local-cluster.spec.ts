import { descendantsOf, freePort, pidAlive, startProcess, tempDir, waitFor } from '@strato/testing';
import { join } from 'node:path';

const START = join(__dirname, '..', '..', 'tools', 'cluster', 'start.mjs');

describe('the local cluster launcher (npm start)', () => {
  it('starts a master, two agents and Marathon, and stops them all on SIGINT', async () => {
    const [masterPort, grpcPort, agentPort, marathonPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
    const launcher = startProcess('cluster', process.execPath, {
      args: [START],
      env: {
        STRATO_CLUSTER_DIR: tempDir('strato-cluster-'),
        STRATO_CLUSTER_MASTER_PORT: String(masterPort),
        STRATO_CLUSTER_GRPC_PORT: String(grpcPort),
        STRATO_CLUSTER_AGENT_PORT: String(agentPort),
        STRATO_CLUSTER_MARATHON_PORT: String(marathonPort),
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
      const children = descendantsOf(launcher.pid);
      expect(children.length).toBeGreaterThanOrEqual(4);
      launcher.child.kill('SIGINT');
      expect(await launcher.wait()).toBe(0);
      await waitFor(() => children.every((pid) => !pidAlive(pid)), { timeoutMs: 10_000, description: 'every service process to exit' });
    } finally {
      await launcher.stop(2000);
    }
  });
});
