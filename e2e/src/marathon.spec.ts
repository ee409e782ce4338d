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
});
