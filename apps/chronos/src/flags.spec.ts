import { parseChronosFlags } from './flags';

describe('Chronos flags', () => {
  it('has Chronos defaults', () => {
    const c = parseChronosFlags(['node', 'strato-chronos', '--master', 'localhost:5060']);
    expect(c).toMatchObject({ master: 'localhost:5060', httpPort: 4400, frameworkName: 'chronos', taskCpus: 0.1, taskMem: 128, taskDisk: 256, user: 'root', failureRetryMs: 60_000, disableAfterFailures: 0, jobHistoryLimit: 5 });
    expect(c.failoverTimeoutMs).toBe(604_800_000);
    expect(c.failureWebhook).toBeUndefined();
  });

  it('refuses a webhook that is not an http(s) URL', () => {
    expect(() => parseChronosFlags(['node', 'x', '--master', 'h:1', '--failure_webhook', 'ftp://x'])).toThrow(/--failure_webhook/);
  });

  it('takes environment variables for flags', () => {
    process.env.STRATO_HTTP_PORT = '4500';
    try {
      expect(parseChronosFlags(['node', 'x', '--master', 'h:1']).httpPort).toBe(4500);
    } finally {
      delete process.env.STRATO_HTTP_PORT;
    }
  });

  it('runs standalone without --zk_hosts, highly available with it (Chronos defaults for the path and timeout)', () => {
    expect(parseChronosFlags(['node', 'x', '--master', 'h:1']).zk).toBeUndefined();
    const c = parseChronosFlags(['node', 'x', '--master', 'h:1', '--zk_hosts', 'zk1:2181,zk2:2181']);
    expect(c.zk).toEqual({ servers: 'zk1:2181,zk2:2181', path: '/chronos/state', sessionTimeoutMs: 10_000 });
    const custom = parseChronosFlags(['node', 'x', '--master', 'h:1', '--zk_hosts', 'zk1:2181', '--zk_path', '/prod/chronos/', '--zk_timeout', '4000']);
    expect(custom.zk).toEqual({ servers: 'zk1:2181', path: '/prod/chronos', sessionTimeoutMs: 4000 });
  });

  it('refuses bad ZooKeeper settings with the flag named', () => {
    expect(() => parseChronosFlags(['node', 'x', '--master', 'h:1', '--zk_hosts', 'zk1'])).toThrow(/--zk_hosts.*no port/);
    expect(() => parseChronosFlags(['node', 'x', '--master', 'h:1', '--zk_hosts', 'zk1:2181', '--zk_path', 'relative'])).toThrow(/--zk_path.*absolute/);
    expect(() => parseChronosFlags(['node', 'x', '--master', 'h:1', '--zk_hosts', 'zk1:2181', '--zk_path', '/'])).toThrow(/--zk_path/);
    expect(() => parseChronosFlags(['node', 'x', '--master', 'h:1', '--zk_hosts', 'zk1:2181', '--zk_timeout', '0'])).toThrow(/--zk_timeout/);
  });

  it('takes a zk:// master as given, once it parses', () => {
    expect(parseChronosFlags(['node', 'x', '--master', 'zk://zk1:2181,zk2:2181/mesos']).master).toBe('zk://zk1:2181,zk2:2181/mesos');
    expect(() => parseChronosFlags(['node', 'x', '--master', 'zk://zk1/mesos'])).toThrow(/--master.*no port/);
    expect(() => parseChronosFlags(['node', 'x', '--master', 'not an address'])).toThrow(/--master/);
  });
});
