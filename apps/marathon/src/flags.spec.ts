import { parseMarathonFlags, toMarathonConfig } from './flags';

describe('marathon flags', () => {
  it('has Marathon defaults', () => {
    expect(toMarathonConfig({ master: 'm:5060' })).toMatchObject({
      httpPort: 8080, frameworkName: 'marathon', mesosRole: '*', failoverTimeoutMs: 604_800_000,
      localPortMin: 10000, localPortMax: 20000, declineOfferDurationMs: 120000, zkMaxVersions: 50, hostname: '127.0.0.1',
    });
  });

  it('has Marathon defaults for kill retries, launch timeout and revive interval, and reads them (ms)', () => {
    expect(toMarathonConfig({ master: 'm:5060' })).toMatchObject({ killChunkSize: 100, killRetryTimeoutMs: 30_000, taskLaunchTimeoutMs: 300_000, minReviveOffersIntervalMs: 5000 });
    expect(
      toMarathonConfig({ master: 'm:5060', kill_chunk_size: '10', kill_retry_timeout: '1000', task_launch_timeout: '60000', min_revive_offers_interval: '100' }),
    ).toMatchObject({ killChunkSize: 10, killRetryTimeoutMs: 1000, taskLaunchTimeoutMs: 60_000, minReviveOffersIntervalMs: 100 });
    expect(toMarathonConfig({ master: 'm:5060', min_revive_offers_interval: '0' }).minReviveOffersIntervalMs).toBe(0);
    expect(() => toMarathonConfig({ master: 'm:1', kill_retry_timeout: '0' })).toThrow(/--kill_retry_timeout/);
    expect(() => toMarathonConfig({ master: 'm:1', kill_chunk_size: '0' })).toThrow(/--kill_chunk_size/);
    expect(() => toMarathonConfig({ master: 'm:1', task_launch_timeout: 'soon' })).toThrow(/--task_launch_timeout/);
    expect(() => toMarathonConfig({ master: 'm:1', min_revive_offers_interval: '-1' })).toThrow(/--min_revive_offers_interval/);
  });

  it('takes them from the command line or STRATO_<FLAG>', () => {
    const saved = process.env.STRATO_KILL_RETRY_TIMEOUT;
    process.env.STRATO_KILL_RETRY_TIMEOUT = '2000';
    try {
      const config = parseMarathonFlags(['node', 'marathon', '--master=m:5060', '--task_launch_timeout=1000', '--min_revive_offers_interval', '50']);
      expect(config).toMatchObject({ killRetryTimeoutMs: 2000, taskLaunchTimeoutMs: 1000, minReviveOffersIntervalMs: 50 });
    } finally {
      if (saved === undefined) delete process.env.STRATO_KILL_RETRY_TIMEOUT;
      else process.env.STRATO_KILL_RETRY_TIMEOUT = saved;
    }
  });

  it('refuses bad values naming the flag', () => {
    expect(() => toMarathonConfig({})).toThrow('--master is required');
    expect(() => toMarathonConfig({ master: 'm:1', http_port: 'x' })).toThrow(/invalid --http_port 'x'/);
    expect(() => toMarathonConfig({ master: 'm:1', local_port_min: '3000', local_port_max: '2000' })).toThrow(/--local_port_max/);
  });

  it('runs standalone without --zk, and reads --zk and --zk_session_timeout (ms, or a duration) for HA', () => {
    expect(toMarathonConfig({ master: 'm:5060' })).toMatchObject({ zk: undefined, zkSessionTimeoutMs: 10_000 });
    expect(toMarathonConfig({ master: 'm:5060', zk: 'zk://z1:2181,z2:2181/marathon', zk_session_timeout: '2000' })).toMatchObject({
      zk: { servers: 'z1:2181,z2:2181', path: '/marathon', url: 'zk://z1:2181,z2:2181/marathon' },
      zkSessionTimeoutMs: 2000,
    });
    expect(toMarathonConfig({ master: 'm:5060', zk_session_timeout: '15secs' }).zkSessionTimeoutMs).toBe(15_000);
    expect(() => toMarathonConfig({ master: 'm:1', zk: 'http://z1:2181/marathon' })).toThrow(/invalid --zk: .*zk:\/\//);
    expect(() => toMarathonConfig({ master: 'm:1', zk: 'zk://user:pw@z1:2181/marathon' })).toThrow(/invalid --zk: .*credentials/);
    expect(() => toMarathonConfig({ master: 'm:1', zk: 'zk://z1:2181' })).toThrow(/invalid --zk .*path below \//);
    expect(() => toMarathonConfig({ master: 'm:1', zk_session_timeout: '0' })).toThrow(/--zk_session_timeout/);
  });

  it('takes a zk:// --master as it is (the driver follows the leading master) and validates it', () => {
    expect(toMarathonConfig({ master: 'zk://z1:2181,z2:2181/mesos' }).master).toBe('zk://z1:2181,z2:2181/mesos');
    expect(() => toMarathonConfig({ master: 'zk://z1/mesos' })).toThrow(/invalid --master: .*has no port/);
    expect(() => toMarathonConfig({ master: 'nonsense' })).toThrow(/invalid --master/);
  });
});
