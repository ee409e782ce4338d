import { systemClock } from '@strato/clock';
import { Leadership } from '@strato/coordination';
import { createLogger } from '@strato/service';
import { startZooKeeper, tempDir, TestZooKeeper, waitFor } from '@strato/testing';
import { masterInfoToJson } from '@strato/wire';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { Agent } from './agent';
import { toAgentConfig } from './flags';
import { MASTER_PREFIX, ZkMasterDetector } from './master-detector';
import { MasterLink } from './master-link';
import { FakeMaster } from './testing/fake-master';

jest.setTimeout(30_000);

const SESSION_MS = 2_000;
const silent = createLogger('agent-test', 'silent');

let zk: TestZooKeeper;
let group = 0;
let path: string;
const leaderships: Leadership[] = [];
const masters: FakeMaster[] = [];

beforeAll(async () => {
  zk = await startZooKeeper();
});
beforeEach(() => {
  path = `/strato/master-${++group}`;
});
afterEach(async () => {
  await Promise.all(leaderships.splice(0).map((l) => l.stop()));
  for (const m of masters.splice(0)) m.close();
});
afterAll(async () => {
  await zk?.stop();
});

async function fakeMaster(agentId: string): Promise<FakeMaster> {
  const master = await FakeMaster.start({ agentId });
  masters.push(master);
  return master;
}

/** Stands in the masters' election for `master`, publishing its JSON as a real master does. */
async function stand(master: FakeMaster, id: string): Promise<Leadership> {
  const info = { id, hostname: '127.0.0.1', ip: '127.0.0.1', port: 5050, grpcPort: master.port, version: 'test', pid: 'master@127.0.0.1:5050' };
  const leadership = await Leadership.start({ servers: zk.connectString, path, prefix: MASTER_PREFIX, sessionTimeoutMs: SESSION_MS }, masterInfoToJson(info));
  leaderships.push(leadership);
  return leadership;
}

describe('MasterLink with a ZooKeeper detector', () => {
  let link: MasterLink | undefined;
  let detector: ZkMasterDetector;
  const events: string[] = [];

  beforeEach(() => {
    events.length = 0;
    detector = new ZkMasterDetector({ url: zk.url(path), sessionTimeoutMs: SESSION_MS, clock: systemClock, logger: silent });
    link = new MasterLink({
      master: detector,
      clock: systemClock,
      random: () => 1,
      backoffFactorMs: 10,
      maxBackoffMs: 80,
      registrationTimeoutMs: 5_000,
      logger: silent,
      handlers: {
        registration: () => ({ message: { $case: 'register', value: { agentInfo: undefined } } }),
        onRegistered: (r) => events.push(`registered:${r.agentId}`),
        onMessage: (m) => events.push(`message:${m.message?.$case}`),
        onDisconnected: () => events.push('disconnected'),
      },
    });
  });
  afterEach(() => link?.stop());

  it('registers with the leader named in ZooKeeper and moves to a new leader at once', async () => {
    const first = await fakeMaster('a-1');
    const second = await fakeMaster('a-2');
    const leading = await stand(first, 'm1');
    link!.start();
    await waitFor(() => events.includes('registered:a-1'), { description: 'registration with the first leader' });

    await stand(second, 'm2');
    await leading.stop(); // the second master leads now; the first one is still up
    await waitFor(() => events.includes('registered:a-2'), { description: 'registration with the new leader' });
    expect(events).toEqual(['registered:a-1', 'disconnected', 'registered:a-2']);
    expect(first.connectionCount).toBe(1); // the link left it on its own and never went back
    expect(second.connectionCount).toBe(1);
    expect(link!.masterAddress).toBe(second.address);
  });

  it('dials nothing while no master leads, and registers as soon as one is elected', async () => {
    const first = await fakeMaster('a-1');
    link!.start();
    await waitFor(() => link!.linkState === 'disconnected' && link!.masterAddress === undefined, { description: 'the link to wait' });
    const leading = await stand(first, 'm1');
    await waitFor(() => events.includes('registered:a-1'), { description: 'registration once a master leads' });

    // The leader goes away: the link keeps its stream, but once that ends it waits instead of
    // redialling the master ZooKeeper no longer names.
    await leading.stop();
    await waitFor(() => detector.leader === undefined, { description: 'the detector to see no leader' });
    expect(link!.linkState).toBe('registered');
    first.endCurrent();
    await waitFor(() => events.includes('disconnected') && link!.masterAddress === undefined, { description: 'the link to wait again' });
    expect(first.connectionCount).toBe(1);

    const second = await fakeMaster('a-2');
    await stand(second, 'm2');
    await waitFor(() => events.includes('registered:a-2'), { description: 'registration with the next leader' });
    expect(first.connectionCount).toBe(1);
  });
});

describe('Agent with --master=zk://', () => {
  it('registers with the elected master and re-registers with its id when the leader changes', async () => {
    const first = await fakeMaster('agent-7');
    const second = await fakeMaster('other');
    const leading = await stand(first, 'm1');
    const workDir = tempDir('strato-agent-zk-');
    const config = toAgentConfig({
      master: zk.url(path),
      zk_session_timeout: '2secs',
      port: '0',
      work_dir: workDir,
      hostname: 'test-host',
      resources: 'cpus:2;mem:1024;disk:1000;ports:[31000-31010]',
      registration_backoff_factor: '50ms',
      log_level: 'silent',
    });
    expect(config.zkSessionTimeoutMs).toBe(2_000);
    const agent = new Agent({ config, host: { cpus: 8, memTotalMb: 8192, diskTotalMb: 50_000 }, shutdownDeliveryMs: 200 });
    try {
      await agent.start();
      await first.waitForMessage('register');
      await waitFor(() => agent.registered && agent.id === 'agent-7', { description: 'registration with the first leader' });

      await stand(second, 'm2');
      await leading.stop();
      const again = (await second.waitForMessage('reregister')).message;
      if (again?.$case !== 'reregister') throw new Error('expected reregister');
      expect(again.value.agentInfo!.id).toBe('agent-7');
      await waitFor(() => agent.registered);
      expect(first.connectionCount).toBe(1);
      const health = await (await fetch(`http://127.0.0.1:${agent.httpPort}/health?detail=1`)).json();
      expect(health).toMatchObject({ registered: true, master: zk.url(path), master_address: second.address });
    } finally {
      await agent.stop();
      rmSync(join(workDir), { recursive: true, force: true });
    }
  });
});
