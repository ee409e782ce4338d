import * as grpc from '@grpc/grpc-js';
import { ZkSession } from '@strato/coordination';
import * as pb from '@strato/proto';
import { parseAttributes, Resources } from '@strato/resources';
import { createLogger, GRPC_ERROR_CODE_KEY } from '@strato/service';
import { startZooKeeper, tempDir, TestZooKeeper, waitFor } from '@strato/testing';
import { agentInfoToProto, frameworkInfoToProto } from '@strato/wire';
import { masterConfig } from './flags';
import { LEADER_METADATA_KEY } from './leader-gate';
import { Master } from './master';

const SESSION = '2secs';
let zk: TestZooKeeper;
let groups = 0;
const running: { stop(): unknown }[] = [];

interface TestMaster {
  readonly master: Master;
  readonly exits: number[];
  readonly lease: { offset: number };
  readonly http: string;
  readonly grpcAddress: string;
}

/** Masters here don't rehearse a takeover unless a test asks (`--standby_rehearsal_agents`): it costs CPU the other tests don't need. */
async function startMaster(path: string, extraFlags: readonly string[] = ['--standby_rehearsal_agents=0']): Promise<TestMaster> {
  const exits: number[] = [];
  const lease = { offset: 0 };
  const flags = ['--ip=127.0.0.1', '--port=0', '--grpc_port=0', `--work_dir=${tempDir('strato-master-ha-')}`, `--zk=${zk.url(path)}`, `--zk_session_timeout=${SESSION}`, '--allocation_interval=100ms', ...extraFlags];
  const master = new Master(masterConfig(['node', 'm', ...flags]), {
    logger: createLogger('master-ha-test', 'silent'),
    exit: (code) => exits.push(code),
    leaseNow: () => performance.now() + lease.offset,
  });
  running.push(master);
  const { httpPort, grpcPort } = await master.start();
  return { master, exits, lease, http: `http://127.0.0.1:${httpPort}`, grpcAddress: `127.0.0.1:${grpcPort}` };
}

/** Two masters in one group: the first leads (registry recovered), the second stands by. */
async function pair(extraFlags?: readonly string[]): Promise<[TestMaster, TestMaster]> {
  const path = `/strato/master-ha-${++groups}`;
  const a = await startMaster(path, extraFlags);
  await waitFor(() => a.master.ctx.gate.canAct(), { description: 'first master leading' });
  const b = await startMaster(path, extraFlags);
  await waitFor(() => b.master.ctx.gate.leader()?.id === a.master.ctx.masterInfo.id, { description: 'standby sees the leader' });
  return [a, b];
}

function clients(address: string) {
  const scheduler = new pb.SchedulerClient(address, grpc.credentials.createInsecure());
  const agentLink = new pb.AgentLinkClient(address, grpc.credentials.createInsecure());
  running.push({ stop: () => (scheduler.close(), agentLink.close()) });
  return { scheduler, agentLink };
}

/** Opens an agent link, sends Register, and records what the master answers. */
function connectAgent(client: pb.AgentLinkClient, hostname: string) {
  const received: pb.MasterMessage[] = [];
  let error: grpc.ServiceError | undefined;
  const stream = client.connect();
  stream.on('data', (m: pb.MasterMessage) => received.push(m));
  stream.on('error', (e: grpc.ServiceError) => (error = e));
  running.push({ stop: () => stream.cancel() });
  const agentInfo = agentInfoToProto({ hostname, port: 5051, resources: Resources.parse('cpus:2;mem:1024'), attributes: parseAttributes(''), version: 'test' });
  stream.write({ message: { $case: 'register', value: { agentInfo } } });
  return { stream, received, error: () => error };
}

function subscribe(client: pb.SchedulerClient) {
  const events: pb.Event[] = [];
  const frameworkInfo = frameworkInfoToProto({ name: 'ha-fw', user: 'root', roles: ['*'], failoverTimeoutMs: 3_600_000, checkpoint: false, capabilities: [], labels: [] });
  const call = client.subscribe({ frameworkInfo, suppressedRoles: [] });
  call.on('data', (e: pb.Event) => events.push(e));
  call.on('error', () => undefined);
  running.push({ stop: () => call.cancel() });
  return events;
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const getJson = async (url: string) => (await (await fetch(url)).json()) as Json;

const redirectOf = async (url: string) => {
  const res = await fetch(url, { redirect: 'manual' });
  return { status: res.status, location: res.headers.get('location') };
};

beforeAll(async () => {
  zk = await startZooKeeper();
}, 60_000);

afterEach(async () => {
  for (const r of running.splice(0).reverse()) await r.stop();
});

afterAll(async () => {
  await zk?.stop();
});

describe('master HA over ZooKeeper', () => {
  it('elects exactly one master; the standby redirects HTTP to the leader and refuses gRPC naming it', async () => {
    const [a, b] = await pair();
    expect(a.master.ctx.gate.role).toBe('leading');
    expect(b.master.ctx.gate.role).toBe('standby');
    expect(b.master.ctx.gate.canAct()).toBe(false);

    expect(await redirectOf(`${b.http}/master/redirect`)).toEqual({ status: 307, location: a.http });
    expect(await redirectOf(`${a.http}/master/redirect`)).toEqual({ status: 307, location: a.http });
    expect(await redirectOf(`${b.http}/master/state?jsonp=x`)).toEqual({ status: 307, location: `${a.http}/master/state?jsonp=x` });
    expect(await redirectOf(`${b.http}/state.json`)).toEqual({ status: 307, location: `${a.http}/state.json` });
    expect(await getJson(`${b.http}/health`)).toMatchObject({ healthy: true, role: 'standby' });
    expect((await getJson(`${b.http}/metrics/snapshot`))['master/elected']).toBe(0);
    expect((await getJson(`${a.http}/metrics/snapshot`))['master/elected']).toBe(1);
    const state = await getJson(`${a.http}/master/state`);
    expect(state).toMatchObject({ leader: a.master.ctx.masterInfo.pid, leader_info: { id: a.master.ctx.masterInfo.id, port: Number(new URL(a.http).port) } });
    expect(typeof state.elected_time).toBe('number');

    const { scheduler, agentLink } = clients(b.grpcAddress);
    const refusal = await new Promise<grpc.ServiceError>((resolve, reject) =>
      scheduler.send({ frameworkId: 'f', streamId: 's', call: { $case: 'revive', value: { roles: [] } } }, (error) => (error ? resolve(error) : reject(new Error('accepted')))),
    );
    const hint = `this master is not the leader; the leader is ${a.grpcAddress}`;
    expect(refusal.code).toBe(grpc.status.UNAVAILABLE);
    expect(refusal.details).toBe(hint);
    expect(refusal.metadata.get(LEADER_METADATA_KEY)).toEqual([a.grpcAddress]);
    expect(refusal.metadata.get(GRPC_ERROR_CODE_KEY)).toEqual(['UNAVAILABLE']);

    const agent = connectAgent(agentLink, 'agent-1');
    await waitFor(() => agent.error(), { description: 'agent link refused' });
    expect(agent.received.map((m) => m.message)).toEqual([{ $case: 'refused', value: { message: hint } }]);
    expect(agent.error()!.code).toBe(grpc.status.UNAVAILABLE);
    expect(agent.error()!.metadata.get(LEADER_METADATA_KEY)).toEqual([a.grpcAddress]);
  }, 30_000);

  it('the next leader knows the agents and frameworks the first one registered', async () => {
    const [a, b] = await pair();
    const { scheduler, agentLink } = clients(a.grpcAddress);
    const agent = connectAgent(agentLink, 'agent-1');
    const events = subscribe(scheduler);
    const registered = await waitFor(() => agent.received.find((m) => m.message?.$case === 'registered')?.message);
    const subscribed = await waitFor(() => events.find((e) => e.event?.$case === 'subscribed')?.event);
    const agentId = registered.$case === 'registered' ? registered.value.agentId : '';
    const frameworkId = subscribed.$case === 'subscribed' ? subscribed.value.frameworkId : '';

    await a.master.stop();
    await waitFor(() => b.master.ctx.gate.canAct(), { description: 'the standby takes over', timeoutMs: 10_000 });
    expect(b.master.ctx.state.agents.get(agentId)).toMatchObject({ state: 'recovered', hostname: 'agent-1' });
    expect(b.master.ctx.state.frameworks.get(frameworkId)).toMatchObject({ state: 'inactive', info: { name: 'ha-fw' } });
    const state = await getJson(`${b.http}/master/state`);
    expect(state.leader_info.id).toBe(b.master.ctx.masterInfo.id);
    expect(a.exits).toEqual([]); // a deliberate stop withdraws; it does not exit
  }, 30_000);

  it('a standby rehearses a takeover on scratch masters, leaving the registry and its own state alone, and then takes over', async () => {
    const [a, b] = await pair(['--standby_rehearsal_agents=20']);
    const rehearsalMs = () => b.master.ctx.metrics.snapshot()['master/standby_rehearsal_ms'];
    await waitFor(() => rehearsalMs() !== undefined, { description: 'the standby rehearsed', timeoutMs: 20_000 });
    expect(rehearsalMs()).toBeGreaterThan(0);
    expect(a.master.ctx.metrics.snapshot()['master/standby_rehearsal_ms']).toBeUndefined(); // the first master led at once
    expect(b.master.ctx.gate.role).toBe('standby');
    expect([b.master.ctx.state.agents.size, b.master.ctx.state.tasks.size, b.master.ctx.state.frameworks.size]).toEqual([0, 0, 0]);

    const agent = connectAgent(clients(a.grpcAddress).agentLink, 'real-agent');
    await waitFor(() => agent.received.find((m) => m.message?.$case === 'registered'), { description: 'Registered' });
    await a.master.stop();
    await waitFor(() => b.master.ctx.gate.canAct(), { description: 'the standby takes over', timeoutMs: 10_000 });
    expect([...b.master.ctx.state.agents.values()].map((x) => x.hostname)).toEqual(['real-agent']);
    expect(b.master.ctx.state.frameworks.size).toBe(0);
    expect(b.exits).toEqual([]);
  }, 40_000);

  it('holds an agent registration while the leader cannot act yet, and admits it once it can (no refusal)', async () => {
    const [a] = await pair();
    a.lease.offset += 10_000; // the lease lapsed: the next round trip renews it
    expect(a.master.ctx.gate.role).toBe('leading');
    expect(a.master.ctx.gate.canAct()).toBe(false);
    const agent = connectAgent(clients(a.grpcAddress).agentLink, 'held-agent');
    const registered = await waitFor(() => agent.received.find((m) => m.message?.$case === 'registered'), { description: 'Registered after the hold' });
    expect(registered).toBeDefined();
    expect(agent.received.some((m) => m.message?.$case === 'refused')).toBe(false);
    expect(agent.error()).toBeUndefined();
  });

  it('holds a SUBSCRIBE while the leader cannot act yet, and answers SUBSCRIBED once it can (no refusal)', async () => {
    const [a] = await pair();
    a.lease.offset += 10_000; // the lease lapsed: the next round trip renews it
    expect(a.master.ctx.gate.canAct()).toBe(false);
    const events = subscribe(clients(a.grpcAddress).scheduler);
    const subscribed = await waitFor(() => events.find((e) => e.event?.$case === 'subscribed'), { description: 'SUBSCRIBED after the hold' });
    expect(subscribed.event?.$case).toBe('subscribed');
    expect(events.some((e) => e.event?.$case === 'error')).toBe(false);
  });

  it('a leader whose lease ran out does not allocate; a leader that loses its node stops and exits', async () => {
    const [a] = await pair();
    const { scheduler, agentLink } = clients(a.grpcAddress);
    connectAgent(agentLink, 'agent-1');
    const events = subscribe(scheduler);
    await waitFor(() => events.some((e) => e.event?.$case === 'offers'), { description: 'an offer' });
    const metrics = a.master.ctx.metrics;
    const runs = () => metrics.snapshot()['allocator/mesos/allocation_runs'] ?? 0;
    const skipped = () => metrics.snapshot()['allocator/mesos/allocation_runs_skipped'] ?? 0;

    // As after a freeze: the lease clock jumped past the lease with no round trip since.
    a.lease.offset += 10_000;
    expect(a.master.ctx.gate.canAct()).toBe(false);
    const [runsBefore, skippedBefore] = [runs(), skipped()];
    a.master.allocation.run();
    expect([runs(), skipped()]).toEqual([runsBefore, skippedBefore + 1]);
    await waitFor(() => a.master.ctx.gate.canAct(), { description: 'the lease renewed by a round trip' });

    const session = await ZkSession.connect({ servers: zk.connectString, sessionTimeoutMs: 2_000 });
    try {
      const path = a.master.ctx.config.zk!.path;
      const [node] = (await session.children(path)).filter((name) => name.startsWith('json.info_')).sort();
      await session.delete(`${path}/${node}`);
    } finally {
      session.close();
    }
    await waitFor(() => a.exits.length > 0, { description: 'exit after losing leadership' });
    expect(a.exits).toEqual([1]);
    expect(a.master.ctx.gate.role).toBe('lost');
    expect(a.master.ctx.gate.canAct()).toBe(false);
    const runsAfterLoss = runs();
    a.master.allocation.request();
    await new Promise((resolve) => setImmediate(resolve));
    expect(runs()).toBe(runsAfterLoss);
  }, 30_000);
});
