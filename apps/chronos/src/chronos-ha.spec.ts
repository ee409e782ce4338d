import { MemoryStore, ZkSession } from '@strato/coordination';
import { freePort, startZooKeeper, TestZooKeeper, waitFor } from '@strato/testing';
import { Chronos } from './chronos';
import { parseChronosFlags } from './flags';

/** Chronos instances with `--zk_hosts` against a real ZooKeeper; the master is an unused port (nothing here needs one). */
const SESSION_MS = 4_000;
let zk: TestZooKeeper;
let masterPort: number;
let groups = 0;
const running: Chronos[] = [];

interface Instance {
  readonly chronos: Chronos;
  readonly base: string;
  /** `host:port` as `/leader` names it. */
  readonly self: string;
  readonly exits: number[];
}

async function instance(zkPath: string): Promise<Instance> {
  const exits: number[] = [];
  const config = parseChronosFlags(['node', 'strato-chronos', '--master', `127.0.0.1:${masterPort}`, '--http_port', '0', '--zk_hosts', zk.connectString, '--zk_path', zkPath, '--zk_timeout', String(SESSION_MS), '--log_level', 'silent']);
  const chronos = new Chronos(config, { exit: (code) => exits.push(code) });
  running.push(chronos);
  const { httpPort } = await chronos.start();
  return { chronos, base: `http://127.0.0.1:${httpPort}`, self: `127.0.0.1:${httpPort}`, exits };
}

/** `/leader` answered 200 by every instance, naming one of them: the leader has taken over. */
async function agreedLeader(...all: Instance[]): Promise<string> {
  return waitFor(
    async () => {
      const answers = await Promise.all(all.map(async (i) => {
        const res = await fetch(`${i.base}/leader`);
        return res.status === 200 ? ((await res.json()) as { leader: string }).leader : undefined;
      }));
      const first = answers[0];
      return first !== undefined && answers.every((a) => a === first) ? first : undefined;
    },
    { timeoutMs: 10_000, description: 'every instance to name the same leader' },
  );
}

async function jobNames(i: Instance): Promise<string[]> {
  const res = await fetch(`${i.base}/scheduler/jobs`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { name: string }[]).map((j) => j.name);
}

function postJob(i: Instance, name: string): Promise<Response> {
  return fetch(`${i.base}/scheduler/iso8601`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, command: 'true', schedule: 'R/2099-01-01T00:00:00Z/PT24H' }),
  });
}

async function withSession<T>(use: (session: ZkSession) => Promise<T>): Promise<T> {
  const session = await ZkSession.connect({ servers: zk.connectString, sessionTimeoutMs: SESSION_MS });
  try {
    return await use(session);
  } finally {
    session.close();
  }
}

beforeAll(async () => {
  zk = await startZooKeeper();
  masterPort = await freePort();
});

afterEach(async () => {
  for (const c of running.splice(0)) await c.stop();
});

afterAll(async () => {
  await zk?.stop();
});

describe('Chronos with ZooKeeper (--zk_hosts)', () => {
  it('one of two instances leads; both name it in /leader; a job posted to the standby is proxied, stored in ZooKeeper and seen by both', async () => {
    const zkPath = `/chronos/ha-${++groups}`;
    const a = await instance(zkPath);
    const b = await instance(zkPath);
    expect(await agreedLeader(a, b)).toBe(a.self);
    expect([a.chronos.role, b.chronos.role]).toEqual(['leading', 'standby']);

    const posted = await postJob(b, 'via-standby');
    expect(posted.status).toBe(204);
    expect(posted.headers.get('x-chronos-leader')).toBe(`http://${a.self}`);
    expect(await jobNames(a)).toEqual(['via-standby']);
    expect(await jobNames(b)).toEqual(['via-standby']);
    const stored = await withSession((s) => s.exists(`${zkPath}/state/jobs/via-standby`));
    expect(stored).toBeDefined();

    // The standby answers its own liveness and metrics rather than the leader's.
    const ping = await fetch(`${b.base}/ping`);
    expect(await ping.text()).toBe('pong');
    expect(ping.headers.get('x-chronos-leader')).toBeNull();
    const metrics = (await (await fetch(`${b.base}/metrics`)).json()) as { gauges: Record<string, { value: number }> };
    expect(metrics.gauges['jobs.count']).toEqual({ value: 0 });
    expect(a.exits).toEqual([]);
  });

  it('after the leader stops, the standby leads with the jobs from ZooKeeper', async () => {
    const zkPath = `/chronos/ha-${++groups}`;
    const a = await instance(zkPath);
    const b = await instance(zkPath);
    expect(await agreedLeader(a, b)).toBe(a.self);
    expect((await postJob(a, 'survivor')).status).toBe(204);
    await a.chronos.stop();
    expect(await agreedLeader(b)).toBe(b.self);
    expect(b.chronos.role).toBe('leading');
    expect(await jobNames(b)).toEqual(['survivor']);
    expect(b.exits).toEqual([]);
  });

  it('a leader that loses its leadership stops acting and calls the exit hook with 1', async () => {
    const zkPath = `/chronos/ha-${++groups}`;
    const a = await instance(zkPath);
    expect(await agreedLeader(a)).toBe(a.self);
    // Someone removes its candidate node (as an operator or a session expiry would): it no longer leads.
    await withSession(async (s) => {
      for (const child of await s.children(`${zkPath}/candidate`)) await s.delete(`${zkPath}/candidate/${child}`);
    });
    await waitFor(() => a.exits.length > 0, { timeoutMs: 10_000, description: 'the exit hook' });
    expect(a.exits).toEqual([1]);
    expect(a.chronos.role).toBe('lost');
    // It no longer serves the scheduler API as a leader.
    expect((await fetch(`${a.base}/scheduler/jobs`)).status).toBe(503);
  });

  it('without --zk_hosts runs standalone as before: leads at once from its own store', async () => {
    const store = new MemoryStore();
    const config = parseChronosFlags(['node', 'strato-chronos', '--master', `127.0.0.1:${masterPort}`, '--http_port', '0', '--log_level', 'silent']);
    const chronos = new Chronos(config, { store, exit: () => { throw new Error('a standalone Chronos never exits on its own'); } });
    running.push(chronos);
    const { httpPort } = await chronos.start();
    const solo: Instance = { chronos, base: `http://127.0.0.1:${httpPort}`, self: `127.0.0.1:${httpPort}`, exits: [] };
    expect(chronos.role).toBe('standalone');
    expect(await agreedLeader(solo)).toBe(solo.self);
    expect((await postJob(solo, 'local')).status).toBe(204);
    expect(await store.get('jobs/local')).toBeDefined();
  });
});
