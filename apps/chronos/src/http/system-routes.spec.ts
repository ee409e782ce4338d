import { FakeApi } from './testing/fake-api';
import { startServer, type Server } from './testing/harness';

let server: Server;
let api: FakeApi;

beforeEach(async () => {
  api = new FakeApi();
  server = await startServer(api);
});

afterEach(async () => {
  expect(server.errors).toEqual([]);
  await server.close();
});

describe('system routes', () => {
  it('GET /ping answers pong', async () => {
    const res = await server.call('GET', '/ping');
    expect([res.status, res.text]).toEqual([200, 'pong']);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
  });

  it('GET /leader answers the leader, or 404 without one', async () => {
    expect(await server.call('GET', '/leader')).toMatchObject({ status: 200, body: { leader: 'chronos-1:4400' } });
    server.leader = undefined;
    expect(await server.call('GET', '/leader')).toMatchObject({ status: 404, body: { message: 'There is no leader', status: 'Not Found' } });
  });

  it('GET /health answers ok with the framework id', async () => {
    expect(await server.call('GET', '/health')).toMatchObject({ status: 200, body: { status: 'ok', frameworkId: 'fw-1' } });
    server.frameworkId = undefined;
    expect(await server.call('GET', '/health')).toMatchObject({ status: 200, body: { status: 'ok', frameworkId: null } });
  });

  it('GET /metrics answers Dropwizard JSON with Chronos gauges and per-job counters', async () => {
    api.statsValue = {
      jobs: 3,
      queued: 2,
      highQueued: 1,
      running: 4,
      launched: 10,
      succeeded: 7,
      failed: 2,
      perJob: new Map([
        ['sleep', { success: 5, failure: 1 }],
        ['fast', { success: 2, failure: 1 }],
      ]),
    };
    server.metrics.increment('offers/declined', 3);
    const res = await server.call('GET', '/metrics');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      version: '4.0.0',
      gauges: {
        'offers/declined': { value: 3 },
        'org.apache.mesos.chronos.scheduler.jobs.TaskManager.queueSize': { value: 2 },
        'org.apache.mesos.chronos.scheduler.jobs.TaskManager.highQueueSize': { value: 1 },
        'jobs.count': { value: 3 },
        'jobs.running': { value: 4 },
      },
      counters: {
        'jobs.launched': { count: 10 },
        'jobs.run.success': { count: 7 },
        'jobs.run.failure': { count: 2 },
        'jobs.run.success.fast': { count: 2 },
        'jobs.run.failure.fast': { count: 1 },
        'jobs.run.success.sleep': { count: 5 },
        'jobs.run.failure.sleep': { count: 1 },
      },
      histograms: {},
      meters: {},
      timers: {},
    });
  });

  it('GET /metrics/prometheus answers the text format with the chronos prefix', async () => {
    server.metrics.increment('offers/declined', 3);
    const res = await server.call('GET', '/metrics/prometheus');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(res.text).toBe('chronos_offers_declined 3\n');
  });

  it('system routes have no scheduler prefix', async () => {
    expect((await server.call('GET', '/scheduler/ping')).status).toBe(404);
  });
});
