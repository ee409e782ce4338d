import { ZkSession } from '@strato/coordination';
import { createLogger } from '@strato/service';
import { freePort, startZooKeeper, TestZooKeeper, waitFor } from '@strato/testing';
import { toMarathonConfig } from './flags';
import { Marathon } from './marathon';

/** One Marathon instance in HA mode, with its exit hook recorded instead of ending the test process. */
interface Instance {
  readonly marathon: Marathon;
  readonly base: string;
  readonly hostPort: string;
  readonly exits: number[];
  readonly errors: unknown[][];
}

let zk: TestZooKeeper;
let masterPort: number;
let groups = 0;
const running: Marathon[] = [];

async function instance(zkPath: string): Promise<Instance> {
  // No master listens there: the driver keeps retrying, which is all these tests need.
  const config = toMarathonConfig({ master: `127.0.0.1:${masterPort}`, http_port: '0', zk: zk.url(zkPath), zk_session_timeout: '2000' });
  const logger = createLogger('test', process.env.MARATHON_HA_LOG ?? 'silent');
  const errors = jest.spyOn(logger, 'error').mock.calls as unknown[][];
  const exits: number[] = [];
  const marathon = new Marathon(config, { logger, exit: (code) => void exits.push(code) });
  running.push(marathon);
  const { httpPort } = await marathon.start();
  return { marathon, base: `http://127.0.0.1:${httpPort}`, hostPort: `127.0.0.1:${httpPort}`, exits, errors };
}

/** Polls until exactly one of `instances` leads and serves its API; returns [leader, ...the others]. */
async function leaderOf(...instances: Instance[]): Promise<[Instance, ...Instance[]]> {
  await waitFor(async () => {
    const leading = instances.filter((i) => i.marathon.leadership?.role === 'leading');
    if (leading.length !== 1) return false;
    return (await fetch(`${leading[0].base}/v2/apps`)).status === 200;
  }, { timeoutMs: 10_000, description: 'one leader serving its API' });
  const leader = instances.find((i) => i.marathon.leadership?.role === 'leading')!;
  return [leader, ...instances.filter((i) => i !== leader)];
}

async function json(res: Response): Promise<Record<string, unknown>> {
  return (await res.json()) as Record<string, unknown>;
}

beforeAll(async () => {
  zk = await startZooKeeper();
  masterPort = await freePort();
});

afterEach(async () => {
  for (const marathon of running.splice(0)) await marathon.stop();
});

afterAll(async () => {
  await zk?.stop();
});

describe('Marathon HA (--zk)', () => {
  it('elects one leader that both name, proxies writes to it, keeps state in ZooKeeper, and fails over to the standby', async () => {
    const path = `/marathon-ha-${++groups}`;
    const a = await instance(path);
    const b = await instance(path);
    const [leader, standby] = await leaderOf(a, b);
    expect(standby.marathon.leadership?.role).toBe('standby');

    for (const i of [leader, standby]) {
      const res = await fetch(`${i.base}/v2/leader`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ leader: leader.hostPort });
    }
    // Every instance answers /ping itself.
    const ping = await fetch(`${standby.base}/ping`);
    expect(ping.headers.get('x-marathon-leader')).toBeNull();
    expect(await ping.text()).toBe('pong');

    const created = await fetch(`${standby.base}/v2/apps`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: '/ha-web', cmd: 'sleep 100', cpus: 0.1, mem: 16, instances: 1 }),
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('x-marathon-leader')).toBe(`http://${leader.hostPort}`);

    const session = await ZkSession.connect({ servers: zk.connectString, sessionTimeoutMs: 2000 });
    try {
      expect(await session.children(`${path}/state/apps`)).toContain('ha-web');
    } finally {
      session.close();
    }
    for (const i of [leader, standby]) expect((await fetch(`${i.base}/v2/apps/ha-web`)).status).toBe(200);

    const info = await json(await fetch(`${standby.base}/v2/info`));
    expect(info).toMatchObject({ elected: true, leader: leader.hostPort, zookeeper_config: { zk: zk.url(path), zk_session_timeout: 2000 } });

    await leader.marathon.stop();
    await leaderOf(standby);
    const app = await json(await fetch(`${standby.base}/v2/apps/ha-web`));
    expect(app.app).toMatchObject({ id: '/ha-web', instances: 1 });
    expect(await (await fetch(`${standby.base}/v2/leader`)).json()).toEqual({ leader: standby.hostPort });
    expect([...leader.exits, ...standby.exits]).toEqual([]);
  }, 25_000);

  it('DELETE /v2/leader makes the leader step down and end its process; the standby takes over', async () => {
    const path = `/marathon-ha-${++groups}`;
    const [leader, standby] = await leaderOf(await instance(path), await instance(path));
    // Sent to the standby: proxied, so the leader abdicates.
    const res = await fetch(`${standby.base}/v2/leader`, { method: 'DELETE' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ message: 'Leadership abdicted' });
    await waitFor(() => leader.exits.length > 0, { timeoutMs: 5_000, description: 'the exit hook' });
    expect(leader.exits).toEqual([1]);
    expect(leader.marathon.leadership?.role).toBe('stopped');
    await leaderOf(standby);
    expect(standby.exits).toEqual([]);
  }, 20_000);

  it("a leader that loses its leadership stops acting and ends its process", async () => {
    const path = `/marathon-ha-${++groups}`;
    const [leader] = await leaderOf(await instance(path));
    const node = leader.marathon.leadership?.leaderNode?.node;
    expect(node).toMatch(/^member_\d{10}$/);
    const session = await ZkSession.connect({ servers: zk.connectString, sessionTimeoutMs: 2000 });
    try {
      await session.delete(`${path}/leader/${node}`);
    } finally {
      session.close();
    }
    await waitFor(() => leader.exits.length > 0, { timeoutMs: 5_000, description: 'the exit hook' });
    expect(leader.exits).toEqual([1]);
    expect(leader.marathon.leadership?.role).toBe('lost');
    expect(leader.marathon.leadership?.canAct()).toBe(false);
    expect(leader.errors).toContainEqual([{ reason: 'node-deleted' }, 'lost leadership (node-deleted); exiting so a supervisor restarts this instance as a standby']);
  }, 20_000);

  it('a standby answers 503 with a message while there is no leader to pass requests to', async () => {
    const path = `/marathon-ha-${++groups}`;
    const [leader, standby] = await leaderOf(await instance(path), await instance(path));
    // Freeze the election from the standby's point of view: it sees no leader data it can use.
    const leadership = standby.marathon.leadership!;
    jest.spyOn(leadership, 'leader', 'get').mockReturnValue(undefined);
    const res = await fetch(`${standby.base}/v2/apps`);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ message: expect.stringMatching(/leader/) });
    expect((await fetch(`${leader.base}/v2/apps`)).status).toBe(200);
  }, 20_000);
});
