import { parseLbFlags } from './flags';

describe('lb flags', () => {
  it("has marathon-lb's defaults and ours", () => {
    const c = parseLbFlags(['node', 'strato-lb', '--group', 'external']);
    expect(c).toMatchObject({
      marathons: ['http://master.mesos:8080'], groups: ['external'], healthCheck: false, strictMode: false, bindHttpHttps: true,
      sslCerts: [], maxBackoffMs: 300_000, lruCacheCapacity: 1000, skipValidation: false, dry: false, port: 9095,
      workDir: '/tmp/strato/lb', haproxyConfig: '/tmp/strato/lb/haproxy.cfg', haproxyBin: '/usr/sbin/haproxy',
      resyncIntervalMs: 300_000, debounceMs: 100, debounceMaxMs: 1000, minReloadIntervalMs: 1000,
      httpFrontendPort: 80, httpsFrontendPort: 443, statsPort: 9090,
    });
    expect(c.templatesDir).toBe(`${process.cwd()}/templates`);
  });

  it('takes repeated and comma-separated lists, booleans and durations', () => {
    const c = parseLbFlags([
      'node', 'x', '--marathon', 'http://a:8080/,http://b:8080', '--marathon', 'http://c:8080', '--group', 'external',
      '--group', 'internal,*', '--health-check', '--strict-mode', '--dont-bind-http-https', '--ssl-certs', '/a.pem, /b.pem',
      '--max-backoff', '30', '--debounce', '50ms', '--work-dir', '/w', '--sse',
    ]);
    expect(c.marathons).toEqual(['http://a:8080', 'http://b:8080', 'http://c:8080']);
    expect(c.groups).toEqual(['external', 'internal', '*']);
    expect(c).toMatchObject({ healthCheck: true, strictMode: true, bindHttpHttps: false, maxBackoffMs: 30_000, debounceMs: 50 });
    expect(c.sslCerts).toEqual(['/a.pem', '/b.pem']);
    expect(c.haproxyConfig).toBe('/w/haproxy.cfg');
  });

  it('refuses a missing group, a bad URL and a max debounce below the debounce', () => {
    expect(() => parseLbFlags(['node', 'x', '--group', ' , '])).toThrow(/--group is required/);
    expect(() => parseLbFlags(['node', 'x', '--group', 'g', '--marathon', 'ftp://m'])).toThrow(/--marathon/);
    expect(() => parseLbFlags(['node', 'x', '--group', 'g', '--debounce', '2secs'])).toThrow(/--debounce-max/);
  });

  it('reads STRATO_<FLAG> environment variables with - as _', () => {
    process.env.STRATO_MIN_RELOAD_INTERVAL = '5secs';
    process.env.STRATO_GROUP = 'from-env';
    try {
      const c = parseLbFlags(['node', 'x']);
      expect(c.minReloadIntervalMs).toBe(5000);
      expect(c.groups).toEqual(['from-env']);
    } finally {
      delete process.env.STRATO_MIN_RELOAD_INTERVAL;
      delete process.env.STRATO_GROUP;
    }
  });
});
