import { configToFlags, toAgentConfig } from './flags';

describe('toAgentConfig', () => {
  it('applies Mesos defaults and converts durations', () => {
    const c = toAgentConfig({ master: '127.0.0.1:5055' });
    expect(c).toMatchObject({
      master: '127.0.0.1:5055',
      zkSessionTimeoutMs: 10_000,
      ip: '127.0.0.1',
      port: 5051,
      hostname: '127.0.0.1',
      workDir: '/tmp/strato/agent',
      defaultRole: '*',
      registrationBackoffFactorMs: 1000,
      defaultKillGracePeriodMs: 3000,
      statusUpdateRetryIntervalMinMs: 10_000,
      fetcherCacheDir: '/tmp/strato/agent/fetcher_cache',
      fetcherStallTimeoutMs: 60_000,
      logLevel: 'info',
    });
  });

  it('puts the fetcher cache under the work dir unless given', () => {
    expect(toAgentConfig({ master: 'm:1', work_dir: '/w' }).fetcherCacheDir).toBe('/w/fetcher_cache');
    expect(toAgentConfig({ master: 'm:1', work_dir: '/w', fetcher_cache_dir: '/c' }).fetcherCacheDir).toBe('/c');
    expect(toAgentConfig({ master: 'm:1', fetcher_stall_timeout: '5secs' }).fetcherStallTimeoutMs).toBe(5000);
    expect(() => toAgentConfig({ master: 'm:1', fetcher_stall_timeout: '0secs' })).toThrow(/fetcher_stall_timeout/);
  });

  it('takes a zk:// master (the masters\' --zk) as given, with its session timeout', () => {
    const c = toAgentConfig({ master: 'zk://zk1:2181,zk2:2181/strato/master', zk_session_timeout: '3secs' });
    expect(c).toMatchObject({ master: 'zk://zk1:2181,zk2:2181/strato/master', zkSessionTimeoutMs: 3000 });
    expect(configToFlags(c)).toMatchObject({ master: 'zk://zk1:2181,zk2:2181/strato/master', zk_session_timeout: '3secs' });
    expect(() => toAgentConfig({ master: 'zk://zk1/strato' })).toThrow(/invalid --master: .*has no port/);
    expect(() => toAgentConfig({ master: 'zk://u:p@zk1:2181/strato' })).toThrow(/--master/);
    expect(() => toAgentConfig({ master: 'm:1', zk_session_timeout: '0secs' })).toThrow(/zk_session_timeout/);
  });

  it('uses the host name when binding to 0.0.0.0', () => {
    expect(toAgentConfig({ master: 'm:1', ip: '0.0.0.0' }).hostname).not.toBe('0.0.0.0');
    expect(toAgentConfig({ master: 'm:1', ip: '0.0.0.0', hostname: 'node7' }).hostname).toBe('node7');
  });

  it('rejects bad values with the flag name', () => {
    expect(() => toAgentConfig({})).toThrow(/--master is required/);
    expect(() => toAgentConfig({ master: 'nope' })).toThrow(/--master/);
    expect(() => toAgentConfig({ master: 'm:1', port: '99999' })).toThrow(/--port/);
    expect(() => toAgentConfig({ master: 'm:1', default_kill_grace_period: '3 parsecs' })).toThrow(/default_kill_grace_period/);
    expect(() => toAgentConfig({ master: 'm:1', status_update_retry_interval_min: '0secs' })).toThrow(/greater than 0/);
    expect(() => toAgentConfig({ master: 'm:1', log_level: 'loud' })).toThrow(/log_level/);
  });
});
