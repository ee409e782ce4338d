import { masterConfig, parseWeights } from './flags';

const argv = (...flags: string[]) => ['node', 'strato-master', ...flags];

describe('master flags', () => {
  it('has Mesos defaults', () => {
    const c = masterConfig(argv());
    expect(c).toMatchObject({ port: 5050, grpcPort: 5060, allocationIntervalMs: 1000, agentPingTimeoutMs: 15000, maxAgentPingTimeouts: 5, offerTimeoutMs: undefined });
    expect(c.minAllocatable.map((q) => q.toString())).toEqual(['cpus:0.01', 'mem:32']);
  });

  it('reads Mesos durations, weights and the offer timeout', () => {
    const c = masterConfig(argv('--allocation_interval=100ms', '--offer_timeout', '30secs', '--weights=web=2,batch=0.5', '--port=0'));
    expect(c).toMatchObject({ allocationIntervalMs: 100, offerTimeoutMs: 30000, port: 0 });
    expect([...c.roleWeights]).toEqual([['web', 2], ['batch', 0.5]]);
  });

  it('refuses bad values naming the flag', () => {
    expect(() => masterConfig(argv('--grpc_port=70000'))).toThrow(/invalid --grpc_port '70000'/);
    expect(() => masterConfig(argv('--max_agent_ping_timeouts=0'))).toThrow(/--max_agent_ping_timeouts/);
    expect(() => masterConfig(argv('--allocation_interval=soon'))).toThrow(/invalid --allocation_interval/);
    expect(() => parseWeights('web=0')).toThrow(/--weights: invalid entry 'web=0'/);
  });

  it('is standalone without --zk; reads the ZooKeeper URL and session timeout, refusing a bad URL', () => {
    expect(masterConfig(argv())).toMatchObject({ zk: undefined, zkSessionTimeoutMs: 10_000 });
    const c = masterConfig(argv('--zk=zk://10.0.0.1:2181,10.0.0.2:2181/strato/master', '--zk_session_timeout=4secs'));
    expect(c).toMatchObject({ zk: { servers: '10.0.0.1:2181,10.0.0.2:2181', path: '/strato/master' }, zkSessionTimeoutMs: 4000 });
    expect(() => masterConfig(argv('--zk=http://10.0.0.1:2181/m'))).toThrow(/--zk: invalid ZooKeeper URL 'http:\/\/10.0.0.1:2181\/m': it must start with 'zk:\/\/'/);
    expect(() => masterConfig(argv('--zk=zk://10.0.0.1/m'))).toThrow(/--zk: .*has no port/);
  });
});
