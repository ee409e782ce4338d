import type { MarathonApp } from '@strato/haproxy-config';
import { HostResolver } from './resolve';

const app = (hosts: string[]): MarathonApp => ({
  id: '/web', labels: {}, instances: hosts.length, servicePorts: [10000], healthChecks: [], ipPerTask: false, containerPorts: [],
  tasks: hosts.map((host, i) => ({ id: `t${i}`, appId: '/web', host, ports: [31000 + i], ipAddresses: [], state: 'TASK_RUNNING' })),
});

describe('HostResolver', () => {
  it('resolves each host once, keeps IPs as they are and drops tasks whose host does not resolve', async () => {
    const asked: string[] = [];
    const resolver = new HostResolver(10, async (host) => {
      asked.push(host);
      if (host === 'gone') throw new Error('ENOTFOUND');
      return '10.0.0.9';
    });
    const [resolved] = await resolver.resolveApps([app(['agent1', '10.1.1.1', 'agent1', 'gone'])]);
    expect(resolved.tasks.map((t) => `${t.id}@${t.host}`)).toEqual(['t0@10.0.0.9', 't1@10.1.1.1', 't2@10.0.0.9']);
    await resolver.resolveApps([app(['agent1'])]);
    expect(asked).toEqual(['agent1', 'gone']);
  });

  it('evicts the least recently used name beyond its capacity', async () => {
    const asked: string[] = [];
    const resolver = new HostResolver(2, async (host) => (asked.push(host), '10.0.0.1'));
    for (const host of ['a', 'b', 'a', 'c', 'a', 'b']) await resolver.resolve(host);
    expect(asked).toEqual(['a', 'b', 'c', 'b']);
  });
});
