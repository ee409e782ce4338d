import { StratoError } from '@strato/errors';
import { request } from 'node:http';
import { FakeApi } from './testing/fake-api';
import { startServer, type Server } from './testing/harness';

const PREFIXES = ['/scheduler', '/v1/scheduler'];

let server: Server;
let api: FakeApi;

beforeEach(async () => {
  api = new FakeApi();
  api.addJob({ name: 'sleep', command: 'sleep 1', schedule: 'R/2024-01-01T00:00:00Z/PT1H' });
  server = await startServer(api);
});

afterEach(async () => {
  await server.close();
});

/** A request with exactly these headers (fetch always adds a content type to string bodies). */
function raw(method: string, path: string, headers: Record<string, string>, body = ''): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = request(`${server.base}${path}`, { method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe.each(PREFIXES)('400 answers under %s', (p) => {
  it('malformed JSON', async () => {
    const res = await server.call('POST', `${p}/iso8601`, '{"name": "x",');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ message: expect.stringMatching(/^Invalid JSON: /), status: 'Bad Request' });
    expect(res.text).not.toMatch(/\bat .*\(.*:\d+:\d+\)/);
  });

  it('malformed JSON without content type', async () => {
    const res = await server.call('PUT', `${p}/dependency`, undefined, { body: new TextEncoder().encode('{nope') });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ message: expect.stringMatching(/^Invalid JSON: /), status: 'Bad Request' });
  });

  it('a body that is not JSON', async () => {
    const res = await server.call('POST', `${p}/iso8601`, undefined, { body: 'name=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      message: "Unsupported Content-Type 'application/x-www-form-urlencoded': send the job definition as JSON (Content-Type: application/json)",
      status: 'Bad Request',
    });
  });

  it.each([
    ['an empty JSON body', { 'content-type': 'application/json', 'content-length': '0' }],
    ['no body at all', {}],
  ])('%s', async (_what, headers) => {
    const res = await raw('POST', `${p}/iso8601`, headers);
    expect(res).toEqual({ status: 400, body: { message: 'Request body is empty: send the job definition as JSON', status: 'Bad Request' } });
    expect(api.calls).toEqual([]);
  });

  it('a JSON body that is not a job', async () => {
    const res = await server.call('POST', `${p}/iso8601`, [1, 2]);
    expect(res).toMatchObject({ status: 400, body: { message: 'Job must be a JSON object with a name', status: 'Bad Request' } });
  });

  it('an unknown stats percentile', async () => {
    const res = await server.call('GET', `${p}/stats/50thPercentile`);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      message: "Unknown percentile '50thPercentile': expected one of 99thPercentile, 98thPercentile, 95thPercentile, 75thPercentile, median, mean",
      status: 'Bad Request',
    });
  });

  it.each(['offset=-1', 'offset=x', 'offset=1.5', 'limit=1001', 'limit=', 'limit=1e3'])('bad runs paging %s', async (query) => {
    const res = await server.call('GET', `${p}/job/sleep/runs?${query}`);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ message: expect.stringMatching(/^Query parameter '(offset|limit)' must be an integer between 0 and /), status: 'Bad Request' });
  });
});

describe.each(PREFIXES)('404 for an unknown job under %s', (p) => {
  it.each([
    ['GET', '/job/ghost'],
    ['PUT', '/job/ghost'],
    ['DELETE', '/job/ghost'],
    ['DELETE', '/task/kill/ghost'],
    ['PUT', '/job/success/ghost'],
    ['GET', '/job/stat/ghost'],
    ['GET', '/job/ghost/runs'],
  ])('%s %s', async (method, path) => {
    const res = await server.call(method, `${p}${path}`);
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ message: "Job 'ghost' not found", status: 'Not Found' });
  });
});

describe('other errors', () => {
  it('413 for a body over 1 MB', async () => {
    const res = await server.call('POST', '/scheduler/iso8601', { name: 'big', command: 'x'.repeat(1024 * 1024), schedule: 'R/2024-01-01T00:00:00Z/PT1H' });
    expect(res).toMatchObject({ status: 413, body: { message: 'Request entity too large', status: 'Payload Too Large' } });
    expect(api.calls).toEqual([]);
  });

  it('404 for an unknown path', async () => {
    const res = await server.call('GET', '/v1/scheduler/nope');
    expect(res).toMatchObject({ status: 404, body: { message: 'No route for GET /v1/scheduler/nope', status: 'Not Found' } });
  });

  it('503 for UNAVAILABLE, without logging', async () => {
    api.failWith = new StratoError('UNAVAILABLE', 'not the leader');
    const res = await server.call('GET', '/scheduler/jobs');
    expect(res).toMatchObject({ status: 503, body: { message: 'not the leader', status: 'Service Unavailable' } });
    expect(server.errors).toEqual([]);
  });

  it('500 for anything unexpected: logged, message only, no stack', async () => {
    const boom = new Error('disk on fire');
    api.failWith = boom;
    const res = await server.call('GET', '/scheduler/jobs');
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ message: 'disk on fire', status: 'Internal Server Error' });
    expect(server.errors).toEqual([boom]);
    server.errors.length = 0;
  });
});

describe('CORS', () => {
  it.each([
    ['a 200', 'GET', '/scheduler/jobs', undefined, 200],
    ['a 204', 'DELETE', '/scheduler/jobs', undefined, 204],
    ['a 400 from the JSON parser', 'POST', '/scheduler/iso8601', '{bad', 400],
    ['a 400 from a route', 'GET', '/scheduler/stats/nope', undefined, 400],
    ['a 404 of a job', 'GET', '/v1/scheduler/job/ghost', undefined, 404],
    ['a 404 of a path', 'GET', '/nope', undefined, 404],
  ])('allows any origin on %s', async (_what, method, path, body, status) => {
    const res = await server.call(method, path, body);
    expect(res.status).toBe(status);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('answers a preflight with 204 and the allowed methods and headers', async () => {
    const res = await server.call('OPTIONS', '/v1/scheduler/iso8601', undefined, {
      headers: { origin: 'http://ui.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-methods')).toBe('GET, POST, PUT, DELETE, OPTIONS');
    expect(res.headers.get('access-control-allow-headers')).toBe('content-type');
    expect(api.calls).toEqual([]);
  });

  it('offers default headers when the preflight names none', async () => {
    const res = await server.call('OPTIONS', '/scheduler/jobs');
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-headers')).toBe('Content-Type, Accept, Authorization');
  });
});

afterEach(() => {
  expect(server.errors).toEqual([]);
});
