import { toMarathonConfig } from './flags';

describe('marathon flags', () => {
  it('has Marathon defaults', () => {
    expect(toMarathonConfig({ master: 'm:5060' })).toMatchObject({
      httpPort: 8080, frameworkName: 'marathon', mesosRole: '*', failoverTimeoutMs: 604_800_000,
      localPortMin: 10000, localPortMax: 20000, declineOfferDurationMs: 120000, zkMaxVersions: 50, hostname: '127.0.0.1',
    });
  });

  it('refuses bad values naming the flag', () => {
    expect(() => toMarathonConfig({})).toThrow('--master is required');
    expect(() => toMarathonConfig({ master: 'm:1', http_port: 'x' })).toThrow(/invalid --http_port 'x'/);
    expect(() => toMarathonConfig({ master: 'm:1', local_port_min: '3000', local_port_max: '2000' })).toThrow(/--local_port_max/);
  });
});
