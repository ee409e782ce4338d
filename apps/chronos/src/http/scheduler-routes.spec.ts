import { FakeApi, run } from './testing/fake-api';
import { NOW, startServer, type Server } from './testing/harness';

const PREFIXES = ['/scheduler', '/v1/scheduler'];
const SLEEP = { name: 'sleep', command: 'sleep 1', schedule: 'R/2024-01-01T00:00:00Z/PT1H' };
const CHILD = { name: 'child', command: 'echo', parents: ['sleep'] };

let server: Server;
let api: FakeApi;

beforeEach(async () => {
  api = new FakeApi();
  api.addJob(SLEEP, [run('sleep', NOW - 60_000, 10_000), run('sleep', NOW - 120_000, 30_000, 'failure')]);
  api.addJob({ name: 'fast', command: 'true', schedule: 'R/2024-01-01T00:00:00Z/PT1M' }, [run('fast', NOW - 5_000, 2_000)]);
  api.addJob({ name: 'never', command: 'true', schedule: 'R0/2024-01-01T00:00:00Z/PT1M' });
  server = await startServer(api);
});

afterEach(async () => {
  expect(server.errors).toEqual([]);
  await server.close();
});

describe.each(PREFIXES)('writes under %s', (p) => {
  it.each(['POST', 'PUT'])('%s /iso8601 and /dependency upsert and answer 204 with no body', async (method) => {
    const a = await server.call(method, `${p}/iso8601`, SLEEP);
    const b = await server.call(method, `${p}/dependency`, CHILD);
    expect([a.status, a.text, b.status, b.text]).toEqual([204, '', 204, '']);
    expect(api.calls).toEqual([
      { op: 'upsert', kind: 'iso8601', body: SLEEP },
      { op: 'upsert', kind: 'dependency', body: CHILD },
    ]);
  });

  it('reads a body without content type as JSON (curl without -H)', async () => {
    const res = await server.call('POST', `${p}/iso8601`, undefined, { body: new TextEncoder().encode(JSON.stringify(SLEEP)) });
    expect(res.status).toBe(204);
    expect(api.calls).toEqual([{ op: 'upsert', kind: 'iso8601', body: SLEEP }]);
  });

  it("answers the core's validation errors with 400 {message, status}", async () => {
    const res = await server.call('POST', `${p}/dependency`, { ...CHILD, parents: [] });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ message: 'Dependent job must have at least one parent', status: 'Bad Request' });
  });

  it('PUT /job/:name runs now with the first arguments value', async () => {
    const res = await server.call('PUT', `${p}/job/sleep?arguments=-v%20x&arguments=other`);
    const plain = await server.call('PUT', `${p}/job/sleep`);
    expect([res.status, res.text, plain.status]).toEqual([204, '', 204]);
    expect(api.calls).toEqual([
      { op: 'runNow', name: 'sleep', args: '-v x' },
      { op: 'runNow', name: 'sleep', args: undefined },
    ]);
  });

  it('DELETE /job/:name, DELETE /task/kill/:name and DELETE /jobs answer 204', async () => {
    const kill = await server.call('DELETE', `${p}/task/kill/sleep`);
    const del = await server.call('DELETE', `${p}/job/sleep`);
    const all = await server.call('DELETE', `${p}/jobs`);
    expect([kill.status, del.status, all.status]).toEqual([204, 204, 204]);
    expect([kill.text, del.text, all.text]).toEqual(['', '', '']);
    expect(api.calls).toEqual([{ op: 'killTasks', name: 'sleep' }, { op: 'deleteJob', name: 'sleep' }, { op: 'deleteAll' }]);
  });

  it('PUT /job/success/:name answers 200 text', async () => {
    const res = await server.call('PUT', `${p}/job/success/sleep`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(res.text).toBe('marked job sleep as successful: true');
    expect(api.calls).toEqual([{ op: 'markSuccess', name: 'sleep' }]);
  });

  it('decodes job names in paths', async () => {
    api.addJob({ name: 'my job', command: 'true', schedule: 'R/2024-01-01T00:00:00Z/PT1M' });
    const res = await server.call('PUT', `${p}/job/my%20job`);
    expect(res.status).toBe(204);
    expect(api.calls).toEqual([{ op: 'runNow', name: 'my job', args: undefined }]);
  });
});

describe.each(PREFIXES)('reads under %s', (p) => {
  it('GET /jobs lists every job', async () => {
    const res = await server.call('GET', `${p}/jobs`);
    expect(res.status).toBe(200);
    expect((res.body as Array<{ name: string }>).map((j) => j.name)).toEqual(['fast', 'never', 'sleep']);
  });

  it('GET /jobs/summary wraps the summary in {jobs}', async () => {
    const res = await server.call('GET', `${p}/jobs/summary`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ jobs: api.summary() });
  });

  it('GET /jobs/search passes the first value of each given parameter', async () => {
    const res = await server.call('GET', `${p}/jobs/search?name=SLE&name=x&limit=5&offset=0`);
    expect(res.status).toBe(200);
    expect((res.body as Array<{ name: string }>).map((j) => j.name)).toEqual(['sleep']);
    expect(api.calls).toEqual([{ op: 'search', query: { name: 'SLE', limit: '5', offset: '0' } }]);
  });

  it('GET /job/:name answers the job', async () => {
    const res = await server.call('GET', `${p}/job/sleep`);
    expect([res.status, res.body]).toEqual([200, SLEEP]);
  });

  it('GET /job/stat/:name answers the histogram and task history', async () => {
    const res = await server.call('GET', `${p}/job/stat/sleep`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      histogram: { '75thPercentile': 10_000, '95thPercentile': 10_000, '98thPercentile': 10_000, '99thPercentile': 10_000, median: 10_000, mean: 10_000, count: 1 },
      taskStatHistory: [
        { taskId: `ct:${NOW - 60_000}:0:sleep:`, jobName: 'sleep', slaveId: 'agent-1', startTime: '05/01/24 11:59:01', endTime: '05/01/24 11:59:10', duration: '9s', status: 'success' },
        { taskId: `ct:${NOW - 120_000}:0:sleep:`, jobName: 'sleep', slaveId: 'agent-1', startTime: '05/01/24 11:58:01', endTime: '05/01/24 11:58:30', duration: '29s', status: 'fail' },
      ],
    });
  });

  it('GET /job/stat/:name of a job without runs is all zeros', async () => {
    const res = await server.call('GET', `${p}/job/stat/never`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      histogram: { '75thPercentile': 0, '95thPercentile': 0, '98thPercentile': 0, '99thPercentile': 0, median: 0, mean: 0, count: 0 },
      taskStatHistory: [],
    });
  });

  it('GET /job/:name/runs pages the history (defaults 0 and 50)', async () => {
    const res = await server.call('GET', `${p}/job/sleep/runs?offset=1&limit=1`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ jobName: 'sleep', total: 2, offset: 1, limit: 1, active: [] });
    expect((res.body as { runs: unknown[] }).runs).toHaveLength(1);
    await server.call('GET', `${p}/job/sleep/runs`);
    await server.call('GET', `${p}/job/sleep/runs?limit=1000`);
    expect(api.calls.map((c) => c.op === 'runs' && [c.offset, c.limit])).toEqual([[1, 1], [0, 50], [0, 1000]]);
  });

  it('GET /graph/dot and /graph/csv answer text/plain', async () => {
    const dot = await server.call('GET', `${p}/graph/dot`);
    const csv = await server.call('GET', `${p}/graph/csv`);
    expect([dot.status, csv.status]).toEqual([200, 200]);
    expect(dot.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(csv.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(dot.text).toBe(api.graphDot());
    expect(csv.text).toBe('node,fast,fresh,idle\nnode,never,fresh,idle\nnode,sleep,fresh,idle\n');
  });

  it.each([
    ['mean', [['sleep', 10], ['fast', 2], ['never', 0]]],
    ['median', [['sleep', 10], ['fast', 2], ['never', 0]]],
    ['99thPercentile', [['sleep', 10], ['fast', 2], ['never', 0]]],
    ['75thPercentile', [['sleep', 10], ['fast', 2], ['never', 0]]],
  ])('GET /stats/%s lists every job in seconds, slowest first', async (percentile, rows) => {
    const res = await server.call('GET', `${p}/stats/${percentile}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(rows.map(([jobNameLabel, time]) => ({ jobNameLabel, time })));
  });
});
