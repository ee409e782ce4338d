import { Metrics, parseDuration, parseFlags, parseHostPort, flag, formatDuration, envName } from './index';

describe('parseDuration', () => {
  it.each([
    ['15secs', 15000], ['1mins', 60000], ['100ms', 100], ['2hrs', 7200000], ['5', 5000], ['0.5s', 500],
  ])('%s -> %d ms', (text, ms) => expect(parseDuration(text)).toBe(ms));

  it('rejects nonsense with a clear message', () => {
    expect(() => parseDuration('fast')).toThrow(/invalid duration 'fast'/);
    expect(() => parseDuration('3parsecs')).toThrow(/unknown unit 'parsecs'/);
  });

  it('formats round values', () => {
    expect(formatDuration(15000)).toBe('15secs');
    expect(formatDuration(120000)).toBe('2mins');
    expect(formatDuration(150)).toBe('150ms');
  });
});

describe('parseFlags', () => {
  const specs = [flag('port', 'port', '5050'), flag('work_dir', 'dir'), flag('ip', 'ip', '127.0.0.1')];

  it('reads --flag=value and --flag value, with defaults', () => {
    const opts = parseFlags('x', 'test', specs, ['node', 'x', '--port=6060', '--work_dir', '/tmp/w']);
    expect(opts).toMatchObject({ port: '6060', work_dir: '/tmp/w', ip: '127.0.0.1' });
  });

  it('falls back to STRATO_<FLAG> environment variables', () => {
    process.env.STRATO_WORK_DIR = '/from/env';
    try {
      expect(parseFlags('x', 'test', specs, ['node', 'x']).work_dir).toBe('/from/env');
    } finally {
      delete process.env.STRATO_WORK_DIR;
    }
  });

  it('keeps kebab-case names, joins repeated flags and maps `-` to `_` in environment names', () => {
    const kebab = [flag('haproxy-config', 'cfg'), { ...flag('group', 'groups'), repeatable: true }, { ...flag('dry', 'dry'), boolean: true }];
    const opts = parseFlags('x', 'test', kebab, ['node', 'x', '--haproxy-config', '/a.cfg', '--group', 'a', '--group', 'b,c', '--dry']);
    expect(opts).toEqual({ 'haproxy-config': '/a.cfg', group: 'a,b,c', dry: true });
    expect(envName('max-backoff')).toBe('STRATO_MAX_BACKOFF');
    process.env.STRATO_HAPROXY_CONFIG = '/env.cfg';
    try {
      expect(parseFlags('x', 'test', kebab, ['node', 'x'])['haproxy-config']).toBe('/env.cfg');
    } finally {
      delete process.env.STRATO_HAPROXY_CONFIG;
    }
  });
});

describe('Metrics', () => {
  it('snapshots counters, values and gauges in name order', () => {
    const m = new Metrics();
    let g = 1;
    m.increment('master/b');
    m.increment('master/b', 2);
    m.set('master/a', 7);
    m.gauge('master/c', () => g);
    g = 5;
    expect(m.snapshot()).toEqual({ 'master/a': 7, 'master/b': 3, 'master/c': 5 });
    expect(m.prometheus()).toContain('strato_master_b 3');
  });
});

describe('parseHostPort', () => {
  it('parses host:port forms', () => {
    expect(parseHostPort('127.0.0.1:5050')).toEqual({ host: '127.0.0.1', port: 5050 });
    expect(parseHostPort('http://localhost:6000/')).toEqual({ host: 'localhost', port: 6000 });
    expect(parseHostPort('[::1]:7')).toEqual({ host: '::1', port: 7 });
    expect(parseHostPort('master', 5050)).toEqual({ host: 'master', port: 5050 });
    expect(() => parseHostPort('a:b:c')).toThrow(/invalid address/);
  });
});

describe('FlagValues', () => {
  const { FlagValues } = jest.requireActual('./flag-values') as typeof import('./flag-values');
  const f = new FlagValues({ port: '99999', n: '2.5', d: '0secs', m: ' host:1 ', empty: '  ' });

  it('reads typed values with fallbacks', () => {
    expect(f.port('other', '5050')).toBe(5050);
    expect(f.number('n', '1')).toBe(2.5);
    expect(f.duration('x', '15secs')).toBe(15000);
    expect(f.hostPort('m')).toBe('host:1');
    expect(f.text('empty')).toBeUndefined();
  });

  it('names the flag in every error', () => {
    expect(() => f.port('port', '1')).toThrow("invalid --port '99999': expected an integer from 0 to 65535");
    expect(() => f.duration('d', '1secs', true)).toThrow("invalid --d '0secs': must be greater than 0");
    expect(() => f.required('missing', 'host:port')).toThrow('--missing is required (host:port)');
    expect(() => f.integer('n', '1', 1)).toThrow(/invalid --n '2.5'/);
  });
});
